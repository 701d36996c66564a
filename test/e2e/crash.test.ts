import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTelegram, visibleText, type FakeUser } from '../fakes/telegram/server.js';
import { PG_URL, testDialects } from '../helpers/harness.js';
import { until } from '../helpers/wait.js';

/**
 * Real TailTwist processes (the CLI, real ffmpeg renders, the real grammY client against the fake
 * Bot API) killed with SIGKILL at the worst moments, then started again: every series reaches its
 * next episode, nothing is posted twice, no vote is lost.
 */

const BIN = path.resolve('bin/tailtwist.js');
const ADMIN: FakeUser = { id: 42, first_name: 'Ada' };
const fans: FakeUser[] = Array.from({ length: 8 }, (_, i) => ({ id: 200 + i, first_name: `Fan${i}` }));
const dialects = await testDialects();

interface Proc {
  child: ChildProcess;
  out: () => string;
}

describe('crashes', () => {
  let fake: FakeTelegram;
  const procs: Proc[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const p of procs.splice(0)) kill(p);
    for (const c of cleanups.splice(0)) await c();
    await fake?.close();
  });

  function env(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      WEB_PORT: '0',
      NARRATOR: 'animalese',
      LOG_LEVEL: 'info',
      SCHEDULER_INTERVAL: '1s',
      JOB_RETRY_BASE: '1s',
      JOB_LEASE: '6s',
      TELEGRAM_BOT_TOKEN: '123456:CRASH-test',
      TELEGRAM_API_ROOT: fake.apiRoot,
      ...extra,
    };
  }

  /** Starts a TailTwist process in its own process group (so a kill takes its ffmpeg too). */
  async function launch(command: string, vars: Record<string, string>): Promise<Proc> {
    const child = spawn(process.execPath, [BIN, command], { env: vars, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const proc = { child, out: () => out };
    procs.push(proc);
    await until(async () => out.includes('TailTwist is running') || (child.exitCode !== null && fail(`${command} exited: ${out}`)), `${command} to start`, 60_000);
    return proc;
  }

  function kill(p: Proc): void {
    try {
      process.kill(-p.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  async function crash(p: Proc): Promise<void> {
    kill(p);
    await until(async () => p.child.exitCode !== null || p.child.signalCode !== null, 'the process to die', 10_000);
    procs.splice(procs.indexOf(p), 1);
  }

  /** Whether an ffmpeg runs in the process group of `p` (launched detached, so its own group). */
  function rendering(p: Proc): boolean {
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
        if (group === p.child.pid && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!.includes('ffmpeg')) return true;
      } catch {
        // gone
      }
    }
    return false;
  }

  const videosTo = (chat: number) => fake.sent('sendVideo').filter((c) => Number(c.params.chat_id) === chat);
  const pollsTo = (chat: number) => fake.sent('sendPoll').filter((c) => Number(c.params.chat_id) === chat);

  it('survives a kill mid-render, mid-publish and mid-ballot on SQLite', async () => {
    fake = await FakeTelegram.start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-crash-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const group = { id: -1001, type: 'supergroup' as const };
    fake.setMember(group.id, ADMIN.id, 'creator');
    const db = () => new Database(path.join(dataDir, 'tailtwist.db'), { readonly: true, fileMustExist: true });
    const episodeStatus = (n: number) => {
      const conn = db();
      try {
        return (conn.prepare('select status from episodes where number = ?').get(n) as { status: string } | undefined)?.status;
      } finally {
        conn.close();
      }
    };

    // 1. Killed while ffmpeg renders episode 1.
    let proc = await launch('start', env(dataDir));
    fake.say(group, ADMIN, '/series new "Crash Course" A Shiba Inu wakes up in hospital with no memory. length=30 cast="Mochi: Shiba Inu, Luna: black cat"');
    await until(async () => episodeStatus(1) === 'rendering', 'episode 1 to be rendering', 60_000);
    await crash(proc);
    expect(videosTo(group.id)).toHaveLength(0);

    // 2. Started again, it finishes the render; killed after the upload, while the poll is on its way.
    fake.fail('sendPoll', { status: 200, delayMs: 60_000 });
    proc = await launch('start', env(dataDir));
    await until(async () => videosTo(group.id).length === 1 && fake.calls.some((c) => c.method === 'sendPoll'), 'the video, then the poll request', 90_000);
    await crash(proc);
    fake.clearFaults();

    // 3. Started again: the poll goes out, the video is not posted again.
    proc = await launch('start', env(dataDir));
    await until(async () => pollsTo(group.id).length === 1, 'the poll after the restart', 30_000);
    expect(videosTo(group.id)).toHaveLength(1);
    const poll = [...fake.polls.values()].find((p) => p.chatId === group.id && !p.closed)!;

    // 4. Votes arrive; the process dies; more votes arrive while it is down; it comes back.
    for (const fan of fans.slice(0, 4)) fake.answer(poll.id, fan, [1]);
    await until(
      async () => {
        const conn = db();
        try {
          return (conn.prepare('select count(*) as n from votes').get() as { n: number }).n === 4;
        } finally {
          conn.close();
        }
      },
      `four votes (poll ${poll.id}; polls: ${[...fake.polls.values()].map((p) => `${p.id}@${p.chatId}${p.closed ? ' closed' : ''}`).join(', ')})`,
      // A restarted process may wait for the killed one's polling lease, longer on a loaded machine.
      80_000,
    );
    await crash(proc);
    for (const fan of fans.slice(4)) fake.answer(poll.id, fan, [0]);
    fake.answer(poll.id, fans[0]!, [0]); // changes their vote while the bot is down
    proc = await launch('start', env(dataDir));
    await until(async () => fake.pendingUpdates === 0, 'the queued poll answers', 80_000);

    // The ballot closes: every vote counted, and episode 2 follows, posted once.
    fake.say(group, ADMIN, '/mod close-vote');
    const result = await until(
      async () =>
        fake
          .sent('sendMessage')
          .map((c) => visibleText(String(c.params.text)))
          .find((t) => t.startsWith('🏆')),
      'the result',
      30_000,
    );
    expect(result).toContain('A. ');
    expect(result).toContain('8 votes from every channel');
    await until(async () => videosTo(group.id).length === 2 && pollsTo(group.id).length === 2, 'episode 2', 120_000);
    await new Promise((r) => setTimeout(r, 1500)); // nothing else trickles in
    expect(videosTo(group.id)).toHaveLength(2);
    expect(pollsTo(group.id)).toHaveLength(2);
    expect(fake.sent('sendMessage').filter((c) => visibleText(String(c.params.text)).startsWith('🏆'))).toHaveLength(1);
  }, 420_000);

  it.runIf(dialects.includes('postgres'))(
    'shares the work between a bot and two competing pg-boss workers on PostgreSQL, each episode once',
    async () => {
      fake = await FakeTelegram.start();
      const name = `tailtwist_crash_${process.pid}`;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${name}`);
      await admin.query(`create database ${name}`);
      cleanups.push(async () => {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      });
      const url = new URL(PG_URL);
      url.pathname = `/${name}`;
      const groups = [-2001, -2002, -2003].map((id) => ({ id, type: 'supergroup' as const }));
      for (const g of groups) fake.setMember(g.id, ADMIN.id, 'administrator');
      const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-crash-'));
      cleanups.push(() => fs.rmSync(shared, { recursive: true, force: true }));
      // Jobs in pg-boss (the default on PostgreSQL); a dead worker's job is taken back after its lease.
      const vars = (extra: Record<string, string> = {}) => env(shared, { DATABASE_URL: url.toString(), JOB_LEASE: '30s', ...extra });

      await launch('bot', vars());
      const w1 = await launch('worker', vars());
      await launch('worker', vars());
      for (const [i, g] of groups.entries()) fake.say(g, ADMIN, `/series new "Rivals ${i}" Two dogs compete for the corner office. length=30`);
      // One worker dies mid-render; the other (and the lease expiry) carries every series on. (Not
      // mid-upload: a kill after Telegram accepted a video but before the worker wrote that down
      // would post it again, for the Bot API has no idempotency key. The SQLite test kills while
      // the poll is in flight instead, after the video is recorded.)
      await until(async () => rendering(w1), 'the first worker to be rendering', 120_000);
      await crash(w1);
      await until(async () => groups.every((g) => pollsTo(g.id).length === 1), 'every series to be out', 180_000);
      for (const g of groups) expect(videosTo(g.id)).toHaveLength(1);
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      const renders = await c.query("select count(*)::int as n from pgboss.job where name = 'render' and state = 'completed'");
      const queued = await c.query("select count(*)::int as n from job_keys where kind = 'render'");
      const published = await c.query("select count(*)::int as n from episodes where status = 'published'");
      await c.end();
      expect(queued.rows[0].n).toBe(3);
      expect(renders.rows[0].n).toBe(3);
      expect(published.rows[0].n).toBe(3);
    },
    300_000,
  );
});

function fail(message: string): never {
  throw new Error(message);
}
