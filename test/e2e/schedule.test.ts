import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebPublisher } from '../../src/adapters/web/publisher.js';
import { Studio } from '../../src/adapters/web/studio.js';
import type { ManualClock } from '../../src/core/clock.js';
import type { Renderer } from '../../src/core/ports.js';
import { t } from '../../src/i18n/i18n.js';
import { silentLogger } from '../../src/log.js';
import { chan, makeHarness, MINUTE, moderator, testConfig, testDialects, viewer, type Harness } from '../helpers/harness.js';
import { StoryboardRenderer } from '../helpers/storyboard-renderer.js';

const dialects = await testDialects();

// The harness starts on Thursday 26 November 2026 at 12:00 UTC: 13:00 in Berlin (CET, UTC+1).
const utc = (iso: string) => Date.parse(`${iso}Z`);
/** What people read, with Intl's narrow spaces ("7:00 PM") made plain. */
const plain = (text: string) => text.replace(/\s+/g, ' ');
const BERLIN = '/series schedule 09:00,13:00,19:00 Europe/Berlin';

/** Sets the clock to a moment (UTC) and lets the loop catch up, as the running bot would. */
async function at(h: Harness, iso: string): Promise<void> {
  h.clock.set(utc(iso));
  await h.settle();
}

async function startSeries(h: Harness): Promise<void> {
  await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding.', moderator());
  await h.settle();
}

/** Three viewers vote on the open ballot: A wins. */
async function vote(h: Harness): Promise<void> {
  for (const [n, letter] of [
    [1, 'A'],
    [2, 'A'],
    [3, 'B'],
  ] as const) {
    expect(await h.say(`/vote ${letter}`, viewer(n))).toContain(`You picked ${letter}`);
  }
}

const episode = (h: Harness, number: number) => h.handle.db.selectFrom('episodes').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
const ballotOf = async (h: Harness, number: number) =>
  h.handle.db
    .selectFrom('ballots')
    .selectAll()
    .where('episode_id', '=', (await episode(h, number)).id)
    .executeTakeFirstOrThrow();
const posted = (h: Harness) => h.publisher.posts.map((p) => p.episode.number);

