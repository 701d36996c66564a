import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FILE_IN_MESSAGE } from '../../src/adapters/discord/limits.js';
import type { RenderRequest, RenderedEpisode, Renderer } from '../../src/core/ports.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GUILD_ID, MOD_ROLE_ID, MiB, PERMISSIONS, type FakeDiscord, type FakeMember, type InteractionRecord, type StoredMessage } from '../fakes/discord/server.js';
import { ADMIN, DiscordRig, EPHEMERAL, buttonsOf, fans, type BootOptions } from '../fakes/discord/rig.js';
import { HOUR, moderator, type Harness } from '../helpers/harness.js';

const fieldsOf = (m: StoredMessage) => (m.embeds[0] as { fields?: { name: string; value: string }[] }).fields ?? [];
const footerOf = (m: StoredMessage) => String((m.embeds[0] as { footer?: { text: string } }).footer?.text ?? '');

describe('Discord through the real discord.js client and a fake Discord', () => {
  let rig: DiscordRig;
  let fake: FakeDiscord;
  let h: Harness;
  afterEach(async () => rig?.close());

  async function boot(opts: BootOptions = {}) {
    rig = new DiscordRig();
    const adapter = await rig.boot(opts);
    fake = rig.fake;
    h = rig.h;
    return adapter;
  }

  const answered = (i: InteractionRecord) => rig.answered(i);

  async function startSeries(title = 'Paws of Fate') {
    const { answer, post } = await rig.startSeries(title);
    expect(answer.text).toContain(`“${title}” begins`);
    return post;
  }

  it('runs a series in a channel: commands deployed, video with buttons, twenty fans vote, refusal, close and the next episode', async () => {
    const a = await boot();
    expect(await a.deployCommands(GUILD_ID)).toBeGreaterThan(5);
    const deployed = fake.commands.get(GUILD_ID)!;
    const mod = deployed.find((c) => c.name === 'mod')!;
    expect(mod.default_member_permissions).toBe(String(PERMISSIONS.manageMessages));
    const series = deployed.find((c) => c.name === 'series') as { options: { name: string; options: { name: string; autocomplete?: boolean; choices?: unknown[] }[] }[] };
    expect(series.options.find((s) => s.name === 'follow')!.options[0]).toMatchObject({ name: 'series', autocomplete: true });
    expect(series.options.find((s) => s.name === 'new')!.options.find((o) => o.name === 'tone')!.choices!.length).toBeGreaterThan(2);

    const post = await startSeries();
    expect(post.attachments).toHaveLength(1);
    expect(post.attachments[0]!.filename).toBe('paws-of-fate-episode-1.mp4');
    expect(post.attachments[0]!.size).toBeGreaterThan(0);
    expect(String((post.embeds[0] as { title: string }).title)).toMatch(/^Paws of Fate — Episode 1: /);
    expect(String((post.embeds[0] as { description: string }).description)).toMatch(/voting closes <t:\d+:R>/);
    const buttons = buttonsOf(post);
    expect(buttons.length).toBeGreaterThanOrEqual(3);
    expect(buttons[0]!.label).toMatch(/^A\. /);

    // Twenty fans click; five of them change their mind.
    const first = await Promise.all(fans.map((fan, n) => answered(fake.click(fan, post, buttons[n % 2]!.custom_id))));
    const again = await Promise.all(fans.slice(0, 5).map((fan) => answered(fake.click(fan, post, buttons[2]!.custom_id))));
    const answers = [...first, ...again];
    expect(answers[1]!.text).toMatch(/^You picked B — you can change it until <t:\d+:R>\.$/);
    expect(answers[20]!.text).toMatch(/^You picked C \(was A\)/);
    expect(answers.every((x) => x.ephemeral)).toBe(true);
    // The public tally arrives, edited far fewer times than there were clicks.
    const tally = () =>
      fieldsOf(fake.messages.get(post.id)!)
        .map((f) => f.value.replace(/^[▰▱]+ /, ''))
        .slice(0, 3)
        .join(', ');
    await fake.waitFor(() => tally() === '7 votes, 8 votes, 5 votes', 'the tally edit', 5000);
    expect(footerOf(fake.messages.get(post.id)!)).toBe('20 votes from every channel of Paws of Fate');
    expect(fake.messages.get(post.id)!.edits).toBeLessThan(10);

    // A fan is refused a moderator command, privately.
    const refused = await answered(fake.slash(fans[3]!, ['mod', 'close-vote']));
    expect(refused).toEqual({ text: 'Only moderators can do that.', ephemeral: true });

    // The ballot closes: buttons disabled, winner announced under the episode, and episode 2 arrives.
    await h.advance(HOUR);
    const closed = fake.messages.get(post.id)!;
    expect(buttonsOf(closed).every((b) => b.disabled)).toBe(true);
    expect(fieldsOf(closed)[1]!.name).toMatch(/ ✓$/);
    const announcement = fake.channelMessages().find((m) => m.content.startsWith('🏆'))!;
    expect(announcement.message_reference?.message_id).toBe(post.id);
    expect(announcement.content).toContain('20 votes from every channel');
    const next = await fake.waitFor(() => fake.channelMessages().find((m) => String((m.embeds[0] as { title?: string } | undefined)?.title ?? '').includes('Episode 2')), 'episode 2', 5000);
    expect(next.attachments).toHaveLength(1);
    expect(String((next.embeds[0] as { description: string }).description)).toContain('Previously');
    // A late click on the old message is refused, not counted.
    expect((await answered(fake.click(fans[0]!, closed, buttonsOf(closed)[0]!.custom_id))).text).toMatch(/closed/i);
    // Every interaction was acknowledged (the fake refuses callbacks after three seconds).
    expect([...fake.interactions.values()].every((i) => i.response)).toBe(true);
  }, 40_000);

  it('shows votes from other platforms in the Discord tally: edited only when it changed, by the process holding the scheduler lease', async () => {
    await boot();
    const post = await startSeries();
    const ballot = await h.handle.db.selectFrom('ballots').select('id').where('status', '=', 'open').executeTakeFirstOrThrow();
    const tally = () =>
      fieldsOf(fake.messages.get(post.id)!)
        .map((f) => f.value.replace(/^[▰▱]+ /, ''))
        .slice(0, 3)
        .join(', ');
    // Three Telegram members and a studio viewer vote: no Discord interaction at all.
    for (const [voterId, letter] of [
      ['telegram:1', 'A'],
      ['telegram:2', 'B'],
      ['telegram:3', 'B'],
      ['web:4', 'C'],
    ] as const) {
      const result = await h.app.engine.voteOn({ ballotId: ballot.id, letter, voterId, place: { platform: voterId.startsWith('web') ? 'web' : 'telegram', chatId: 'elsewhere' } });
      expect(result.letter).toBe(letter);
    }
    await fake.waitFor(() => tally() === '1 vote, 2 votes, 1 vote', "the tally with the other platforms' votes", 5000);
    expect(footerOf(fake.messages.get(post.id)!)).toBe('4 votes from every channel of Paws of Fate');
    // Nothing new: later looks send no edits.
    const edits = fake.messages.get(post.id)!.edits;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(fake.messages.get(post.id)!.edits).toBe(edits);

    // Only the process holding the scheduler lease looks (several bot processes edit once).
    await h.app.scheduler.stop();
    expect(h.app.scheduler.isLeader).toBe(false);
    await h.app.engine.voteOn({ ballotId: ballot.id, letter: 'A', voterId: 'telegram:5', place: { platform: 'telegram', chatId: 'elsewhere' } });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(tally()).toBe('1 vote, 2 votes, 1 vote');
    await h.app.scheduler.tick(); // takes the lease again
    await fake.waitFor(() => tally() === '2 votes, 2 votes, 1 vote', 'the tally once this process leads again', 5000);
  });

  it('defers privately when the answer is slow: a private answer stays private, a public one follows for everyone', async () => {
    await boot({ ackAfterMs: 0 });
    const started = fake.slash(ADMIN, ['series', 'new'], { title: 'Slow Paws', premise: 'A corgi waits for the slowest database in town.' });
    expect(await answered(started)).toEqual({ text: expect.stringContaining('“Slow Paws” begins'), ephemeral: false });
    // Every defer is private (any answer may be an error meant for the asker alone); the private
    // "thinking…" was edited into a pointer, and the answer came as a public follow-up.
    expect(started.response).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(started.original!.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(started.followUps[0]!.flags & EPHEMERAL).toBe(0);
    // An error is private, edited into the private "thinking…": nothing was ever shown publicly.
    const i = fake.slash(fans[0]!, ['series', 'status'], { series: 'no-such-series' });
    expect(await answered(i)).toEqual({ text: expect.stringContaining("can't find a series"), ephemeral: true });
    expect(i.response).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(i.followUps).toEqual([]);
    expect(fake.calls.filter((c) => c.status >= 400)).toEqual([]);
  });

  it('never leaves live buttons on a closed ballot when a tally edit lands after the close', async () => {
    await boot();
    const post = await startSeries();
    const buttons = buttonsOf(post);
    // The tally edit for this click is slow; the ballot closes while it is on its way.
    fake.fail(/^PATCH \/channels\/\d+\/messages\/\d+$/, { delayMs: 1_000 });
    await answered(fake.click(fans[0]!, post, buttons[0]!.custom_id));
    await fake.waitFor(() => fake.calls.find((c) => c.method === 'PATCH' && c.status === 0), 'the slow tally edit', 5000);
    await h.say('/mod close-vote', moderator(), { platform: 'discord', chatId: post.channel_id });
    await h.settle();
    // The slow edit lands after the close's own edit; the adapter has the last word.
    await fake.waitFor(
      () => fake.calls.filter((c) => c.method === 'PATCH' && c.status === 200).length >= 3 && buttonsOf(fake.messages.get(post.id)!).every((b) => b.disabled),
      'the closed ballot to stay shown',
      8000,
    );
    expect(buttonsOf(fake.messages.get(post.id)!).every((b) => b.disabled)).toBe(true);
  });

  it('autocompletes series names and ballot options', async () => {
    await boot();
    const post = await startSeries();
    const series = fake.autocomplete(fans[0]!, ['series', 'follow'], 'series', 'paw');
    await fake.waitFor(() => series.autocomplete, 'series choices', 5000);
    expect(series.autocomplete).toEqual([{ name: 'Paws of Fate (paws-of-fate)', value: 'paws-of-fate' }]);
    const option = fake.autocomplete(fans[0]!, ['vote'], 'option', '');
    await fake.waitFor(() => option.autocomplete, 'option choices', 5000);
    expect((option.autocomplete as { value: string }[]).map((c) => c.value)).toEqual(buttonsOf(post).map((b) => b.label[0]));
  });

  it('lets moderators approve suggestions with buttons, and members of the series role moderate', async () => {
    await boot();
    await startSeries();
    expect((await answered(fake.slash(fans[1]!, ['suggest'], { twist: 'Luna was the surgeon all along' }))).text).toMatch(/moderators/i);
    const queue = fake.slash(ADMIN, ['mod', 'queue']);
    await answered(queue);
    const approve = buttonsOf(queue.original!).find((b) => b.label === 'Approve #1')!;
    const approved = await answered(fake.click(ADMIN, queue.original!, approve.custom_id));
    expect(approved.text).toContain('Suggestion #1 is on the ballot as option');
    // A fan pressing a moderator button is refused.
    expect((await answered(fake.click(fans[2]!, queue.original!, approve.custom_id))).text).toBe('Only moderators can do that.');

    const roleMember: FakeMember = { id: '700000000000000001', username: 'rolemod', roles: [MOD_ROLE_ID] };
    expect((await answered(fake.slash(roleMember, ['mod', 'window'], { duration: '2h' }))).text).toBe('Only moderators can do that.');
    expect((await answered(fake.slash(ADMIN, ['mod', 'role'], { role: 'Story Mods' }))).text).toContain('“Story Mods” can now moderate');
    expect((await answered(fake.slash(roleMember, ['mod', 'window'], { duration: '2h' }))).text).toContain('Ballots now stay open 2h');
  });

  it('waits out 429s, keeps a failing post in the outbox, and posts it once Discord recovers', async () => {
    await boot();
    fake.fail(/^POST \/channels\/\d+\/messages$/, { status: 429, retryAfter: 0.3 });
    const post = await startSeries();
    expect(fake.channelMessages()).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.route)).map((c) => c.status)).toEqual([429, 200]);
    expect(post.attachments).toHaveLength(1);

    // Episode 2's post meets a run of 500s: the delivery waits in the outbox, then goes out once.
    fake.fail(/^POST \/channels\/\d+\/messages$/, { status: 500, times: 30 });
    await answered(fake.click(fans[0]!, post, buttonsOf(post)[0]!.custom_id));
    await h.advance(HOUR);
    const pending = await h.handle.db.selectFrom('deliveries').selectAll().where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
    fake.clearFaults();
    await h.advance(10 * 60_000);
    await fake.waitFor(() => fake.channelMessages().filter((m) => m.attachments.length).length === 2, 'episode 2 after recovery', 5000);
    expect(fake.channelMessages().filter((m) => m.attachments.length)).toHaveLength(2);
  }, 30_000);

  it('resumes the gateway after a disconnect and keeps answering', async () => {
    await boot();
    await startSeries();
    fake.disconnect();
    await fake.waitFor(() => fake.resumes === 1 && fake.connected, 'the resume', 10_000);
    expect(fake.identifies).toBe(1);
    expect((await answered(fake.slash(fans[0]!, ['help']))).text).toContain('/vote');
  }, 20_000);

  it('never uploads a video over the upload limit: the episode goes out without it, and the note stays through every tally edit', async () => {
    await boot({ settings: { maxUploadBytes: 100 }, world: (f) => (f.defaultUploadLimit = 100), studioUrl: 'https://drama.example.com' });
    const post = await startSeries('Big File');
    expect(post.attachments).toHaveLength(0);
    // The note lives in the message's content, which tally edits (embeds and buttons only) leave alone.
    expect(post.content).toContain('over this server');
    expect(post.content).toContain('https://drama.example.com/s/big-file#ep-1');
    expect(buttonsOf(post).length).toBeGreaterThanOrEqual(3);
    await answered(fake.click(fans[0]!, post, buttonsOf(post)[0]!.custom_id));
    await fake.waitFor(() => footerOf(fake.messages.get(post.id)!).startsWith('1 vote'), 'the tally edit', 5000);
    await h.advance(HOUR);
    const closed = fake.messages.get(post.id)!;
    expect(closed.edits).toBeGreaterThanOrEqual(2);
    expect(buttonsOf(closed).every((b) => b.disabled)).toBe(true);
    expect(closed.content).toContain('https://drama.example.com/s/big-file#ep-1');
  });

  it('refuses to register commands for another application', async () => {
    const a = await boot({ settings: { applicationId: '999999999999999999' } });
    await expect(a.deployCommands()).rejects.toThrow(/Unknown Application/);
  });

  it('posts an episode once even when a crash loses the answer to the first post', async () => {
    const a = await boot();
    const post = await startSeries();
    const row = await h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    const episode = (await h.app.engine.episodes.show((await h.app.engine.series.find('paws-of-fate')).id))!;
    const status = await h.app.engine.status(episode.seriesId);
    // The worker posted, then died before saving the message id: the retry posts with the same nonce.
    const again = await a.publisher.deliver({
      deliveryId: row.id,
      place: { platform: 'discord', chatId: post.channel_id, threadId: '' },
      episode,
      ballot: status.ballot!,
      saved: {},
      locale: 'en',
      checkpoint: async () => {},
      signal: new AbortController().signal,
    });
    expect(again.messageId).toBe(post.id);
    expect(fake.channelMessages()).toHaveLength(1);
  });

  it('runs several gateway shards when asked, and answers on the shard that carries the server', async () => {
    await boot({ settings: { shards: 'auto' }, world: (f) => (f.recommendedShards = 2) });
    expect(fake.shards.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect((await answered(fake.slash(fans[0]!, ['help']))).text).toContain('/vote');
    await rig.close();
    await boot({ settings: { shards: 3 } });
    expect(fake.shards.sort()).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect((await answered(fake.slash(fans[0]!, ['help']))).text).toContain('/vote');
  });

  it('renders for and uploads up to the larger limit of a boosted server, within the request size Discord takes', async () => {
    // A renderer that makes a 15 MiB "video" and records the size target it was given.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-big-'));
    const targets: number[] = [];
    const renderer: Renderer = {
      async render(req: RenderRequest): Promise<RenderedEpisode> {
        targets.push(req.maxBytes);
        const file = path.join(dir, `${req.episodeId}.mp4`);
        fs.writeFileSync(file, Buffer.alloc(15 * MiB, 1));
        return { videoPath: file, posterPath: null, durationMs: 30_000, sizeBytes: 15 * MiB };
      },
    };
    // Boost level 2 takes 50 MiB files, but a message's whole request stops at 25 MiB.
    await boot({ renderer, world: (f) => (f.premiumTier = 2) });
    const post = await startSeries('Boosted');
    expect(targets).toEqual([MAX_FILE_IN_MESSAGE]);
    expect(MAX_FILE_IN_MESSAGE).toBeLessThan(25 * MiB);
    expect(post.attachments).toHaveLength(1);
    expect(post.attachments[0]!.size).toBe(15 * 1024 * 1024);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
