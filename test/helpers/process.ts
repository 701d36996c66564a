import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = path.resolve('bin/tailtwist.js');

/** A running `tailtwist` process: its output so far, and a way to wait for a line of it. */
export interface Running {
  cwd: string;
  pid: number;
  output(): string;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
}

/**
 * Starts `tailtwist <command>`, waits for it to say it runs, runs `whileRunning`, stops it with
 * SIGTERM; returns its output and exit code.
 */
export async function startAndStop(
  env: Record<string, string>,
  command: string | string[] = 'start',
  whileRunning?: (running: Running) => Promise<void>,
): Promise<{ out: string; code: number | null; cwd: string }> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-cli-'));
  // Port 0: the studio takes a free port, so a TailTwist running on this machine is no obstacle.
  const child = spawn(process.execPath, [BIN, ...[command].flat()], { cwd, env: { PATH: process.env.PATH ?? '', WEB_PORT: '0', ...env } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const waitFor = (text: string | RegExp, timeoutMs = 55_000) =>
    new Promise<string>((resolve, reject) => {
      const found = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
      if (found()) return resolve(out);
      // Generous: a cold tsx cache and the render suite running beside it make starts slow in CI.
      const timer = setTimeout(() => reject(new Error(`never said ${String(text)}: ${out}`)), timeoutMs);
      const look = () => {
        if (!found()) return;
        clearTimeout(timer);
        child.stdout.off('data', look);
        child.stderr.off('data', look);
        resolve(out);
      };
      child.stdout.on('data', look);
      child.stderr.on('data', look);
      void exited.then((code) => {
        clearTimeout(timer);
        if (!found()) reject(new Error(`exited with ${code} before it said ${String(text)}: ${out}`));
      });
    });
  await waitFor('TailTwist is running');
  try {
    await whileRunning?.({ cwd, pid: child.pid!, output: () => out, waitFor });
  } finally {
    child.kill('SIGTERM');
  }
  const code = await exited;
  return { out, code, cwd };
}
