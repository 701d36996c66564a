import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { canStartCluster, startCluster } from '../helpers/pg-cluster.js';
import { MINUTE, makeHarness, moderator, PG_URL, testConfig, testDialects, viewer, type Harness } from '../helpers/harness.js';

/**
 * Faults below the application: the database going away under load, ffmpeg killed mid-encode,
 * the media folder refusing writes. Each ends in a retry or a clear failed state, never a stall.
 */

const dialects = await testDialects();
const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. length=30';

/** ffmpeg processes that are children of this process. */
function ourFfmpegs(): number[] {
  const out: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (Number(/^PPid:\s+(\d+)$/m.exec(status)?.[1]) === process.pid && /ffmpeg/.test(cmd.split('\0')[0] ?? '') && cmd.includes('libx264')) out.push(Number(pid));
    } catch {
      // gone
    }
  }
  return out;
}

describe('infrastructure faults', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  /**
   * Voters keep voting (8 at a time, each vote a new voter) while `cut` takes the database away
   * and for 60 votes after it is back. Each vote either counted or told the voter something went
   * wrong; none hangs, and every vote counted is stored. The app reconnects by itself: votes, the
   * scheduler and the worker go on, and the series reaches its next episode.
   */
  async function votesSurvive(cut: () => Promise<void>): Promise<void> {
    await h.say(NEW, moderator());
    await h.settle();
    const replies: string[] = [];
    let next = 0;
    let cutting: Promise<void> | undefined;
    let afterCut = -1;
    const caller = async () => {
      while (afterCut < 0 || replies.length < afterCut + 60) {
        const i = next++;
        // Three to one for A, so that however many votes the cut costs, the ballot is no tie.
        replies.push(await h.say(`/vote ${i % 4 === 0 ? 'B' : 'A'}`, viewer(i)));
        if (replies.length === 20) cutting = cut().then(() => void (afterCut = replies.length));
      }
    };
    await Promise.all(Array.from({ length: 8 }, caller));
    await cutting;
    const counted = replies.filter((r) => r.startsWith('You picked')).length;
    const apologised = replies.filter((r) => r.startsWith('Sorry, something went wrong')).length;
    expect(counted + apologised).toBe(replies.length);
    expect(await h.say('/vote A', viewer(next))).toMatch(/^You picked A/);
    const stored = Number(
      (
        await h.handle.db
          .selectFrom('votes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    // No vote counted is lost. (A vote whose commit landed just as its connection died was told
    // it failed yet counts: the database cannot tell us which way it went.)
    expect(stored).toBeGreaterThanOrEqual(counted + 1);
    expect(stored).toBeLessThanOrEqual(counted + 1 + apologised);
    // A step that met the cut is retried a little later (or, if even its failure could not be
    // recorded, once its lease runs out).
    await h.advance(60 * MINUTE);
    for (let i = 0; i < 12 && h.publisher.posts.length < 2; i++) await h.advance(MINUTE);
    const jobs = await h.handle.db.selectFrom('jobs').select(['kind', 'status', 'attempts', 'last_error']).where('status', '!=', 'done').execute();
    expect(
      h.publisher.posts.map((p) => p.episode.number),
      JSON.stringify(jobs),
    ).toEqual([1, 2]);
  }

  it.runIf(dialects.includes('postgres'))(
    'keeps working when PostgreSQL drops every connection under load',
    async () => {
      h = await makeHarness('postgres');
      const schema = (h.db.target as { schema: string }).schema;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        await votesSurvive(async () => {
          const killed = await admin.query('select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = $1', [`tailtwist:${schema}`]);
          expect(killed.rows[0].n).toBeGreaterThan(0);
        });
      } finally {
        await admin.end();
      }
    },
    60_000,
  );

  // A server of its own: restarting the shared one would cut every other suite's connections.
  it.runIf(canStartCluster())(
    'keeps working through a real PostgreSQL restart under load',
    async () => {
      const cluster = await startCluster();
      try {
        h = await makeHarness('postgres', {}, { DATABASE_URL: cluster.url });
        await votesSurvive(() => cluster.restart());
      } finally {
        await h?.close();
        h = undefined as unknown as Harness;
        cluster.stop();
      }
    },
    90_000,
  );

  it('retries a render whose ffmpeg was killed, and publishes once', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-ffkill-'));
    const env = { DATA_DIR: dataDir, NARRATOR: 'animalese' };
    h = await makeHarness('sqlite', { renderer: createRenderer(testConfig(env), silentLogger) }, env);
    await h.say(NEW, moderator());
    let killed = 0;
    const watcher = setInterval(() => {
      if (killed) return;
      for (const pid of ourFfmpegs()) {
        process.kill(pid, 'SIGKILL');
        killed++;
      }
    }, 50);
    try {
      await h.settle();
    } finally {
      clearInterval(watcher);
    }
    expect(killed).toBe(1);
    const failed = await h.handle.db.selectFrom('jobs').selectAll().where('kind', '=', 'render').executeTakeFirstOrThrow();
    expect(failed.status).toBe('queued'); // waiting for its retry
    expect(failed.last_error).toMatch(/ffmpeg/i);
    expect(h.publisher.posts).toHaveLength(0);
    await h.advance(MINUTE);
    expect(h.publisher.posts).toHaveLength(1);
    expect(h.publisher.posts[0]!.episode.videoPath).toMatch(/\.mp4$/);
  }, 120_000);

  it('fails the render step clearly when the media folder refuses writes, and a retry succeeds once it is fixed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-diskfail-'));
    const env = { DATA_DIR: dataDir, NARRATOR: 'animalese', JOB_MAX_ATTEMPTS: '2' };
    h = await makeHarness('sqlite', { renderer: createRenderer(testConfig(env), silentLogger) }, env);
    // A file where the media folder should be: every write under it fails (even for root).
    fs.rmSync(path.join(dataDir, 'media'), { recursive: true, force: true });
    fs.writeFileSync(path.join(dataDir, 'media'), 'not a folder');
    await h.say(NEW, moderator());
    await h.settle();
    await h.advance(5 * MINUTE);
    const status = await h.say('/series status', viewer(1));
    expect(status).toMatch(/Episode 1 .* stuck at the render step: .*(ENOTDIR|EEXIST|not a directory)/i);
    expect(h.publisher.posts).toHaveLength(0);

    fs.rmSync(path.join(dataDir, 'media'));
    expect(await h.say('/mod retry', moderator())).toContain('Retrying episode 1');
    await h.settle();
    expect(h.publisher.posts).toHaveLength(1);
    expect(execFileSync('ls', [path.join(dataDir, 'media')]).toString()).toMatch(/\S/);
  }, 120_000);
});