describe.each(dialects)('release schedules (%s)', (dialect) => {
  let h: Harness;
  let mediaDir: string | undefined;
  afterEach(async () => {
    await h?.close();
    if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true });
    mediaDir = undefined;
  });

  it('closes the ballot 30 minutes before the next release and releases the episode on time, not before', async () => {
    h = await makeHarness(dialect);
    await startSeries(h);
    expect(posted(h)).toEqual([1]);

    const reply = plain(await h.say(BERLIN, moderator()));
    expect(reply).toContain('“Paws of Fate” now goes out at 09:00, 13:00 and 19:00 (Europe/Berlin). Voting closes 30m before each release.');
    expect(reply).toContain('Next release: Thu, Nov 26, 7:00 PM (in 6h)');
    // The open ballot now closes before the 19:00 release (13:00 is now: too soon for a vote).
    expect((await ballotOf(h, 1)).closes_at).toBe(utc('2026-11-26T17:30'));
    const audit = await h.handle.db.selectFrom('audit_log').select('details').where('action', '=', 'series.schedule').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toEqual({ times: ['09:00', '13:00', '19:00'], zone: 'Europe/Berlin', closeMs: 30 * MINUTE });

    await vote(h);
    await at(h, '2026-11-26T17:29');
    expect((await ballotOf(h, 1)).status).toBe('open');
    await at(h, '2026-11-26T17:30');
    expect((await ballotOf(h, 1)).status).toBe('closed');
    expect(h.publisher.results).toHaveLength(1);
    // Written and rendered in the gap, it waits for its slot.
    const waiting = await episode(h, 2);
    expect(waiting.status).toBe('rendered');
    expect(waiting.release_at).toBe(utc('2026-11-26T18:00'));
    expect(plain(await h.say('/series status', viewer(9)))).toContain('Next release: Thu, Nov 26, 7:00 PM (in 30m)');
    await at(h, '2026-11-26T17:59');
    expect(posted(h)).toEqual([1]);

    await at(h, '2026-11-26T18:00');
    expect(posted(h)).toEqual([1, 2]);
    expect((await episode(h, 2)).published_at).toBe(utc('2026-11-26T18:00'));
    expect(h.publisher.notices).toEqual([]);
    // Its ballot runs to 30 minutes before the next morning's 09:00.
    expect((await ballotOf(h, 2)).closes_at).toBe(utc('2026-11-27T07:30'));
    const status = plain(await h.say('/series status', viewer(9)));
    expect(status).toContain('📅 Releases at 09:00, 13:00 and 19:00 (Europe/Berlin) · voting closes 30m before each');
    expect(status).toContain('Next release: Fri, Nov 27, 9:00 AM (in 14h)');
  });

  it('releases a late episode when it is ready and tells each channel, in its language', async () => {
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-slow-'));
    const storyboard = new StoryboardRenderer(mediaDir);
    let clock: ManualClock | undefined;
    let renderMs = 0;
    let duringRender = '';
    // A render that takes 45 minutes of the series' time; meanwhile someone asks where things stand.
    const renderer: Renderer = {
      async render(request) {
        clock?.advance(renderMs);
        if (renderMs) duringRender = plain(await h.say('/series status', viewer(9)));
        return storyboard.render(request);
      },
    };
    h = await makeHarness(dialect, { renderer });
    clock = h.clock;
    await startSeries(h);
    const tg = chan('-100777', 'telegram');
    await h.say('/series follow paws-of-fate', moderator(1, 'telegram'), tg);
    await h.say('/series language de', moderator(1, 'telegram'), tg);
    await h.settle();
    await h.say(BERLIN, moderator());
    await vote(h);

    renderMs = 45 * MINUTE;
    await at(h, '2026-11-26T17:30');
    expect(duringRender).toContain("⏰ Episode 2 missed its slot: it goes out as soon as it's ready.");
    expect(posted(h)).toEqual([1, 2]);
    expect(h.publishers.telegram.posts.map((p) => p.episode.number)).toEqual([1, 2]);
    expect((await episode(h, 2)).published_at).toBe(utc('2026-11-26T18:15'));
    expect(h.publisher.notices.map((n) => plain(n.text))).toEqual(['⏰ Episode 2 of “Paws of Fate” is late (it was due Thu, Nov 26, 7:00 PM). Here it is now, thanks for waiting!']);
    expect(h.publishers.telegram.notices.map((n) => plain(n.text))).toEqual(['⏰ Folge 2 von „Paws of Fate“ kommt zu spät (geplant war Do., 26. Nov., 19:00). Hier ist sie, danke fürs Warten!']);
    // A late episode's ballot still gets its time: it closes before the next morning's release.
    expect((await ballotOf(h, 2)).closes_at).toBe(utc('2026-11-27T07:30'));
    // Told once: later deliveries and ticks say nothing more.
    renderMs = 0;
    await h.advance(MINUTE);
    expect(h.publisher.notices).toHaveLength(1);
  });

  it('releases a 02:30 the spring clocks skip when they jump, once', async () => {
    h = await makeHarness(dialect);
    h.clock.set(utc('2026-03-28T10:00'));
    await startSeries(h);
    await h.say('/series schedule 02:30,12:00 Europe/Berlin', moderator());
    // 29 March: at 02:00 CET (01:00 UTC) the clocks jump to 03:00 CEST; 02:30 never shows.
    expect((await ballotOf(h, 1)).closes_at).toBe(utc('2026-03-29T00:30'));
    await vote(h);
    await at(h, '2026-03-29T00:59');
    expect(posted(h)).toEqual([1]);
    expect((await episode(h, 2)).release_at).toBe(utc('2026-03-29T01:00'));
    await at(h, '2026-03-29T01:00');
    expect(posted(h)).toEqual([1, 2]);
    expect(h.publisher.notices).toEqual([]);
    // The next release is 12:00 summer time.
    expect((await ballotOf(h, 2)).closes_at).toBe(utc('2026-03-29T09:30'));
    await at(h, '2026-03-29T02:00');
    expect(posted(h)).toEqual([1, 2]);
  });

  it('releases a 02:30 the autumn clocks show twice the first time only', async () => {
    h = await makeHarness(dialect);
    h.clock.set(utc('2026-10-24T10:00'));
    await startSeries(h);
    await h.say('/series schedule 02:30,12:00 Europe/Berlin', moderator());
    // 25 October: 02:30 CEST (00:30 UTC), then at 03:00 CEST the clocks go back and 02:30 CET (01:30 UTC) comes again.
    expect((await ballotOf(h, 1)).closes_at).toBe(utc('2026-10-25T00:00'));
    await vote(h);
    await at(h, '2026-10-25T00:29');
    expect(posted(h)).toEqual([1]);
    await at(h, '2026-10-25T00:30');
    expect(posted(h)).toEqual([1, 2]);
    await at(h, '2026-10-25T01:30');
    expect(posted(h)).toEqual([1, 2]);
    expect((await ballotOf(h, 2)).status).toBe('open');
    expect((await ballotOf(h, 2)).closes_at).toBe(utc('2026-10-25T10:30'));
    await vote(h);
    await at(h, '2026-10-25T10:30');
    expect(posted(h)).toEqual([1, 2]);
    await at(h, '2026-10-25T11:00');
    expect(posted(h)).toEqual([1, 2, 3]);
  });

  it('after a down-time over several releases, releases once at start: no burst, no repeats', async () => {
    h = await makeHarness(dialect);
    await startSeries(h);
    await h.say(BERLIN, moderator());
    await vote(h);
    await at(h, '2026-11-26T17:45');
    expect((await episode(h, 2)).status).toBe('rendered');

    // Down from 17:45 to 12:30 the next day: 19:00, 09:00 and 13:00 (Berlin) pass with nobody ticking.
    h.clock.set(utc('2026-11-27T12:30'));
    await h.restart();
    await h.settle();
    expect(posted(h)).toEqual([1, 2]);
    expect((await episode(h, 2)).published_at).toBe(utc('2026-11-27T12:30'));
    expect(h.publisher.notices).toHaveLength(1);
    expect(plain(h.publisher.notices[0]!.text)).toContain('(it was due Thu, Nov 26, 7:00 PM)');
    expect((await ballotOf(h, 2)).closes_at).toBe(utc('2026-11-27T17:30'));
    await h.advance(MINUTE);
    expect(posted(h)).toEqual([1, 2]);

    // Down again while the ballot is open, over its close and two releases: at start it closes,
    // and the next episode is written, rendered and released once.
    await vote(h);
    h.clock.set(utc('2026-11-28T09:00'));
    await h.restart();
    await h.settle();
    expect((await ballotOf(h, 2)).status).toBe('closed');
    expect(posted(h)).toEqual([1, 2, 3]);
    expect((await episode(h, 3)).published_at).toBe(utc('2026-11-28T09:00'));
    expect(h.publisher.notices).toHaveLength(2);
    expect((await ballotOf(h, 3)).closes_at).toBe(utc('2026-11-28T11:30'));
    await h.advance(MINUTE);
    expect(posted(h)).toEqual([1, 2, 3]);
    const episodes = await h.handle.db.selectFrom('episodes').select('number').execute();
    expect(episodes).toHaveLength(3);
  });

  it('skips the releases that fall in a pause, and releases at the next one after resuming', async () => {
    h = await makeHarness(dialect);
    await startSeries(h);
    await h.say(BERLIN, moderator());
    await vote(h);
    await at(h, '2026-11-26T17:45');
    expect(await h.say('/series pause', moderator())).toContain('paused');
    await at(h, '2026-11-26T18:30');
    expect(posted(h)).toEqual([1]);
    expect(await h.say('/series status', viewer(9))).toContain('⏸ Releases are skipped while the series is paused.');

    await h.say('/series resume', moderator());
    await h.settle();
    expect(posted(h)).toEqual([1]);
    expect((await episode(h, 2)).release_at).toBe(utc('2026-11-27T08:00'));
    expect(plain(await h.say('/series status', viewer(9)))).toContain('Next release: Fri, Nov 27, 9:00 AM');
    await at(h, '2026-11-27T07:59');
    expect(posted(h)).toEqual([1]);
    await at(h, '2026-11-27T08:00');
    expect(posted(h)).toEqual([1, 2]);
    // On time for the slot it was given: nothing to apologise for.
    expect(h.publisher.notices).toEqual([]);
  });

  it('goes back to "as soon as ready": a waiting episode goes out at once, the ballot gets its vote window', async () => {
    h = await makeHarness(dialect);
    await startSeries(h);
    await h.say(BERLIN, moderator());
    await vote(h);
    await at(h, '2026-11-26T17:40');
    expect(posted(h)).toEqual([1]);
    expect(await h.say('/series schedule off', moderator())).toBe("▶️ “Paws of Fate” is back to as-soon-as-ready: each episode goes out the moment it's rendered.");
    await h.settle();
    expect(posted(h)).toEqual([1, 2]);
    expect((await ballotOf(h, 2)).closes_at).toBe(utc('2026-11-26T18:40'));
    const status = await h.say('/series status', viewer(9));
    expect(status).not.toContain('Next release');
    expect((await episode(h, 2)).release_at).toBeNull();
  });

  it('explains what is wrong with a schedule, in the reader’s language, and keeps the zone and close time set before', async () => {
    h = await makeHarness(dialect);
    await startSeries(h);
    const mod = moderator();
    expect(await h.say('/series schedule 09:00,25:00 Europe/Berlin', mod)).toBe("“25:00” isn't a time I can read. Use 24-hour times like 09:00 or 19:30, separated by commas.");
    expect(await h.say('/series schedule 09:00,9:00 Europe/Berlin', mod)).toBe('09:00 is in the list twice: each release time once, please.');
    const thirteen = Array.from({ length: 13 }, (_, i) => `${String(i + 8).padStart(2, '0')}:00`).join(',');
    expect(await h.say(`/series schedule ${thirteen} Europe/Berlin`, mod)).toBe("That's 13 releases a day: 12 at most, so every episode gets its vote.");
    expect(await h.say('/series schedule 09:00 Europe/Atlantis', mod)).toBe("I don't know the time zone “Europe/Atlantis”. Try a name like Europe/Berlin, America/New_York or Asia/Tokyo.");
    expect(await h.say('/series schedule 09:00,19:00', mod)).toBe('Which time zone? Add one, e.g. /series schedule 09:00,19:00 Europe/Berlin');
    expect(await h.say('/series schedule 09:00,09:40 Europe/Berlin close:45m', mod)).toBe("Releases are only 40m apart, so voting can't close 45m before each. Try a shorter close: or fewer times.");
    expect(await h.say('/series schedule 09:00 Europe/Berlin close:soon', mod)).toBe('close: takes a duration like 30m or 1h, not “soon”.');
    expect(await h.say('/series schedule 09:00 Europe/Berlin close:1m', mod)).toBe("Voting has to close at least 5 minutes before a release, so there's time to write and render.");
    expect(await h.say('/series schedule 09:00 Europe/Berlin', viewer(1))).toBe(t('en', 'errors.command.notModerator'));
    const series = await h.handle.db.selectFrom('series').select('release_schedule').executeTakeFirstOrThrow();
    expect(series.release_schedule).toBeNull();

    expect(await h.say('/series schedule 9,19 berlin close:45m', mod)).toContain('now goes out at 09:00 and 19:00 (Europe/Berlin). Voting closes 45m before each release.');
    // New times keep the zone and the close time.
    expect(await h.say('/series schedule 10:00,20:00', mod)).toContain('now goes out at 10:00 and 20:00 (Europe/Berlin). Voting closes 45m before each release.');

    await h.say('/series language es', mod);
    expect(await h.say('/series schedule 09:00 Europe/Atlantis', mod)).toBe('No conozco la zona horaria «Europe/Atlantis». Prueba con un nombre como Europe/Madrid, America/Mexico_City o Asia/Tokyo.');
    expect(plain(await h.say('/series status', viewer(9)))).toContain('📅 Estrenos a las 10:00 y 20:00 (Europe/Berlin) · la votación cierra 45 min antes de cada uno');
  });
});

