import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();

/** Asking for exports, on both databases (the files are made in export-job.test.ts). */
describe.each(dialects)('asking for an export (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('keys a season cut by its range and the series version: asked at once by two moderators, one row and one job', async () => {
    h = await makeHarness(dialect);
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.', moderator());
    await h.settle();
    const series = await h.app.engine.series.find('paws-of-fate');
    const exports = h.app.engine.exports;
    const asks = await Promise.all([exports.askSeason(moderator(1), series), exports.askSeason(moderator(2), series), exports.askSeason(moderator(3), series)]);
    expect(new Set(asks.map((a) => a.exportId)).size).toBe(1);
    const jobs = await h.handle.db.selectFrom('jobs').select(['key', 'payload']).where('kind', '=', 'export').execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.key).toMatch(/^export:season:[^:]+:1-1:[0-9a-f]{16}$/);
    await expect(exports.askSeason(viewer(1), series)).rejects.toMatchObject({ code: 'not-moderator' });
    await expect(exports.askSoftSubtitles(moderator(), series, 9)).rejects.toMatchObject({ code: 'not-found' });
    expect(await exports.season(series)).toMatchObject({ status: 'making', current: true, target: '1-1' });
  });
});
