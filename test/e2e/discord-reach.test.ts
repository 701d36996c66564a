import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordPlatform, type DiscordAdapter, type DiscordOptions } from '../../src/adapters/discord/adapter.js';
import { MAX_FILE_IN_MESSAGE, serverUploadLimit } from '../../src/adapters/discord/limits.js';
import type { DiscordSettings } from '../../src/config.js';
import { DeferJobError, PlatformUnreachableError } from '../../src/core/errors.js';
import type { DeliveryRequest, RenderRequest, RenderedEpisode, Renderer } from '../../src/core/ports.js';
import { silentLogger } from '../../src/log.js';
import { ADMIN_ROLE_ID, BOT_PERMISSIONS, CHANNEL_ID, FakeDiscord, MiB, MOD_ROLE_ID, OTHER_CHANNEL_ID, PERMISSIONS, type FakeMember } from '../fakes/discord/server.js';
import { ADMIN, DiscordRig, EPHEMERAL, TOKEN, buttonsOf, fans, type BootOptions } from '../fakes/discord/rig.js';
import { HOUR, makeHarness, type Harness } from '../helpers/harness.js';
import { until } from '../helpers/wait.js';
import { closedPort, silentServer } from '../helpers/net.js';

const STUDIO = 'https://drama.example.com';
const LINK = 'https://drama.example.com/s/paws-of-fate#ep-1';
const MESSAGES = /^\/channels\/\d+\/messages$/;
/** Faults match "METHOD route". */
const POST_MESSAGE = /^POST \/channels\/\d+\/messages$/;
const posts = (fake: FakeDiscord) => fake.calls.filter((c) => c.method === 'POST' && MESSAGES.test(c.route));

/** A renderer writing a "video" of a chosen size (and a small poster), recording the size it was asked to fit. */
function sizedRenderer(size: (maxBytes: number) => number, poster = false): Renderer & { targets: number[]; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-discord-'));
  const targets: number[] = [];
  return {
    targets,
    dir,
    async render(req: RenderRequest): Promise<RenderedEpisode> {
      targets.push(req.maxBytes);
      const videoPath = path.join(dir, `${req.episodeId}.mp4`);
      const bytes = size(req.maxBytes);
      fs.writeFileSync(videoPath, Buffer.alloc(bytes, 1));
      const posterPath = poster ? path.join(dir, `${req.episodeId}.png`) : null;
      if (posterPath) fs.writeFileSync(posterPath, Buffer.alloc(2048, 2));
      return { videoPath, posterPath, durationMs: 30_000, sizeBytes: bytes };
    },
  };
}

