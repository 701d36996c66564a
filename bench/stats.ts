import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Insertable } from 'kysely';
import { Studio } from '../src/adapters/web/studio.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ManualClock, seededRandom } from '../src/core/clock.js';
import { insightOf } from '../src/core/insight.js';
import type { DeliveryIds, Publisher } from '../src/core/ports.js';
import { migrateToLatest, openDb, type Dialect } from '../src/db/connect.js';
import type { Database } from '../src/db/schema.js';
import { silentLogger } from '../src/log.js';
import { freshDb, testDialects } from '../test/helpers/harness.js';
import { StoryboardRenderer } from '../test/helpers/storyboard-renderer.js';
import { percentile, type Print } from './setup.js';

const SERIES = 1000;
const VOTES = 100_000;
/** Episodes per series; one series is a long-running hit with many more, and a fifth of all the votes. */
const EPISODES = 10;
const HIT = { episodes: 60, votes: 20_000 };
const PAGES = 300;
const HOUR = 3_600_000;

const nowhere: Publisher = {
  platform: 'discord',
  async deliver(): Promise<DeliveryIds> {
    return { messageId: 'bench' };
  },
  async postResult() {},
};

/**
 * The studio's stats page at scale: 1,000 series with 100,000 votes between them, written in bulk
 * (rows copied from a series the loop made, so every column is as the app writes it), then the page
 * fetched over HTTP from the real studio for series picked at random (one in ten is the hit, with
 * 20,000 votes), as a visitor would. `stats.<db>.p95` is the whole request; `queries_p95` the
 * database's part; `hit_p50` the page of the series with 20,000 votes. On SQLite and on PostgreSQL (when it is reachable).
 */
export async function run(print: Print): Promise<void> {
  for (const dialect of await testDialects()) await runOn(dialect, print);
}

