import { afterEach, describe, expect, it } from 'vitest';
import { DiscordAdapter, type DiscordOptions } from '../../src/adapters/discord/adapter.js';
import type { DiscordSettings } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import type { RenderRequest, RenderedEpisode, Renderer } from '../../src/core/ports.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeDiscord, GUILD_ID, MOD_ROLE_ID, PERMISSIONS, type FakeMember, type InteractionRecord, type StoredMessage } from '../fakes/discord/server.js';
import { HOUR, makeHarness, type Harness } from '../helpers/harness.js';

const BASE = PERMISSIONS.viewChannel | PERMISSIONS.sendMessages;
const ADMIN: FakeMember = { id: '500000000000000001', username: 'ada', permissions: String(BASE | PERMISSIONS.manageGuild) };
const fans: FakeMember[] = Array.from({ length: 20 }, (_, i) => ({ id: String(600000000000000000n + BigInt(i)), username: `fan${i}` }));
const EPHEMERAL = 64;

type Button = { custom_id: string; label: string; disabled?: boolean };
const buttonsOf = (m: StoredMessage): Button[] => m.components.flatMap((row) => (row as { components: Button[] }).components);
const fieldsOf = (m: StoredMessage) => ((m.embeds[0] as { fields?: { name: string; value: string }[] }).fields ?? []);
const footerOf = (m: StoredMessage) => String((m.embeds[0] as { footer?: { text: string } }).footer?.text ?? '');