describe('Discord: limits, permissions and outages, as Discord documents them', () => {
  let rig: DiscordRig;
  let fake: FakeDiscord;
  let h: Harness;
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    await rig?.close();
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function boot(opts: BootOptions = {}) {
    rig = new DiscordRig();
    const adapter = await rig.boot(opts);
    fake = rig.fake;
    h = rig.h;
    return adapter;
  }

  const channelRow = () => h.handle.db.selectFrom('channels').selectAll().executeTakeFirstOrThrow();
  const announcement = () => fake.channelMessages().find((m) => m.content.startsWith('🏆'));

  /** What the core hands the publisher for the current episode, as a retry after a crash would. */
  async function deliveryRequest(signal = new AbortController().signal): Promise<DeliveryRequest> {
    const row = await h.handle.db.selectFrom('deliveries').selectAll().orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const series = await h.app.engine.series.find('paws-of-fate');
    const episode = (await h.app.engine.episodes.show(series.id))!;
    const status = await h.app.engine.status(series.id);
    return {
      deliveryId: `${row.id}-again`,
      place: { platform: 'discord', chatId: CHANNEL_ID, threadId: '' },
      episode,
      ballot: status.ballot!,
      saved: {},
      locale: 'en',
      checkpoint: async () => {},
      signal,
    };
  }

  // ---- 1. upload limits ------------------------------------------------------------------------

  it('takes the upload limit from the server’s boost level, never from a Nitro member’s click', async () => {
    const renderer = sizedRenderer((max) => Math.min(max - 4096, 2 * MiB));
    cleanup.push(() => fs.rmSync(renderer.dir, { recursive: true, force: true }));
    await boot({ renderer, settings: { maxUploadBytes: 1 * MiB }, world: (f) => (f.defaultUploadLimit = 1 * MiB) });
    const { post } = await rig.startSeries();
    expect(renderer.targets).toEqual([1 * MiB]);
    // A Nitro subscriber votes: Discord tells the bot 500 MiB, the larger of the server's and theirs.
    const nitro: FakeMember = { id: '650000000000000001', username: 'nitro', nitroUploadLimit: 500 * MiB };
    const click = fake.click(nitro, post, buttonsOf(post)[0]!.custom_id);
    expect((await rig.answered(click)).text).toMatch(/^You picked A/);
    await new Promise((r) => setTimeout(r, 200)); // the limit is noted beside the answer
    expect((await channelRow()).upload_limit).toBe(1 * MiB);
    await h.advance(HOUR);
    const next = await fake.waitFor(() => rig.episodes()[1], 'episode 2', 5000);
    expect(renderer.targets[1]).toBe(1 * MiB);
    expect(next.attachments).toHaveLength(1);
    expect(fake.calls.filter((c) => c.status === 413)).toEqual([]);
    // The server reaches boost level 2: the next interaction there raises the limit, up to what one message carries.
    fake.setPremiumTier(2);
    await rig.answered(fake.slash(fans[1]!, ['help']));
    await until(async () => (await channelRow()).upload_limit === MAX_FILE_IN_MESSAGE, 'the boosted limit');
  });

  it('knows Discord’s per-level limits and the 25 MiB request size', () => {
    expect(serverUploadLimit(0, 10 * MiB)).toBe(10 * MiB);
    expect(serverUploadLimit(1, 10 * MiB)).toBe(10 * MiB);
    expect(serverUploadLimit(2, 10 * MiB)).toBe(MAX_FILE_IN_MESSAGE);
    expect(serverUploadLimit(3, 10 * MiB)).toBe(MAX_FILE_IN_MESSAGE);
    expect(MAX_FILE_IN_MESSAGE).toBeLessThan(25 * MiB);
    // Without the server's level, what the click reported bounds it (it may include the clicker's Nitro).
    expect(serverUploadLimit(undefined, 10 * MiB, 8 * MiB)).toBe(8 * MiB);
    expect(serverUploadLimit(undefined, 10 * MiB, 500 * MiB)).toBe(10 * MiB);
  });

  it('posts the episode with its poster and a studio link when Discord refuses the upload as too large', async () => {
    const renderer = sizedRenderer(() => 2 * MiB, true);
    cleanup.push(() => fs.rmSync(renderer.dir, { recursive: true, force: true }));
    // The operator believes the servers take 5 MiB; this one takes 1 MiB.
    await boot({ renderer, studioUrl: STUDIO, settings: { maxUploadBytes: 5 * MiB }, world: (f) => (f.defaultUploadLimit = 1 * MiB) });
    const { post } = await rig.startSeries();
    expect(posts(fake).map((c) => c.status)).toEqual([413, 200]);
    expect(post.attachments.map((a) => a.filename)).toEqual(['paws-of-fate-episode-1.png']);
    expect(post.content).toContain('too large');
    expect(post.content).toContain(LINK);
    expect(buttonsOf(post).length).toBeGreaterThanOrEqual(3);
    expect((await h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow()).status).toBe('sent');
  });

  // ---- 3. permissions --------------------------------------------------------------------------

  it('says what is missing when a series starts where the bot may not attach files or embed links, and posts there anyway', async () => {
    await boot({ studioUrl: STUDIO, world: (f) => f.setBotPermissions(CHANNEL_ID, PERMISSIONS.viewChannel | PERMISSIONS.sendMessages | PERMISSIONS.readMessageHistory) });
    const { answer, post } = await rig.startSeries();
    expect(answer.text).toContain('“Paws of Fate” begins');
    expect(answer.text).toMatch(/missing .*Embed Links.*Attach Files|missing .*Attach Files.*Embed Links/s);
    // Refused with the video (403 Missing Permissions), posted without it; Discord dropped the embed, so the text is in the content.
    expect(posts(fake).map((c) => c.status)).toEqual([403, 200]);
    expect(posts(fake)[0]!.files).toHaveLength(1);
    expect(post.attachments).toEqual([]);
    expect(post.embeds).toEqual([]);
    expect(post.content).toContain('Paws of Fate — Episode 1');
    expect(post.content).toContain(LINK);
    expect(post.content).toContain('Attach Files');
    expect(post.content).toContain('Embed Links');
    // A tally edit keeps the text and the link.
    await rig.answered(fake.click(fans[0]!, post, buttonsOf(post)[0]!.custom_id));
    await fake.waitFor(() => fake.messages.get(post.id)!.edits >= 2, 'the tally edit', 5000);
    expect(fake.messages.get(post.id)!.content).toContain(LINK);
  });

  it('marks a channel where the bot may not send, stops retrying it, and posts what waited once the permission is back', async () => {
    await boot({ world: (f) => f.setBotPermissions(CHANNEL_ID, BOT_PERMISSIONS & ~PERMISSIONS.sendMessages) });
    // Slash replies still work there: the moderator learns at once.
    const answer = await rig.answered(fake.slash(ADMIN, ['series', 'new'], { title: 'Paws of Fate', premise: 'A Shiba Inu wakes up in hospital with no memory of the wedding.' }));
    expect(answer.text).toContain('begins');
    expect(answer.text).toContain('Send Messages');
    await h.settle();
    await until(async () => (await channelRow()).blocked_reason?.includes('Send Messages'), 'the channel to be marked');
    const delivery = await h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    expect(delivery.status).toBe('pending');
    expect(delivery.error).toMatch(/^waiting: .*Send Messages/);
    // The moderators were told in the channel if Discord let us (here it does not: the same 403).
    expect(posts(fake).map((c) => c.status)).toEqual([403, 403]);
    expect(String(posts(fake)[1]!.body?.content)).toContain("can't post episode 1");
    await h.advance(10 * 60_000);
    expect(posts(fake)).toHaveLength(2);

    // An admin grants it; the next interaction there shows it in app_permissions.
    fake.setBotPermissions(CHANNEL_ID, BOT_PERMISSIONS);
    await rig.answered(fake.slash(fans[0]!, ['help']));
    await until(async () => (await channelRow()).blocked_at === null, 'the channel to be restored');
    await h.settle();
    const post = await fake.waitFor(() => rig.episodes()[0], 'the episode once allowed', 5000);
    expect(post.attachments).toHaveLength(1);
    expect((await h.handle.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow()).status).toBe('sent');
  });

  it('announces the result as a plain message where the bot may not read history (a reply needs it)', async () => {
    await boot({ world: (f) => f.setBotPermissions(CHANNEL_ID, BOT_PERMISSIONS & ~PERMISSIONS.readMessageHistory) });
    const { answer, post } = await rig.startSeries();
    expect(answer.text).toContain('Read Message History');
    await rig.answered(fake.click(fans[0]!, post, buttonsOf(post)[0]!.custom_id));
    await h.advance(HOUR);
    const result = await fake.waitFor(announcement, 'the result', 5000);
    expect(result.message_reference).toBeUndefined();
    expect(result.content).toContain('episode 1');
    expect(fake.calls.filter((c) => c.status === 403).map((c) => c.body?.message_reference !== undefined)).toEqual([true]);
  });

  // ---- 5. the fake keeps Discord's follow-up rules ---------------------------------------------

  it('fake: a follow-up right after a deferral edits the “thinking…” and ignores its flags; after deleting it, 10008', async () => {
    await boot();
    await rig.adapter!.stop(); // these interactions are answered by hand
    const call = (method: string, url: string, body?: unknown) =>
      fetch(`${fake.api}/v10${url}`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const k = fake.slash(fans[2]!, ['help']);
    expect((await call('POST', `/interactions/${k.id}/${k.token}/callback`, { type: 5 })).status).toBe(204);
    const first = (await (await call('POST', `/webhooks/${fake.applicationId}/${k.token}`, { content: 'private?', flags: EPHEMERAL })).json()) as { id: string; flags: number };
    expect(first.id).toBe(k.original!.id);
    expect(first.flags & EPHEMERAL).toBe(0); // the public defer's visibility stays
    expect(k.followUps).toEqual([]);
    const l = fake.slash(fans[3]!, ['help']);
    await call('POST', `/interactions/${l.id}/${l.token}/callback`, { type: 5 });
    expect((await call('DELETE', `/webhooks/${fake.applicationId}/${l.token}/messages/@original`)).status).toBe(204);
    const gone = await call('POST', `/webhooks/${fake.applicationId}/${l.token}`, { content: 'hello', flags: EPHEMERAL });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { code: number }).code).toBe(10008);
  });

  // ---- outages ---------------------------------------------------------------------------------

  /** An adapter pointed at `apiBase`, attached to an app, not started. */
  async function bareAdapter(apiBase: string, opts: DiscordOptions = {}): Promise<DiscordAdapter> {
    const settings: DiscordSettings = { token: TOKEN, applicationId: '900000000000000001', apiBase, maxUploadBytes: 10 * MiB, shards: undefined };
    const platform = new DiscordPlatform(settings, silentLogger, { startTimeoutMs: 1000, ...opts });
    const harness = await makeHarness('sqlite', { publishers: [platform.publisher] });
    const adapter = platform.adapter(harness.app);
    cleanup.push(
      () => harness.close(),
      () => adapter.stop(),
    );
    return adapter;
  }

  it('tells the studio who moderates a channel: Manage Server through a role, or the series role; not a plain member or a stranger', async () => {
    const adapter = await boot();
    const place = { platform: 'discord' as const, chatId: CHANNEL_ID, threadId: '' };
    fake.members.set('700000000000000001', { id: '700000000000000001', username: 'boss', roles: [ADMIN_ROLE_ID] });
    fake.members.set('700000000000000002', { id: '700000000000000002', username: 'storymod', roles: [MOD_ROLE_ID] });
    fake.members.set('700000000000000003', { id: '700000000000000003', username: 'fan' });
    expect(await adapter.moderates('discord:700000000000000001', place, null)).toBe(true);
    expect(await adapter.moderates('discord:700000000000000002', place, null)).toBe(false);
    expect(await adapter.moderates('discord:700000000000000002', place, 'story mods')).toBe(true);
    expect(await adapter.moderates('discord:700000000000000003', place, 'Story Mods')).toBe(false);
    expect(await adapter.moderates('discord:799999999999999999', place, null)).toBe(false); // not in the server
    expect(await adapter.moderates('telegram:42', place, null)).toBe(false);
  });

  it('start() against a closed port fails at once with what to check; once Discord is up there, the next start() connects', async () => {
    const port = await closedPort();
    const adapter = await bareAdapter(`http://127.0.0.1:${port}/api`);
    const t0 = Date.now();
    await expect(adapter.start()).rejects.toThrow(new RegExp(`^Discord at http://127.0.0.1:${port}/api does not answer \\(connect ECONNREFUSED\\): check DISCORD_API_BASE and the network$`));
    expect(Date.now() - t0).toBeLessThan(1000);
    const up = await FakeDiscord.start({ port });
    up.token = TOKEN;
    cleanup.push(() => up.close());
    await adapter.start();
    expect(up.connected).toBe(true);
  });

  it('start() against a server that never answers gives up in its time, and stop() ends a start() in flight at once', async () => {
    const silent = await silentServer();
    cleanup.push(() => silent.close());
    const adapter = await bareAdapter(`http://127.0.0.1:${silent.port}/api`, { startTimeoutMs: 300 });
    const t0 = Date.now();
    await expect(adapter.start()).rejects.toThrow(/does not answer \(no answer within 0\.3 s\): check DISCORD_API_BASE and the network$/);
    expect(Date.now() - t0).toBeLessThan(1500);
    const again = await bareAdapter(`http://127.0.0.1:${silent.port}/api`, { startTimeoutMs: 30_000 });
    const starting = again.start();
    const outcome = starting.then(
      () => 'connected',
      (err: Error) => err.message,
    );
    await new Promise((r) => setTimeout(r, 100));
    const t1 = Date.now();
    await again.stop();
    expect(Date.now() - t1).toBeLessThan(1000);
    expect(await outcome).toMatch(/stopped/);
    // Discord answers at that address again: the next attempt connects.
    await silent.close();
    const up = await FakeDiscord.start({ port: silent.port });
    up.token = TOKEN;
    cleanup.push(() => up.close());
    await adapter.start();
    expect(up.connected).toBe(true);
  });

  it('start() with a token Discord refuses says to check DISCORD_TOKEN', async () => {
    const up = await FakeDiscord.start();
    up.token = 'another-token-0123456789abcdef';
    cleanup.push(() => up.close());
    const adapter = await bareAdapter(up.api);
    await expect(adapter.start()).rejects.toThrow('Discord refused the token (401 Unauthorized): check DISCORD_TOKEN');
  });

  it('Discord dying mid-delivery: the publisher says so at once, and the episode is posted once when Discord is back', async () => {
    await boot();
    const { post } = await rig.startSeries();
    await rig.answered(fake.click(fans[0]!, post, buttonsOf(post)[0]!.custom_id));
    // Episode 2's post reaches Discord, which goes down before answering.
    fake.fail(POST_MESSAGE, { when: (c) => c.files.length > 0, drop: 'after', then: () => (fake.down = true) });
    const t0 = Date.now();
    await h.advance(HOUR);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(h.app.engine.loop.platformHealth().find((p) => p.platform === 'discord')).toMatchObject({ reachable: false });
    const waiting = await h.handle.db.selectFrom('deliveries').selectAll().where('status', '=', 'pending').executeTakeFirstOrThrow();
    expect(rig.episodes()).toHaveLength(2); // it did arrive; we just never heard
    // Straight to the publisher while Discord is down: PlatformUnreachableError, promptly.
    const t1 = Date.now();
    await expect(rig.adapter!.publisher.deliver(await deliveryRequest())).rejects.toBeInstanceOf(PlatformUnreachableError);
    expect(Date.now() - t1).toBeLessThan(1000);
    fake.down = false;
    await h.advance(60_000);
    const sent = await h.handle.db.selectFrom('deliveries').selectAll().where('id', '=', waiting.id).executeTakeFirstOrThrow();
    expect(sent.status).toBe('sent');
    expect(rig.episodes()).toHaveLength(2); // the same nonce: Discord returned the first post
    expect(sent.message_id).toBe(rig.episodes()[1]!.id);
  }, 20_000);

  it('a hung call is cut by the step’s signal, and by the REST timeout (Discord unreachable)', async () => {
    await boot({ rest: { timeoutMs: 300, uploadTimeoutMs: 300, retries: 0 } });
    await rig.startSeries();
    fake.fail(POST_MESSAGE, { hang: true, times: 10 });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const t0 = Date.now();
    const cut = await rig.adapter!.publisher.deliver(await deliveryRequest(stop.signal)).catch((err: unknown) => err);
    expect(Date.now() - t0).toBeLessThan(250);
    expect(cut).not.toBeInstanceOf(PlatformUnreachableError); // the step is ending; Discord is not down
    const t1 = Date.now();
    const timedOut = await rig.adapter!.publisher.deliver(await deliveryRequest()).catch((err: unknown) => err);
    expect(Date.now() - t1).toBeLessThan(1000);
    expect(timedOut).toBeInstanceOf(PlatformUnreachableError);
    expect((timedOut as PlatformUnreachableError).reason).toMatch(/no answer within 0\.3 s/);
  });

  it('a long rate limit never holds a step: over a minute the platform waits, shorter the step comes back later', async () => {
    await boot();
    await rig.startSeries();
    fake.fail(POST_MESSAGE, { status: 429, retryAfter: 120 });
    const t0 = Date.now();
    const long = await rig.adapter!.publisher.deliver(await deliveryRequest()).catch((err: unknown) => err);
    expect(long).toBeInstanceOf(PlatformUnreachableError);
    // (Another channel: Discord's limits are per channel, and that one is still held for two minutes.)
    fake.fail(POST_MESSAGE, { status: 429, retryAfter: 20 });
    const other = { ...(await deliveryRequest()), place: { platform: 'discord' as const, chatId: OTHER_CHANNEL_ID, threadId: '' } };
    const short = await rig.adapter!.publisher.deliver(other).catch((err: unknown) => err);
    expect(short).toBeInstanceOf(DeferJobError);
    expect((short as DeferJobError).delayMs).toBeGreaterThanOrEqual(20_000);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
