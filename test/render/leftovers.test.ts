import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanLeftovers } from '../../src/render/leftovers.js';
import { processTag } from '../../src/core/owners.js';
import { runFfmpeg } from '../../src/render/ffmpeg.js';
import { until } from '../helpers/wait.js';
import { bins } from './helpers.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** An endless encode, as a render's assemble step runs it, writing into `output`. */
const encodeArgs = (output: string) => ['-nostdin', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'mp4', '-y', output];

describe('what a killed render leaves behind', () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a worker killed with SIGKILL: its ffmpeg is ended and its temp files removed by the next render; live ones are left alone', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-leftovers-'));
    const media = path.join(dir, 'media', 'series1');
    fs.mkdirSync(media, { recursive: true });
    // A stand-in for the worker: a live process whose pid names the temp file ffmpeg encodes into.
    const workerPid = await new Promise<number>((resolve) => {
      const sh = spawn('sh', ['-c', 'echo $$; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
      sh.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    });
    const tmp = path.join(media, `ep1.mp4.${processTag()}-${workerPid}.0123abcd.tmp.mp4`);
    const ffmpeg = spawn(bins.ffmpeg, encodeArgs(tmp), { stdio: 'ignore', detached: true });
    ffmpeg.unref();
    const stale = path.join(dir, 'media', `poster.png.${processTag()}-${workerPid}.89abcdef.tmp`);
    // Another container sharing the folder: its files are not ours to judge.
    const theirs = path.join(dir, 'media', `poster.png.00000000-${workerPid}.89abcdef.tmp`);
    fs.writeFileSync(theirs, "someone else's");
    fs.writeFileSync(stale, 'half a poster');
    const mine = path.join(dir, 'media', `poster.png.${processTag()}-${process.pid}.89abcdef.tmp`);
    fs.writeFileSync(mine, 'being written right now');
    await until(() => fs.existsSync(tmp), 'ffmpeg to write its temp file');

    // The worker dies with SIGKILL: its ffmpeg goes on encoding, an orphan.
    process.kill(workerPid, 'SIGKILL');
    await until(() => !alive(workerPid), 'the worker to die');
    expect(alive(ffmpeg.pid!)).toBe(true);

    const cleaned = await cleanLeftovers([path.join(dir, 'media')]);
    expect(cleaned).toEqual({ killed: 1, removed: 2 });
    await until(() => !alive(ffmpeg.pid!) || fs.readFileSync(`/proc/${ffmpeg.pid}/stat`, 'utf8').includes(') Z '), 'the orphaned ffmpeg to end');
    expect(fs.existsSync(tmp)).toBe(false);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(mine)).toBe(true);
    expect(fs.existsSync(theirs)).toBe(true);
  });

  it('an ffmpeg whose step is stopped is killed at once', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-leftovers-'));
    const controller = new AbortController();
    const output = path.join(dir, 'endless.mp4');
    const run = runFfmpeg(bins, (cmd) => cmd.input('testsrc=size=64x64:rate=10').inputFormat('lavfi').outputOptions(['-c:v libx264', '-preset ultrafast', '-f mp4']).output(output), {
      timeoutMs: 600_000,
      signal: controller.signal,
    });
    await until(() => fs.existsSync(output), 'ffmpeg to write its output');
    controller.abort();
    await expect(run).rejects.toThrow('ffmpeg was stopped with its step');
  });
});
