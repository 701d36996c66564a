import type { JobKind } from '../core/ports.js';
import type { JobRun, StoryLoop } from '../core/loop.js';

/**
 * The longest a step may run before it is abandoned and retried. Each call inside has its own
 * shorter timeout; this is the backstop that keeps a lane (and its lease) from being held forever
 * by a call that never ends.
 */
export const STEP_DEADLINE_MS: Record<JobKind, number> = {
  write: 15 * 60_000,
  render: 60 * 60_000,
  publish: 60_000,
  deliver: 10 * 60_000,
  announce: 10 * 60_000,
  recap: 60 * 60_000,
  'recap-post': 10 * 60_000,
  export: 60 * 60_000,
};

/** The step was stopped because the process is shutting down: it is retried, and the attempt does not count. */
export class StepAbandonedError extends Error {
  constructor() {
    super('the process is shutting down');
    this.name = 'StepAbandonedError';
  }
}

/**
 * Runs one step with an abort signal that fires at its deadline or when `stop` fires; either way
 * the returned promise settles at once, so the worker frees its lane even if the step's own work
 * is still unwinding (its calls see the signal and end).
 */
export async function runStep(loop: StoryLoop, run: JobRun, stop: AbortSignal, deadlineMs = STEP_DEADLINE_MS[run.kind]): Promise<void> {
  const controller = new AbortController();
  const onStop = () => controller.abort(new StepAbandonedError());
  if (stop.aborted) onStop();
  else stop.addEventListener('abort', onStop, { once: true });
  const timer = setTimeout(() => controller.abort(new Error(`the ${run.kind} step did not finish within ${Math.round(deadlineMs / 1000)} s`)), deadlineMs);
  const aborted = new Promise<never>((_, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason);
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  try {
    await Promise.race([loop.run({ ...run, signal: controller.signal }), aborted]);
  } finally {
    clearTimeout(timer);
    stop.removeEventListener('abort', onStop);
  }
}