describe('the release schedule in the studio', () => {
  let h: Harness | undefined;
  let studio: Studio | undefined;
  afterEach(async () => {
    await studio?.stop();
    await h?.close();
  });

  it('shows the schedule and the next release on the moderation page, and its form sets them', async () => {
    const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-studio-')), WEB_PORT: '0' };
    const config = testConfig(env);
    h = await makeHarness('sqlite', { publishers: [new WebPublisher()] }, env);
    studio = new Studio(config.web, config.render.mediaDir, silentLogger);
    studio.attach(h.app);
    const url = await studio.start();
    await startSeries(h);
    const page = async () => plain(await (await fetch(`${url}/s/paws-of-fate/mod`)).text());
    expect(await page()).toContain('<h3>Release schedule</h3> <p>Each episode goes out as soon as it&#39;s ready.</p>');

    const res = await fetch(`${url}/s/paws-of-fate/mod`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
      body: new URLSearchParams({ command: 'series schedule', times: '19:00, 09:00', zone: 'Europe/Berlin', close: '' }).toString(),
    });
    expect(res.status).toBe(303);
    const shown = await page();
    expect(shown).toContain('Releases at 09:00 and 19:00 (Europe/Berlin) · voting closes 30m before each');
    expect(shown).toContain('Next release: Thu, Nov 26, 7:00 PM');
    expect(shown).toContain('value="09:00,19:00"');
    const german = plain(await (await fetch(`${url}/s/paws-of-fate/mod`, { headers: { 'accept-language': 'de' } })).text());
    expect(german).toContain('Nächster Release: Do., 26. Nov., 19:00');
  });
});
