import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FakeTelegram } from '../fakes/telegram/server.js';
import { BIN, startAndStop } from '../helpers/process.js';
import { until } from '../helpers/wait.js';
import { closedPort, silentServer } from '../helpers/net.js';

const studioUrl = (out: string) => /TailTwist studio: (http:\/\/[^\s"]+)/.exec(out)![1]!;

/** Starts a series from the studio's form, as a person on this machine would. */
async function startSeriesInStudio(url: string): Promise<void> {
  const res = await fetch(`${url}/series`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ title: 'Paws of Fate', premise: 'A Shiba Inu wakes up in hospital with no memory of the wedding.', cast: 'Mochi: Shiba Inu, Luna: black cat' }).toString(),
  });
  expect(res.status, await res.text()).toBe(303);
}

/** What `probe` reads in the process's SQLite database; undefined while the database or its schema is not there yet. */
function readDb<T>(cwd: string, probe: (db: Database.Database) => T): T | undefined {
  const file = path.join(cwd, 'data', 'tailtwist.db');
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return probe(db);
  } catch {
    return undefined; // the schema is still being made
  } finally {
    db.close();
  }
}

const episodeStatus = (db: Database.Database) => (db.prepare('select status from episodes order by number desc limit 1').get() as { status: string } | undefined)?.status;

describe('a platform that is down never stops the story', () => {
  it('starts with Telegram refusing connections and Discord never answering: the studio and the loop run, and both say what is wrong', async () => {
    const silent = await silentServer();
    try {
      const env = {
        TELEGRAM_BOT_TOKEN: '123456:ABC-def_ghi',
        TELEGRAM_API_ROOT: `http://127.0.0.1:${await closedPort()}`,
        DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.fghijklmnopqrstuvwxyz0123456',
        DISCORD_APPLICATION_ID: '123456789012345678',
        DISCORD_API_BASE: `http://127.0.0.1:${silent.port}/api`,
        SHUTDOWN_GRACE: '1s',
      };
      const { out, code } = await startAndStop(env, 'start', async (running) => {
        const url = studioUrl(running.output());
        await startSeriesInStudio(url);
        // The episode is written and rendered although neither platform has ever answered.
        await until(() => readDb(running.cwd, (db) => ['rendering', 'rendered', 'published'].includes(episodeStatus(db) ?? '')), 'episode 1 to be written', 60_000, {
          context: running.output,
          intervalMs: 100,
        });
        const health = await until(
          async () => {
            const health = (await (await fetch(`${url}/healthz`)).json()) as { ok: boolean; status: string; platforms: { platform: string; state: string; reason?: string }[] };
            expect(health.ok).toBe(true);
            expect(health.status).toBe('degraded');
            return health.platforms.find((p) => p.platform === 'Telegram')?.state === 'retrying' && health;
          },
          'Telegram to be retrying',
          60_000,
          { intervalMs: 200 },
        );
        expect(health.platforms.find((p) => p.platform === 'Telegram')?.reason).toMatch(/TELEGRAM_API_ROOT/);
        expect(health.platforms.find((p) => p.platform === 'Discord')?.state).not.toBe('connected');
        expect(await (await fetch(url)).text()).toContain('Telegram is not connected');
      });
      expect(code).toBe(0);
      expect(out).toContain('TailTwist is running: scheduler, worker, telegram, discord, studio');
      expect(out).toMatch(/Telegram is not connected: .*TELEGRAM_API_ROOT/);
      expect(out).not.toContain('ABC-def_ghi');
      expect(out).not.toContain('fghijklmnopqrstuvwxyz');
    } finally {
      await silent.close();
    }
  }, 120_000);

  it('stops on SIGTERM while a delivery hangs on Telegram, and the delivery is left to retry, unspent', async () => {
    const fake = await FakeTelegram.start();
    try {
      const group = { id: -100123, type: 'supergroup' as const, title: 'Fans' };
      const admin = { id: 42, first_name: 'Ada' };
      fake.setMember(group.id, admin.id, 'creator');
      // Telegram takes the upload and never answers.
      fake.fail('sendVideo', { status: 500, delayMs: 10 * 60_000, times: 100 });
      const { out, code, cwd } = await startAndStop({ TELEGRAM_BOT_TOKEN: '123456:ABC-def_ghi', TELEGRAM_API_ROOT: fake.apiRoot, SHUTDOWN_GRACE: '1s' }, 'start', async (running) => {
        await running.waitFor('telegram: long polling for updates');
        fake.say(group, admin, '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding.');
        await fake.waitFor(() => fake.calls.find((c) => c.method === 'sendVideo' && c.status === 0), 'an upload in flight', 90_000);
      });
      expect(code).toBe(0);
      expect(out).toContain('stopped');
      const db = new Database(path.join(cwd, 'data', 'tailtwist.db'), { readonly: true });
      const job = db.prepare("select status, attempts from jobs where kind = 'deliver'").get();
      db.close();
      expect(job).toEqual({ status: 'queued', attempts: 0 });
    } finally {
      await fake.close();
    }
  }, 120_000);

  it('a worker killed with SIGKILL mid-render: the next one takes the render back at once, ends the orphaned ffmpeg and leaves no temp file', async () => {
    const first = await startAndStop({ SHUTDOWN_GRACE: '1s' }, 'start', async (running) => {
      await startSeriesInStudio(studioUrl(running.output()));
      const ffmpeg = await until(() => orphanable(running.cwd), 'ffmpeg to encode', 60_000, { context: running.output, intervalMs: 100 });
      process.kill(running.pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 200));
      // The worker is gone; its ffmpeg is not.
      expect(fs.existsSync(`/proc/${ffmpeg}`)).toBe(true);
    }).catch((err: unknown) => err);
    expect(first).toMatchObject({ code: null });
    const cwd = (first as { cwd: string }).cwd;
    // The same data folder, a new process: the job's lease (5 minutes) is taken back at once.
    const second = spawn(process.execPath, [BIN, 'start'], { cwd, env: { PATH: process.env.PATH ?? '', WEB_PORT: '0', SHUTDOWN_GRACE: '1s' } });
    let out = '';
    second.stdout.on('data', (d) => (out += d));
    second.stderr.on('data', (d) => (out += d));
    try {
      await until(() => readDb(cwd, (db) => episodeStatus(db) === 'published'), 'the retried render to publish', 90_000, { context: () => out, intervalMs: 100 });
      expect(out).toContain('took back jobs from a worker on this machine that is gone');
      expect(out).toContain('cleaned up after a render whose worker was killed');
      expect(orphanable(cwd)).toBeUndefined();
      const leftovers = fs
        .readdirSync(path.join(cwd, 'data'), { recursive: true })
        .map(String)
        .filter((f) => /\.tmp(\.mp4)?$/.test(f));
      expect(leftovers).toEqual([]);
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.on('exit', r));
    }
  }, 180_000);
});

/** The pid of an ffmpeg encoding into a temp file under `cwd`, if one runs. */
function orphanable(cwd: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (path.basename(args[0] ?? '').includes('ffmpeg') && args.some((a) => a.startsWith(cwd) && a.endsWith('.tmp.mp4'))) return Number(entry);
  }
  return undefined;
}
