import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { Lease } from '../../src/core/lease.js';
import { localIdentity, ownerName } from '../../src/core/owners.js';
import { createApp } from '../../src/app.js';
import { seededRandom } from '../../src/core/clock.js';
import { silentLogger } from '../../src/log.js';
import { HOUR, makeHarness, moderator, testDialects, type Harness } from '../helpers/harness.js';
import { StoryboardRenderer } from '../helpers/storyboard-renderer.js';

const dialects = await testDialects();

describe.each(dialects)('one scheduler at a time (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('lets only the lease holder close ballots, and hands over when it stops or dies', async () => {
    h = await makeHarness(dialect);
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital.', moderator());
    await h.settle();
    const second = createApp({
      config: h.config,
      db: h.handle,
      log: silentLogger,
      clock: h.clock,
      random: seededRandom(99),
      publishers: [h.publisher],
      renderer: new StoryboardRenderer(h.config.dataDir),
      workerName: 'second',
    });
    try {
      const drain = async () => {
        for (let i = 0; i < 5; i++) await Promise.all([h.app.worker.drain(), second.worker.drain()]);
      };
      // Two bot processes tick at the same moment with a ballot due: it is closed once.
      h.clock.advance(HOUR);
      const [a, b] = await Promise.all([h.app.scheduler.tick(), second.scheduler.tick()]);
      expect(a + b).toBe(1);
      const [leader, follower] = h.app.scheduler.isLeader ? [h.app, second] : [second, h.app];
      expect(follower.scheduler.isLeader).toBe(false);
      expect(await follower.scheduler.tick()).toBe(0);
      expect(follower.scheduler.isLeader).toBe(false);

      // The leader dies without a word: once its lease lapses, the other takes over.
      await drain();
      h.clock.advance(HOUR);
      expect(await follower.scheduler.tick()).toBe(1);
      expect(follower.scheduler.isLeader).toBe(true);
      expect(await leader.scheduler.tick()).toBe(0);

      // A clean stop hands over at once.
      await follower.scheduler.stop();
      await drain();
      h.clock.advance(HOUR);
      expect(await leader.scheduler.tick()).toBe(1);
      expect(leader.scheduler.isLeader).toBe(true);
    } finally {
      await second.stop();
    }
  });
});

describe.each(dialects)('a lease of a killed process (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('is taken over at once when its holder was a process of this machine that is gone; a live holder keeps it', async () => {
    h = await makeHarness(dialect);
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    const dead = new Lease(h.handle.db, h.clock, 'telegram-poll:1', `${localIdentity()}:${deadPid}:a`, 60_000);
    expect(await dead.hold()).toBe(true);
    const next = new Lease(h.handle.db, h.clock, 'telegram-poll:1', ownerName('b'), 60_000);
    expect(await next.hold()).toBe(true);
    const other = new Lease(h.handle.db, h.clock, 'telegram-poll:1', ownerName('c'), 60_000);
    expect(await other.hold()).toBe(false);
  });
});
