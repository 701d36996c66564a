import type { JobQueue } from '../core/ports.js';

/** A queue as the app sees it: enqueue (for the core) and counts (for metrics and checks). */
export interface JobBackend extends JobQueue {
  counts(): Promise<Record<string, number>>;
  /** Unfinished jobs by kind and status (queued, running, retrying, failed), for metrics. */
  pending(): Promise<{ kind: string; status: string; n: number }[]>;
}

/** What runs the jobs: in the background (`start`), or until nothing is due (`drain`, for tests and the demo). */
export interface JobRunner {
  start(): void;
  /** Stops taking jobs; steps still running after `graceMs` are abandoned and retried later. */
  stop(graceMs?: number): Promise<void>;
  drain(limit?: number): Promise<number>;
}
