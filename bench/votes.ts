import { performance } from 'node:perf_hooks';
import { benchApp, openBallot, percentile, type Print } from './setup.js';

/**
 * Vote throughput on SQLite: 10 open ballots, 20,000 distinct voters, then a quarter of them
 * change their vote. Each vote is a full engine call (checks + upsert in one transaction).
 * Then the time to close one ballot holding 20,000 votes (tally, winner, next episode queued).
 */
export async function run(print: Print): Promise<void> {
  const bench = await benchApp();
  try {
    const { app } = bench;
    const ballots: string[] = [];
    for (let i = 0; i < 10; i++) ballots.push(await openBallot(app, i));
    const letters = ['A', 'B', 'C'];
    const casts: { ballotId: string; voter: number; option: string }[] = [];
    for (let v = 0; v < 20_000; v++) casts.push({ ballotId: ballots[v % 10]!, voter: v, option: letters[v % 3]! });
    for (let v = 0; v < 20_000; v += 4) casts.push({ ballotId: ballots[v % 10]!, voter: v, option: letters[(v + 1) % 3]! });

    const latencies: number[] = [];
    const start = performance.now();
    for (const c of casts) {
      const t = performance.now();
      await app.engine.ballots.vote({ ballotId: c.ballotId, option: c.option, voterId: `discord:${c.voter}`, channelId: null });
      latencies.push(performance.now() - t);
    }
    const seconds = (performance.now() - start) / 1000;
    // The figure only counts if every vote landed: one row per distinct voter.
    const stored = await bench.handle.db
      .selectFrom('votes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(stored.n) !== 20_000) throw new Error(`bench: expected 20000 stored votes, found ${stored.n}`);
    latencies.sort((a, b) => a - b);
    print('votes.per_second', Math.round(casts.length / seconds), 'votes/s');
    print('votes.p50', Number(percentile(latencies, 50).toFixed(3)), 'ms');
    print('votes.p99', Number(percentile(latencies, 99).toFixed(3)), 'ms');

    // One ballot with 20,000 votes, closed early by a moderator.
    const big = await openBallot(app, 99);
    for (let v = 0; v < 20_000; v++) {
      await app.engine.ballots.vote({ ballotId: big, option: letters[v % 7 === 0 ? 0 : v % 3]!, voterId: `telegram:${v}`, channelId: null });
    }
    const closeStart = performance.now();
    const outcome = await app.engine.ballots.close(big, { early: true });
    const closeMs = performance.now() - closeStart;
    if (outcome.kind !== 'decided') throw new Error(`bench: expected a decided ballot, got ${outcome.kind}`);
    print('votes.close_20k', Number(closeMs.toFixed(1)), 'ms');
  } finally {
    await bench.close();
  }
}