describe('Discord through the real discord.js client and a fake Discord', () => {
  let fake: FakeDiscord;
  let h: Harness;
  let adapter: DiscordAdapter | undefined;
  afterEach(async () => {
    await adapter?.stop();
    adapter = undefined;
    await h?.close();
    await fake?.close();
  });

  async function boot(opts: DiscordOptions & { settings?: Partial<DiscordSettings>; recommendedShards?: number; uploadLimit?: number; renderer?: Renderer } = {}) {
    fake = await FakeDiscord.start();
    if (opts.recommendedShards) fake.recommendedShards = opts.recommendedShards;
    if (opts.uploadLimit) fake.uploadLimit = opts.uploadLimit;
    const settings: DiscordSettings = { token: 'fake-bot-token-0123456789abcdef', applicationId: fake.applicationId, apiBase: fake.api, maxUploadBytes: 10 * 1024 * 1024, shards: undefined, ...opts.settings };
    adapter = new DiscordAdapter(settings, silentLogger, { tallyEveryMs: 300, ...opts });
    h = await makeHarness('sqlite', { publishers: [adapter.publisher], ...(opts.renderer ? { renderer: opts.renderer } : {}) });
    adapter.attach(h.app);
    await adapter.start();
    return adapter;
  }

  /** Waits until the interaction is acknowledged and (if deferred) its answer is in. */
  async function answered(i: InteractionRecord): Promise<{ text: string; ephemeral: boolean }> {
    await fake.waitFor(() => i.response && (i.response.type !== 5 || (i.original?.edits ?? 0) > 0 || i.followUps.length > 0), 8000, `an answer to interaction ${i.id}`);
    const followUp = i.followUps[0];
    if (!i.original && followUp) return { text: followUp.content, ephemeral: (followUp.flags & EPHEMERAL) !== 0 };
    return { text: fake.answerOf(i) ?? '', ephemeral: ((i.original?.flags ?? 0) & EPHEMERAL) !== 0 };
  }

  async function startSeries(title = 'Paws of Fate') {
    const i = fake.slash(ADMIN, ['series', 'new'], { title, premise: 'A Shiba Inu wakes up in hospital with no memory of the wedding.', cast: 'Mochi: Shiba Inu, Luna: black cat' });
    const reply = await answered(i);
    expect(reply.text).toContain(`“${title}” begins`);
    await h.settle();
    return fake.waitFor(() => fake.channelMessages().at(-1), 5000, 'the episode message');
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
    const tally = () => fieldsOf(fake.messages.get(post.id)!).map((f) => f.value.replace(/^[▰▱]+ /, '')).slice(0, 3).join(', ');
    await fake.waitFor(() => tally() === '7 votes, 8 votes, 5 votes', 5000, 'the tally edit');
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
    const next = await fake.waitFor(() => fake.channelMessages().find((m) => String((m.embeds[0] as { title?: string } | undefined)?.title ?? '').includes('Episode 2')), 5000, 'episode 2');
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
    const tally = () => fieldsOf(fake.messages.get(post.id)!).map((f) => f.value.replace(/^[▰▱]+ /, '')).slice(0, 3).join(', ');
    // Three Telegram members and a studio viewer vote: no Discord interaction at all.
    for (const [voterId, letter] of [['telegram:1', 'A'], ['telegram:2', 'B'], ['telegram:3', 'B'], ['web:4', 'C']] as const) {
      const result = await h.app.engine.voteOn({ ballotId: ballot.id, letter, voterId, place: { platform: voterId.startsWith('web') ? 'web' : 'telegram', chatId: 'elsewhere' } });
      expect(result.letter).toBe(letter);
    }
    await fake.waitFor(() => tally() === '1 vote, 2 votes, 1 vote', 5000, 'the tally with the other platforms\' votes');
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
    await fake.waitFor(() => tally() === '2 votes, 2 votes, 1 vote', 5000, 'the tally once this process leads again');
  });

  it('defers slow answers and edits them in; a private answer never shows publicly', async () => {
    await boot({ ackAfterMs: 0 });
    const started = fake.slash(ADMIN, ['series', 'new'], { title: 'Slow Paws', premise: 'A corgi waits for the slowest database in town.' });
    expect(await answered(started)).toEqual({ text: expect.stringContaining('“Slow Paws” begins'), ephemeral: false });
    expect(started.response!.type).toBe(5);
    // The guess was public (series status), the answer is an error meant only for the asker.
    const i = fake.slash(fans[0]!, ['series', 'status'], { series: 'no-such-series' });
    const reply = await answered(i);
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toContain("can't find a series");
    expect(i.original).toBeUndefined(); // the public "thinking…" was removed
  });

  it('autocompletes series names and ballot options', async () => {
    await boot();
    const post = await startSeries();
    const series = fake.autocomplete(fans[0]!, ['series', 'follow'], 'series', 'paw');
    await fake.waitFor(() => series.autocomplete, 5000, 'series choices');
    expect(series.autocomplete).toEqual([{ name: 'Paws of Fate (paws-of-fate)', value: 'paws-of-fate' }]);
    const option = fake.autocomplete(fans[0]!, ['vote'], 'option', '');
    await fake.waitFor(() => option.autocomplete, 5000, 'option choices');
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
    await fake.waitFor(() => fake.channelMessages().filter((m) => m.attachments.length).length === 2, 5000, 'episode 2 after recovery');
    expect(fake.channelMessages().filter((m) => m.attachments.length)).toHaveLength(2);
  }, 30_000);

  it('resumes the gateway after a disconnect and keeps answering', async () => {
    await boot();
    await startSeries();
    fake.disconnect();
    await fake.waitFor(() => fake.resumes === 1 && fake.connected, 10_000, 'the resume');
    expect(fake.identifies).toBe(1);
    expect((await answered(fake.slash(fans[0]!, ['help']))).text).toContain('/vote');
  }, 20_000);

  it('never uploads a video over the upload limit: the episode goes out without it, with a note', async () => {
    await boot({ settings: { maxUploadBytes: 100 }, uploadLimit: 100, studioUrl: 'https://drama.example.com' });
    const post = await startSeries('Big File');
    expect(post.attachments).toHaveLength(0);
    expect(String((post.embeds[0] as { description: string }).description)).toContain('over this server');
    expect(String((post.embeds[0] as { description: string }).description)).toContain('https://drama.example.com/s/big-file#ep-1');
    expect(buttonsOf(post).length).toBeGreaterThanOrEqual(3);
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
    const again = await a.publisher.deliver({ deliveryId: row.id, place: { platform: 'discord', chatId: post.channel_id, threadId: '' }, episode, ballot: status.ballot!, saved: {}, checkpoint: async () => {}, signal: new AbortController().signal });
    expect(again.messageId).toBe(post.id);
    expect(fake.channelMessages()).toHaveLength(1);
  });

  it('runs several gateway shards when asked, and answers on the shard that carries the server', async () => {
    await boot({ settings: { shards: 'auto' }, recommendedShards: 2 });
    expect(fake.shards.sort()).toEqual([[0, 2], [1, 2]]);
    expect((await answered(fake.slash(fans[0]!, ['help']))).text).toContain('/vote');
    await adapter!.stop();
    adapter = undefined;
    await h.close();
    await fake.close();
    await boot({ settings: { shards: 3 } });
    expect(fake.shards.sort()).toEqual([[0, 3], [1, 3], [2, 3]]);
    expect((await answered(fake.slash(fans[0]!, ['help']))).text).toContain('/vote');
  });

  it('renders for and uploads up to the larger limit a boosted server reports', async () => {
    // A renderer that makes a 15 MiB "video" and records the size target it was given.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-big-'));
    const targets: number[] = [];
    const renderer: Renderer = {
      async render(req: RenderRequest): Promise<RenderedEpisode> {
        targets.push(req.maxBytes);
        const file = path.join(dir, `${req.episodeId}.mp4`);
        fs.writeFileSync(file, Buffer.alloc(15 * 1024 * 1024, 1));
        return { videoPath: file, posterPath: null, durationMs: 30_000, sizeBytes: 15 * 1024 * 1024 };
      },
    };
    await boot({ uploadLimit: 50 * 1024 * 1024, renderer });
    const post = await startSeries('Boosted');
    expect(targets).toEqual([50 * 1024 * 1024]);
    expect(post.attachments).toHaveLength(1);
    expect(post.attachments[0]!.size).toBe(15 * 1024 * 1024);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