async function runOn(dialect: Dialect, print: Print): Promise<void> {
  const db = await freshDb(dialect);
  const handle = openDb(db.target.kind === 'postgres' ? { ...db.target, poolSize: undefined } : db.target);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-stats-'));
  const clock = new ManualClock(Date.UTC(2026, 10, 26, 12));
  let studio: Studio | undefined;
  try {
    await migrateToLatest(handle);
    const config = loadConfig({ DATA_DIR: dir, DEFAULT_VOTE_WINDOW: '6h', WEB_PORT: '0' });
    const app = createApp({
      config,
      db: handle,
      log: silentLogger,
      clock,
      random: seededRandom(7),
      publishers: [nowhere],
      renderer: new StoryboardRenderer(path.join(dir, 'media')),
      workerName: 'stats',
    });
    const setupStart = performance.now();
    await fill(app, handle.db, clock);
    // What autovacuum (PostgreSQL) or a long-running database has after a bulk load: fresh statistics.
    await sql.raw(dialect === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE').execute(handle.db);
    print(`stats.${dialect}.setup`, Number(((performance.now() - setupStart) / 1000).toFixed(1)), 's');

    studio = new Studio(config.web, config.render.mediaDir, silentLogger);
    studio.attach(app);
    const url = await studio.start();
    const rnd = seededRandom(11);
    const pick = (i: number) => (i % 10 === 0 ? 0 : 1 + Math.floor(rnd() * (SERIES - 1)));
    // The first page loads the chart library; a visitor's first page after a start pays it once.
    await page(url, 0);

    const pages: number[] = [];
    const queries: number[] = [];
    const hit: number[] = [];
    for (let i = 0; i < PAGES; i++) {
      const n = pick(i);
      let t = performance.now();
      await page(url, n);
      pages.push(performance.now() - t);
      if (n === 0) hit.push(performance.now() - t);
      t = performance.now();
      await insightOf(handle.db, `sr_bench${n}`);
      queries.push(performance.now() - t);
    }
    pages.sort((a, b) => a - b);
    queries.sort((a, b) => a - b);
    print(`stats.${dialect}.p50`, Number(percentile(pages, 50).toFixed(1)), 'ms');
    print(`stats.${dialect}.p95`, Number(percentile(pages, 95).toFixed(1)), 'ms');
    print(`stats.${dialect}.queries_p95`, Number(percentile(queries, 95).toFixed(1)), 'ms');
    print(
      `stats.${dialect}.hit_p50`,
      Number(
        percentile(
          hit.sort((a, b) => a - b),
          50,
        ).toFixed(1),
      ),
      'ms',
    );
    await app.stop();
  } finally {
    await studio?.stop();
    await handle.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function page(url: string, n: number): Promise<void> {
  const res = await fetch(`${url}/s/bench-${n}/stats`);
  const body = await res.text();
  if (res.status !== 200 || !body.includes('<svg')) throw new Error(`bench: the stats page of bench-${n} answered ${res.status} without its charts`);
}

type Db = ReturnType<typeof createApp>['engine']['ctx']['db'];

/** Rows in bulk, in chunks both databases take in one statement. */
async function insert<T extends keyof Database & string>(db: Db, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 400) as never)
      .execute();
}

/** One series through the loop (its rows are the template), then every series, episode, ballot and vote in bulk. */
async function fill(app: ReturnType<typeof createApp>, db: Db, clock: ManualClock): Promise<void> {
  await app.engine.series.create(
    { id: 'discord:mod', isModerator: true },
    { platform: 'discord', chatId: 'template' },
    { title: 'Template', premise: 'A Shiba Inu wakes up in hospital with no memory.' },
  );
  await app.worker.drain();
  const series = await db.selectFrom('series').selectAll().executeTakeFirstOrThrow();
  const characters = await db.selectFrom('characters').selectAll().execute();
  const channel = await db.selectFrom('channels').selectAll().executeTakeFirstOrThrow();
  const episode = await db.selectFrom('episodes').selectAll().executeTakeFirstOrThrow();
  const ballot = await db.selectFrom('ballots').selectAll().executeTakeFirstOrThrow();
  const options = await db.selectFrom('ballot_options').selectAll().orderBy('position').execute();
  const delivery = await db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
  const rnd = seededRandom(3);
  const now = clock.now();
  const platforms = ['discord', 'telegram', 'web'] as const;
  const members = { discord: 400, telegram: 120, web: null };
  let votesLeft = VOTES - HIT.votes;

  await app.engine.ctx.db.transaction().execute(async (tx) => {
    for (let s = 0; s < SERIES; s++) {
      const sid = `sr_bench${s}`;
      const episodes = s === 0 ? HIT.episodes : EPISODES;
      const votes = s === 0 ? HIT.votes : Math.floor(votesLeft / (SERIES - s));
      if (s > 0) votesLeft -= votes;
      await insert(tx, 'series', [{ ...series, id: sid, name: `bench-${s}`, title: `Bench ${s}` }]);
      await insert(
        tx,
        'characters',
        characters.map((c) => ({ ...c, id: `${c.id}_${s}`, series_id: sid })),
      );
      const channels = platforms.map((platform) => ({ ...channel, id: `ch_bench${s}_${platform}`, series_id: sid, platform, chat_id: platform === 'web' ? `studio/${sid}` : `${platform}-${s}` }));
      await insert(tx, 'channels', channels);
      const eps = [];
      const ballots = [];
      const opts = [];
      const dels = [];
      const vs = [];
      const suggestions = [];
      const perBallot = Math.floor(votes / episodes);
      for (let e = 1; e <= episodes; e++) {
        const eid = `ep_bench${s}_${e}`;
        const bid = `bl_bench${s}_${e}`;
        const opensAt = now - (episodes - e + 1) * 8 * HOUR;
        const open = e === episodes;
        eps.push({ ...episode, id: eid, series_id: sid, number: e, status: 'published' as const, published_at: opensAt });
        const ids = options.map((o) => `op_bench${s}_${e}_${o.position}`);
        const tally: Record<string, number> = {};
        const voters = e === episodes ? votes - perBallot * (episodes - 1) : perBallot;
        for (let v = 0; v < voters; v++) {
          const option = ids[Math.floor(rnd() * rnd() * ids.length)]!;
          tally[option] = (tally[option] ?? 0) + 1;
          const at = opensAt + Math.floor(rnd() * rnd() * 6 * HOUR);
          vs.push({ ballot_id: bid, voter_id: `discord:${v}`, option_id: option, channel_id: channels[v % 3]!.id, cast_at: at, first_cast_at: at });
        }
        const winner = Object.entries(tally).sort((a, b) => b[1] - a[1])[0]?.[0] ?? ids[0]!;
        ballots.push({
          ...ballot,
          id: bid,
          episode_id: eid,
          series_id: sid,
          status: open ? ('open' as const) : ('closed' as const),
          opens_at: opensAt,
          closes_at: opensAt + 6 * HOUR,
          winner_option_id: open ? null : winner,
          decided_by: open ? null : ('votes' as const),
          tally: open ? null : JSON.stringify(tally),
          closed_at: open ? null : opensAt + 6 * HOUR,
          created_at: opensAt,
        });
        opts.push(...options.map((o, i) => ({ ...o, id: ids[i]!, ballot_id: bid })));
        dels.push(...channels.map((c) => ({ ...delivery, id: `dl_bench${s}_${e}_${c.platform}`, episode_id: eid, channel_id: c.id, members: members[c.platform] })));
        suggestions.push({
          id: `sg_bench${s}_${e}`,
          series_id: sid,
          number: e,
          author_id: 'discord:fan',
          channel_id: channels[0]!.id,
          text: 'Luna was the surgeon all along',
          status: 'pending' as const,
          option_id: null,
          decided_by: null,
          decided_at: null,
          created_at: opensAt + HOUR,
        });
      }
      await insert(tx, 'episodes', eps);
      await insert(tx, 'ballots', ballots);
      await insert(tx, 'ballot_options', opts);
      await insert(tx, 'deliveries', dels);
      await insert(tx, 'votes', vs);
      await insert(tx, 'suggestions', suggestions as never[]);
    }
  });
  const stored = await db
    .selectFrom('votes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(stored.n) !== VOTES) throw new Error(`bench: expected ${VOTES} votes, found ${stored.n}`);
}
