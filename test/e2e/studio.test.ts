import fs from 'node:fs';
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Studio, type ModeratorCheck } from '../../src/adapters/web/studio.js';
import { WebPublisher } from '../../src/adapters/web/publisher.js';
import { createRenderer } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { FakeDiscordOAuth } from '../fakes/discord-oauth.js';
import { HOUR, makeHarness, moderator, testConfig, type Harness } from '../helpers/harness.js';
import { until } from '../helpers/wait.js';

const CHROMIUM = '/usr/bin/chromium';
const hasBrowser = fs.existsSync(CHROMIUM);
if (!hasBrowser && (process.env.CI || process.env.TAILTWIST_REQUIRE_BROWSER)) throw new Error(`${CHROMIUM} is missing: the studio's browser tests must run in CI`);
if (!hasBrowser) console.warn(`${CHROMIUM} is missing: skipping the studio's browser tests (apt-get install chromium).`);
const ARTIFACTS = path.resolve('test/artifacts');

/** Waits until a page shows what it should (the page updates itself; nothing here reloads it). */
async function shows(locator: Locator, expected: { text?: string; contains?: string | RegExp; count?: number; attr?: [string, RegExp] }, timeoutMs = 5000): Promise<void> {
  let found = '';
  const matches = async (): Promise<boolean> => {
    try {
      if (expected.count !== undefined) {
        const n = await locator.count();
        found = `${n} elements`;
        return n === expected.count;
      }
      if (expected.attr) {
        found = (await locator.first().getAttribute(expected.attr[0], { timeout: 500 })) ?? '';
        return expected.attr[1].test(found);
      }
      found = ((await locator.first().textContent({ timeout: 500 })) ?? '').trim();
      return expected.text !== undefined ? found === expected.text : typeof expected.contains === 'string' ? found.includes(expected.contains) : expected.contains!.test(found);
    } catch {
      return false; // not there yet
    }
  };
  const what = JSON.stringify(expected, (_k, v) => (v instanceof RegExp ? String(v) : v));
  await until(matches, `the page to show ${what}`, timeoutMs, { context: () => `found: ${found.slice(0, 300)}`, intervalMs: 50 });
}

/** What the Telegram Login Widget sends back, signed as Telegram signs it (with the SHA-256 of the bot token), as a query string. */
function telegramLogin(fields: Record<string, string>, token: string): string {
  const check = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('\n');
  const hash = createHmac('sha256', createHash('sha256').update(token).digest()).update(check).digest('hex');
  return new URLSearchParams({ ...fields, hash }).toString();
}

async function bootStudio(opts: { renderer?: boolean; env?: Record<string, string>; telegramBot?: string; moderates?: ModeratorCheck } = {}) {
  // One data folder for the renderer, the harness and the studio: the studio serves what was rendered.
  const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-studio-')), NARRATOR: 'animalese', WEB_PORT: '0', ...opts.env };
  const config = testConfig(env);
  let handle: Harness['handle'] | undefined;
  let app: Harness['app'] | undefined;
  const metrics = new Metrics(
    () => handle?.db,
    () => app?.queue,
  );
  const h = await makeHarness('sqlite', { publishers: [new WebPublisher()], telemetry: metrics, ...(opts.renderer ? { renderer: createRenderer(config, silentLogger) } : {}) }, env);
  handle = h.handle;
  app = h.app;
  const studio = new Studio(config.web, config.render.mediaDir, silentLogger, () => [], metrics, { telegramBot: () => opts.telegramBot, ...(opts.moderates ? { moderates: opts.moderates } : {}) });
  studio.attach(h.app);
  const url = await studio.start();
  return { h, studio, url };
}

describe.runIf(hasBrowser)('the web studio in a real browser', () => {
  let browser: Browser;
  let h: Harness;
  let studio: Studio;
  let url: string;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => browser?.close());
  afterEach(async () => {
    await studio?.stop();
    await h?.close();
  });

  const newPage = async (viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport });
    return { context, page: await context.newPage() };
  };

  it('signs in with Discord (OAuth2) in the browser, and votes as the same person as in Discord', async () => {
    const oauth = await FakeDiscordOAuth.start();
    try {
      ({ h, studio, url } = await bootStudio({ env: { DISCORD_APPLICATION_ID: oauth.clientId, DISCORD_CLIENT_SECRET: oauth.clientSecret, DISCORD_API_BASE: oauth.api } }));
      await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital.', moderator());
      await h.settle();
      const { page } = await newPage();
      await page.goto(`${url}/s/paws-of-fate`);
      await page.click('header a.account');
      await shows(page.locator('h1'), { text: 'Sign in to vote' });
      await Promise.all([page.waitForURL(`${url}/`), page.click('a:has-text("Sign in with Discord")')]);
      await shows(page.locator('header .account'), { contains: 'Ada Lovelace' });
      expect(oauth.exchanges[0]).toMatchObject({ grant_type: 'authorization_code', redirect_uri: `${url}/auth/discord/callback` });
      await page.goto(`${url}/s/paws-of-fate`);
      await page.click('[data-vote=B]');
      await shows(page.locator('#toast'), { contains: 'You picked B' });
      const seriesId = (await h.app.engine.series.find('paws-of-fate')).id;
      const votes = await h.handle.db.selectFrom('votes').select(['voter_id']).execute();
      expect(votes.map((v) => v.voter_id)).toEqual([`discord:${oauth.user.id}`]);
      // The same person clicks A under the episode in Discord: still one vote, now A.
      const ballot = (await h.app.engine.status(seriesId)).ballot!;
      await h.app.engine.voteOn({ ballotId: ballot.id, letter: 'A', voterId: `discord:${oauth.user.id}`, place: { platform: 'discord', chatId: 'c1' } });
      const after = (await h.app.engine.status(seriesId)).ballot!;
      expect(after.totalVotes).toBe(1);
      expect(after.options.find((o) => o.letter === 'A')!.votes).toBe(1);
      // A callback whose state this browser did not ask for signs nobody in.
      const { page: other } = await newPage();
      await other.goto(`${url}/auth/discord/callback?code=code-1&state=forged`);
      await shows(other.locator('.notice'), { contains: 'That sign-in link is stale' });
      await other.goto(url);
      await shows(other.locator('header a.account'), { text: 'Sign in' });
    } finally {
      await oauth.close();
    }
  });

  it('creates a series, plays the episode, tallies votes live in two browsers, approves a suggestion and grows the story tree', async () => {
    ({ h, studio, url } = await bootStudio({ renderer: true }));
    const { page } = await newPage();
    await page.goto(url);
    await shows(page.locator('h2').first(), { text: 'Start your first series' });
    await page.fill('input[name=title]', 'Paws of Fate');
    await page.fill('textarea[name=premise]', 'A Shiba Inu wakes up in hospital with no memory of the wedding.');
    await page.fill('input[name=cast]', 'Mochi: Shiba Inu, Luna: black cat');
    await Promise.all([page.waitForURL(/\/s\/paws-of-fate$/), page.click('button[type=submit].primary')]);
    await h.settle(); // the worker writes and renders episode 1

    await page.reload();
    const video = page.locator('article#ep-1 video');
    await shows(video, { attr: ['src', /\/media\/.+\/video$/] });
    const duration = await video.evaluate(
      (v: { readyState: number; duration: number; error: { code: number } | null; addEventListener(e: string, f: () => void): void; load(): void }) =>
        new Promise<number>((resolve, reject) => {
          if (v.readyState >= 1) return resolve(v.duration);
          v.addEventListener('loadedmetadata', () => resolve(v.duration));
          v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)));
          v.load();
        }),
    );
    expect(duration).toBeGreaterThan(20);
    await page.screenshot({ path: path.join(ARTIFACTS, 'feed-desktop.png'), fullPage: true });

    // A second viewer on a phone; both watch the tally move without reloading.
    const phone = await newPage({ width: 390, height: 844 });
    await phone.page.goto(`${url}/s/paws-of-fate`);
    const count = (p: Page, letter: string) => p.locator(`.ballot li[data-option="${letter}"] .count`);
    await page.click('.ballot [data-vote="B"]');
    await shows(page.locator('#toast'), { contains: 'You picked B' });
    await shows(count(phone.page, 'B'), { text: '1' }, 5000);
    await phone.page.click('.ballot [data-vote="B"]');
    await shows(count(page, 'B'), { text: '2' }, 5000);
    await phone.page.click('.ballot [data-vote="A"]'); // changed their mind
    await shows(count(page, 'A'), { text: '1' }, 5000);
    await shows(count(page, 'B'), { text: '1' }, 5000);
    // A vote from a chat platform shows up in the studio too.
    await h.app.engine.ballots.vote({ ballotId: (await h.app.engine.ballots.current((await h.app.engine.series.find('paws-of-fate')).id))!.id, option: 'B', voterId: 'discord:42', channelId: null });
    await shows(count(phone.page, 'B'), { text: '2' }, 5000);
    await shows(phone.page.locator('.ballot .total'), { text: '3' });
    await phone.page.screenshot({ path: path.join(ARTIFACTS, 'feed-phone.png'), fullPage: true });

    // A viewer suggests a twist; the moderator approves it and it joins the ballot.
    await phone.page.fill('.suggest input[name=text]', 'Luna was the surgeon all along');
    await phone.page.click('.suggest button');
    await shows(phone.page.locator('#toast'), { contains: 'suggestion #1' });
    await page.goto(`${url}/s/paws-of-fate/mod`);
    await shows(page.locator('#suggestions'), { contains: 'Luna was the surgeon all along' });
    await page.click('#suggestions button:has-text("Approve")');
    await shows(page.locator('.notice'), { contains: 'is on the ballot as option' });
    await shows(page.locator('#ballot'), { contains: 'Luna was the surgeon all along' });
    await shows(page.locator('table.audit'), { contains: 'suggestion.approve' });

    // The story tree grows when the ballot closes and the next episode is written.
    await page.goto(`${url}/s/paws-of-fate/tree`);
    await shows(page.locator('.tree .node'), { count: 1 });
    await h.advance(HOUR);
    await shows(page.locator('.tree .node'), { count: 2 }, 8000);
    await shows(page.locator('.tree .node').first().locator('li.won'), { contains: 'B' });
    await shows(page.locator('.tree .node').first().locator('li.won'), { contains: '2 votes' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'tree-desktop.png'), fullPage: true });
    await phone.page.goto(`${url}/s/paws-of-fate/tree`);
    await phone.page.screenshot({ path: path.join(ARTIFACTS, 'tree-phone.png'), fullPage: true });
    await page.goto(`${url}/s/paws-of-fate/stats`);
    await shows(page.locator('main'), { contains: 'Turnout by channel' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'stats-desktop.png'), fullPage: true });
  }, 120_000);

  it('shows the story beside the tree, and lets a moderator correct the bible', async () => {
    ({ h, studio, url } = await bootStudio());
    await h.say(`/series new "The Hamster Chef" A hamster chef is framed for poisoning the mayor's parrot at the gala dinner cast="Pip: hamster, Rex: German Shepherd, Coco: parrot"`, moderator());
    await h.settle();
    const id = (await h.app.engine.series.find('the-hamster-chef')).id;
    const view = await h.app.engine.story.view(id);
    const { page } = await newPage();
    await page.goto(`${url}/s/the-hamster-chef/tree`);
    await shows(page.locator('.story-panel .central-question'), { text: view.bible.question });
    await shows(page.locator('.story-panel .thread.open.central .q'), { text: view.bible.question });
    await shows(page.locator('.story-panel .arc li.now'), { text: view.nextBeat });
    await shows(page.locator('.story-panel .character[data-character="Coco"] .standing'), { contains: view.state.characters.Coco!.condition });
    // On this machine the studio moderates: the bible is there, the secret culprit with it.
    await shows(page.locator('#bible select[name=value] option[selected]').last(), { text: view.bible.incident!.culprit! });

    await page.fill('#bible form[data-bible=question] input[name=value]', 'Who really poisoned Coco');
    await page.click('#bible form[data-bible=question] button');
    await shows(page.locator('#bible .notice'), { contains: 'The next episode follows the corrected bible' });
    await shows(page.locator('.story-panel .central-question'), { text: 'Who really poisoned Coco?' });
    expect((await h.app.engine.story.view(id)).bible.question).toBe('Who really poisoned Coco?');
    // A bad value gets a friendly message, and changes nothing.
    await page.fill('#bible form[data-bible=places] textarea', ' , ');
    await page.click('#bible form[data-bible=places] button');
    await shows(page.locator('#bible .notice'), { text: 'Give between 1 and 6 places, separated by commas.' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'story-desktop.png'), fullPage: true });

    // A viewer's page follows the next episode without reloading.
    await h.say('/vote A', moderator());
    await h.advance(HOUR);
    await shows(page.locator('.story-panel .arc-text'), { contains: '2 episodes in' }, 8000);
    const phone = await newPage({ width: 390, height: 844 });
    await phone.page.goto(`${url}/s/the-hamster-chef/tree`);
    await phone.page.screenshot({ path: path.join(ARTIFACTS, 'story-phone.png'), fullPage: true });
  }, 60_000);
});

describe('the web studio over HTTP', () => {
  let h: Harness;
  let studio: Studio;
  let url: string;
  afterEach(async () => {
    await studio?.stop();
    await h?.close();
  });
  const form = (body: Record<string, string>, headers: Record<string, string> = {}) => ({
    method: 'POST',
    redirect: 'manual' as const,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, ...headers },
    body: new URLSearchParams(body).toString(),
  });
  /** The page a redirect leads to, with the notice it left (a cookie) and the same headers. */
  const followed = async (res: Response, headers: Record<string, string> = {}) => {
    const notice = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('tt_notice='))
      ?.split(';')[0];
    const cookie = [headers.cookie, notice].filter(Boolean).join('; ');
    return (await fetch(`${url}${res.headers.get('location')!.split('#')[0]}`, { headers: { ...headers, cookie } })).text();
  };
  /** Signs in with the admin token (a form post) and returns the session cookie. */
  const signIn = async (token: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/admin`, form({ token }, headers));
    return {
      status: res.status,
      cookie: res.headers
        .getSetCookie()
        .find((c) => c.startsWith('tt_admin='))
        ?.split(';')[0],
    };
  };

  it('escapes what people type, and refuses cross-site and remote moderation', async () => {
    ({ h, studio, url } = await bootStudio({ env: { WEB_ADMIN_TOKEN: 'a-long-admin-token' } }));
    await h.say('/series new "<script>alert(1)</script> & Co" Cats <b>bold</b> & dogs "quarrel" in the office.', moderator());
    await h.settle();
    const home = await (await fetch(url)).text();
    expect(home).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(home).not.toContain('<script>alert(1)');
    const name = (await h.app.engine.series.find('<script>alert(1)</script> & Co')).name;

    // A form on another site cannot act here, even on this machine.
    const cross = await fetch(`${url}/s/${name}/mod`, form({ command: 'mod close-vote' }, { origin: 'https://evil.example' }));
    expect(cross.status).toBe(403);
    const noOrigin = await fetch(`${url}/s/${name}/vote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"letter":"A"}' });
    expect(noOrigin.status).toBe(403);
    // From elsewhere (a proxy says so) moderation needs the token.
    const remote = await fetch(`${url}/s/${name}/mod`, form({ command: 'mod close-vote' }, { 'x-forwarded-for': '203.0.113.9' }));
    expect(remote.status).toBe(403);
    // Whichever header the proxy adds (nginx setups often send only X-Real-IP, Caddy and Traefik X-Forwarded-*).
    for (const proxied of [{ 'x-real-ip': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { 'x-forwarded-proto': 'https' }, { via: '1.1 proxy' }] as Record<string, string>[]) {
      expect((await fetch(`${url}/s/${name}/mod`, form({ command: 'mod close-vote' }, proxied))).status).toBe(403);
    }
    expect((await signIn('wrong')).status).toBe(403);
    const login = await signIn('a-long-admin-token');
    expect(login.status).toBe(303);
    const cookie = login.cookie!;
    expect(cookie).not.toContain('a-long-admin-token');
    const allowed = await fetch(`${url}/s/${name}/mod`, form({ command: 'mod window', duration: '2h' }, { 'x-forwarded-for': '203.0.113.9', cookie }));
    expect(allowed.status).toBe(303);
    expect(await followed(allowed, { 'x-forwarded-for': '203.0.113.9', cookie })).toContain('Ballots now stay open 2h');
    // Only the moderator commands the page offers can be run through it.
    const sneaky = await fetch(`${url}/s/${name}/mod`, form({ command: 'series new', title: 'x', premise: 'y' }));
    expect(sneaky.status).toBe(400);
  });

  it('answers only to its own host names, trusts no proxy header as local, and explains form errors on a page', async () => {
    ({ h, studio, url } = await bootStudio({ env: { WEB_ADMIN_TOKEN: 'a-long-admin-token', WEB_PUBLIC_URL: 'https://drama.example.com' } }));
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital.', moderator());
    await h.settle();
    const port = new URL(url).port;
    // fetch() will not send a Host of our choosing: node:http will.
    const raw = (route: string, host: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
      new Promise<{ status: number; text(): Promise<string> }>((resolve, reject) => {
        const req = http.request(`${url}${route}`, { method: opts.method ?? 'GET', headers: { host, ...opts.headers } }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: async () => body }));
        });
        req.on('error', reject);
        req.end(opts.body);
      });
    const asHost = (host: string, extra: Record<string, string> = {}) =>
      raw('/s/paws-of-fate/mod', host, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://${host}`, ...extra }, body: 'command=series+pause' });
    // DNS rebinding: a page on evil.example that resolves to this machine names its own host.
    const rebound = await asHost(`evil.example:${port}`);
    expect(rebound.status).toBe(421);
    expect(await rebound.text()).toContain('This studio does not answer to that address');
    expect((await raw('/', `evil.example:${port}`)).status).toBe(421);
    expect((await h.app.engine.series.find('paws-of-fate')).status).toBe('running');
    // Probes by IP still get health and metrics.
    expect((await raw('/healthz', `10.1.2.3:${port}`)).status).toBe(200);
    // The public host is served, but a request for it is from the world, not from this machine.
    expect((await raw('/', 'drama.example.com')).status).toBe(200);
    expect((await asHost('drama.example.com')).status).toBe(403);
    // Whatever header a proxy or CDN adds, it is not local.
    for (const header of ['x-client-ip', 'true-client-ip', 'cf-connecting-ip', 'x-cluster-client-ip', 'fastly-client-ip']) {
      expect((await asHost(`localhost:${port}`, { [header]: '203.0.113.9' })).status, header).toBe(403);
    }
    expect((await h.app.engine.series.find('paws-of-fate')).status).toBe('running');
    // A form with a field over its limit, or a title of invisible characters: a page that says which field.
    const long = await fetch(`${url}/series`, form({ title: 'x'.repeat(500), premise: 'p' }));
    expect(long.status).toBe(400);
    expect(long.headers.get('content-type')).toContain('text/html');
    expect(await long.text()).toContain('The title is too long; keep it to 400 characters.');
    const blank = await fetch(`${url}/series`, form({ title: '\u3164\u2800', premise: 'A premise.' }));
    expect(blank.status).toBe(400);
    const blankPage = await blank.text();
    expect(blankPage).toContain('The title can&#39;t be empty.');
    expect(blankPage).not.toContain('Usage');
    // A series name far too long for a URL: a page, not Fastify's error code.
    const tooLong = await fetch(`${url}/s/${'a'.repeat(300)}`);
    expect(tooLong.status).toBe(404);
    expect(await tooLong.text()).toContain('There is nothing here.');
  });

  it('counts one vote per identity it signed: forged ids are new visitors, and one address gets only a few', async () => {
    ({ h, studio, url } = await bootStudio());
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital.', moderator());
    await h.settle();
    const vote = (headers: Record<string, string> = {}) =>
      fetch(`${url}/s/paws-of-fate/vote`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url, ...headers }, body: '{"letter":"A"}' });
    const statuses: number[] = [];
    // Twenty votes without cookies, and with cookies someone made up.
    const firstVote = await vote();
    statuses.push(firstVote.status);
    const kept = firstVote.headers
      .getSetCookie()
      .find((c) => c.startsWith('tt_viewer='))!
      .split(';')[0]!;
    for (let i = 1; i < 10; i++) statuses.push((await vote()).status);
    for (let i = 0; i < 10; i++) statuses.push((await vote({ cookie: `tt_viewer=forged${String(i).padStart(12, '0')}` })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    const refused = await vote();
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toContain('Too many new visitors from your address');
    const ballot = (await h.app.engine.status((await h.app.engine.series.find('paws-of-fate')).id)).ballot!;
    expect(ballot.totalVotes).toBe(5);
    // A visitor who kept their cookie changes their vote, and still counts once.
    const again = await fetch(`${url}/s/paws-of-fate/vote`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url, cookie: kept }, body: '{"letter":"B"}' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { message: string }).message).toContain('(was A)');
    expect((await h.app.engine.status((await h.app.engine.series.find('paws-of-fate')).id)).ballot!.totalVotes).toBe(5);
  });

  it('signs in with the Telegram Login Widget, counts remote votes only from signed-in people unless the series allows anyone', async () => {
    const token = '123456:TEST-login-token';
    ({ h, studio, url } = await bootStudio({ env: { TELEGRAM_BOT_TOKEN: token }, telegramBot: 'tailtwist_bot' }));
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital.', moderator());
    await h.settle();
    const remote = { 'x-forwarded-for': '203.0.113.9' };
    const vote = (letter: string, headers: Record<string, string> = {}) =>
      fetch(`${url}/s/paws-of-fate/vote`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url, ...remote, ...headers }, body: JSON.stringify({ letter }) });
    // From elsewhere, anonymous votes are not counted by default: sign in first.
    const anonymous = await vote('A');
    expect(anonymous.status).toBe(403);
    expect(await anonymous.json()).toMatchObject({ signIn: '/sign-in', message: expect.stringContaining('Sign in with Discord or Telegram') });
    const signInPage = await (await fetch(`${url}/sign-in`, { headers: remote })).text();
    expect(signInPage).toContain('data-telegram-login="tailtwist_bot"');
    // What the widget sends back, signed as Telegram signs it (with the SHA-256 of the bot token).
    const payload = (over: Record<string, string> = {}) => telegramLogin({ id: '4242', first_name: 'Ada', username: 'ada', auth_date: String(Math.floor(Date.now() / 1000)), ...over }, token);
    const login = await fetch(`${url}/auth/telegram?${payload()}`, { redirect: 'manual', headers: remote });
    expect(login.status).toBe(303);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('tt_user='))!
      .split(';')[0]!;
    expect((await vote('B', { cookie })).status).toBe(200);
    // The same link again (from a log or a history) signs nobody in.
    const replayed = await fetch(login.url, { redirect: 'manual', headers: remote });
    expect(replayed.headers.getSetCookie().some((c) => c.startsWith('tt_user='))).toBe(false);
    expect(await followed(replayed, remote)).toContain('used already');
    const seriesId = (await h.app.engine.series.find('paws-of-fate')).id;
    expect((await h.handle.db.selectFrom('votes').select('voter_id').execute()).map((v) => v.voter_id)).toEqual(['telegram:4242']);
    expect(await (await fetch(`${url}/s/paws-of-fate`, { headers: { ...remote, cookie } })).text()).toContain('Ada');
    // A payload someone changed, or an old one, signs nobody in.
    const forged = await fetch(`${url}/auth/telegram?${payload().replace('id=4242', 'id=1')}`, { redirect: 'manual', headers: remote });
    expect(forged.headers.getSetCookie().some((c) => c.startsWith('tt_user='))).toBe(false);
    expect(await followed(forged, remote)).toContain('was not signed by this bot');
    const stale = await fetch(`${url}/auth/telegram?${payload({ auth_date: String(Math.floor(Date.now() / 1000) - 3 * 86400) })}`, { redirect: 'manual', headers: remote });
    expect(await followed(stale, remote)).toContain('has expired');
    // A moderator lets anyone vote (here from the studio's own moderation page): then an anonymous visitor from elsewhere counts too.
    expect(await (await fetch(`${url}/s/paws-of-fate/mod`)).text()).toContain('Let anyone vote');
    const allow = await fetch(`${url}/s/paws-of-fate/mod`, form({ command: 'mod studio-votes', who: 'anyone' }));
    expect(await followed(allow)).toContain('Anyone may vote');
    expect((await vote('A')).status).toBe(200);
    expect((await h.app.engine.status(seriesId)).ballot!.totalVotes).toBe(2);
  });

  it('lets a signed-in person moderate a series when their platform says they moderate one of its channels, as themselves', async () => {
    const token = '123456:TEST-login-token';
    const asked: string[] = [];
    const moderates: ModeratorCheck = async (userId, place) => {
      asked.push(`${userId}@${place.chatId}`);
      return userId === 'telegram:4242' && place.chatId === '-1001';
    };
    ({ h, studio, url } = await bootStudio({ env: { TELEGRAM_BOT_TOKEN: token }, telegramBot: 'tailtwist_bot', moderates }));
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital.', moderator());
    await h.settle();
    await h.say('/series follow paws-of-fate', moderator(1, 'telegram'), { platform: 'telegram', chatId: '-1001' });
    const remote = { 'x-forwarded-for': '203.0.113.9' };
    const signInAs = async (id: string) => {
      const res = await fetch(`${url}/auth/telegram?${telegramLogin({ id, first_name: `User ${id}`, auth_date: String(Math.floor(Date.now() / 1000)) }, token)}`, {
        redirect: 'manual',
        headers: remote,
      });
      return res.headers
        .getSetCookie()
        .find((c) => c.startsWith('tt_user='))!
        .split(';')[0]!;
    };
    const admin = await signInAs('4242');
    const member = await signInAs('5151');
    expect((await fetch(`${url}/s/paws-of-fate/mod`, { headers: { ...remote, cookie: member } })).status).toBe(403);
    const page = await fetch(`${url}/s/paws-of-fate/mod`, { headers: { ...remote, cookie: admin } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Moderate Paws of Fate');
    const paused = await fetch(`${url}/s/paws-of-fate/mod`, form({ command: 'series pause' }, { ...remote, cookie: admin }));
    expect(paused.status).toBe(303);
    expect((await h.app.engine.series.find('paws-of-fate')).status).toBe('paused');
    const audit = await h.handle.db.selectFrom('audit_log').select(['actor_id', 'action']).where('action', '=', 'series.pause').execute();
    expect(audit).toEqual([{ actor_id: 'telegram:4242', action: 'series.pause' }]);
    expect((await fetch(`${url}/s/paws-of-fate/mod`, form({ command: 'series resume' }, { ...remote, cookie: member }))).status).toBe(403);
    // Only the channels on the person's own platform are asked about.
    expect(asked.every((a) => a.endsWith('@-1001'))).toBe(true);
  });

  it('takes the admin token only by form, signs a session for it, slows down guessing, and shows no notice from a link', async () => {
    ({ h, studio, url } = await bootStudio({ env: { WEB_ADMIN_TOKEN: 'a-long-admin-token', WEB_TRUSTED_PROXIES: '127.0.0.1' } }));
    const remote = { 'x-forwarded-for': '203.0.113.9' };
    // A token in a link is not taken (it would sit in logs and history).
    const viaLink = await fetch(`${url}/admin?token=a-long-admin-token`, { redirect: 'manual', headers: remote });
    expect(viaLink.status).toBe(200);
    expect(viaLink.headers.getSetCookie()).toEqual([]);
    expect(await viaLink.text()).toContain('does not take them from there');
    // Behind a trusted proxy that says HTTPS, the session cookie is Secure, HttpOnly and strict.
    const res = await fetch(`${url}/admin`, form({ token: 'a-long-admin-token' }, { ...remote, 'x-forwarded-proto': 'https' }));
    expect(res.status).toBe(303);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('tt_admin='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    // A forged session is nobody's.
    const forged = `tt_admin=${encodeURIComponent(`admin:${Date.now() + 3_600_000}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`)}`;
    expect((await fetch(`${url}/s/x/mod`, { headers: { ...remote, cookie: forged } })).status).not.toBe(200);
    // Five wrong tokens from one address, then that address waits (others do not).
    for (let i = 0; i < 5; i++) expect((await signIn(`wrong-${i}`, remote)).status).toBe(403);
    expect((await signIn('a-long-admin-token', remote)).status).toBe(429);
    expect((await signIn('a-long-admin-token', { 'x-forwarded-for': '198.51.100.7' })).status).toBe(303);
    // Signing out ends the admin session too.
    const out = await fetch(`${url}/sign-out`, form({}, { ...remote, cookie: setCookie.split(';')[0]! }));
    expect(out.headers.getSetCookie().some((c) => /^tt_admin=;/.test(c))).toBe(true);
    // A proxy named in WEB_TRUSTED_PROXIES forwards for the world even without a header: not local.
    expect((await fetch(`${url}/s/x/mod`)).status).not.toBe(200);
    expect((await fetch(`${url}/series`, form({ title: 'Via proxy', premise: 'A cat.' }))).status).toBe(403);
    // ?notice= in a link shows nothing.
    expect(await (await fetch(`${url}/?notice=Send%20your%20password%20to%20evil.example`)).text()).not.toContain('evil.example');
  });

  it('shows viewers the story without its secrets, and corrects the bible only for moderators', async () => {
    ({ h, studio, url } = await bootStudio({ env: { WEB_ADMIN_TOKEN: 'a-long-admin-token' } }));
    await h.say(`/series new "The Hamster Chef" A hamster chef is framed for poisoning the mayor's parrot at the gala dinner cast="Pip: hamster, Rex: German Shepherd, Coco: parrot"`, moderator());
    await h.settle();
    const id = (await h.app.engine.series.find('the-hamster-chef')).id;
    const { bible, state } = await h.app.engine.story.view(id);
    const remote = { 'x-forwarded-for': '203.0.113.9' };
    const asViewer = await (await fetch(`${url}/s/the-hamster-chef/tree`, { headers: remote })).text();
    const escaped = (t: string) => t.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;');
    expect(asViewer).toContain(`<p class="central-question">${escaped(bible.question)}</p>`);
    expect(asViewer).toContain('data-thread="t1"');
    expect(asViewer).toContain('Where everyone stands');
    expect(asViewer).not.toContain('id="bible"');
    expect(asViewer).not.toContain('Culprit');
    for (const f of state.facts.filter((x) => !x.public)) expect(asViewer).not.toContain(escaped(f.text));
    // The live fragment carries the story too.
    expect(await (await fetch(`${url}/s/the-hamster-chef/tree?fragment=tree`)).text()).toContain('class="story-panel"');
    // The feed names the question.
    expect(await (await fetch(`${url}/s/the-hamster-chef`)).text()).toContain(escaped(bible.question));

    const correct = (body: Record<string, string>, headers: Record<string, string> = {}) => fetch(`${url}/s/the-hamster-chef/story`, form(body, headers));
    expect((await correct({ field: 'genre', value: 'comedy' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await correct({ field: 'genre', value: 'comedy' }, remote)).status).toBe(403);
    expect((await h.app.engine.story.view(id)).bible.genre).toBe(bible.genre);

    const ok = await correct({ field: 'role', name: 'Rex', role: 'antagonist', title: 'the jealous sous-chef' });
    expect(ok.status).toBe(303);
    expect(await followed(ok)).toContain('The role is corrected. The next episode follows the corrected bible.');
    expect((await h.app.engine.story.view(id)).bible.roles.find((r) => r.name === 'Rex')).toMatchObject({ name: 'Rex', role: 'antagonist', title: 'the jealous sous-chef' });
    expect((await correct({ field: 'places', value: 'the midnight bakery\nthe rooftop garden' })).status).toBe(303);
    expect((await h.app.engine.story.view(id)).bible.places.map((p) => p.name)).toEqual(['the midnight bakery', 'the rooftop garden']);
    const bad = await correct({ field: 'genre', value: 'opera' });
    expect(bad.status).toBe(303);
    expect(await followed(bad)).toContain('The genre must be one of: mystery');
    const unknown = await correct({ field: 'role', name: 'Bruno', role: 'ally' });
    expect(await followed(unknown)).toContain('There is no character called “Bruno”');
    expect((await correct({ field: 'colour', value: 'red' })).status).toBe(400);
    expect((await h.app.engine.story.view(id)).bible.genre).toBe(bible.genre);
    // With the token, from elsewhere.
    const cookie = (await signIn('a-long-admin-token')).cookie!;
    expect((await correct({ field: 'culprit', value: 'Rex' }, { ...remote, cookie })).status).toBe(303);
    expect((await h.app.engine.story.view(id)).bible.incident!.culprit).toBe('Rex');
    const asModerator = await (await fetch(`${url}/s/the-hamster-chef/tree`, { headers: { ...remote, cookie } })).text();
    expect(asModerator).toContain('id="bible"');
    expect(asModerator).toContain('<option value="Rex" selected>Rex</option>');
  });

  it('validates votes and suggestions with friendly errors', async () => {
    ({ h, studio, url } = await bootStudio());
    await h.say('/series new "Rainy Window" A husky waits by the rainy window.', moderator());
    const post = async (route: string, body: unknown) => {
      const r = await fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify(body) });
      const json = (await r.json()) as { message: string };
      return { status: r.status, json: async () => json };
    };
    // Before the episode is out there is nothing to vote on.
    expect((await (await post('/s/rainy-window/vote', { letter: 'A' })).json()).message).toContain('no open ballot');
    await h.settle();
    expect((await post('/s/rainy-window/vote', { letter: 'AB' })).status).toBe(400);
    const z = await post('/s/rainy-window/vote', { letter: 'Z' });
    expect(z.status).toBe(400);
    expect((await z.json()).message).toMatch(/not an option|no option/i);
    expect((await post('/s/nope/vote', { letter: 'A' })).status).toBe(404);
    const empty = await post('/s/rainy-window/suggest', { text: '   ' });
    expect(empty.status).toBe(400);
    expect((await empty.json()).message).toContain("can't be empty");
    const ok = await post('/s/rainy-window/vote', { letter: 'b' });
    expect((await ok.json()).message).toMatch(/^You picked B: /);
    // The studio counts as a channel of the series.
    expect((await h.app.engine.status((await h.app.engine.series.find('rainy-window')).id)).channels).toBe(2);
    // After the close, votes go to the next episode's ballot; a finished series takes none.
    await h.advance(HOUR);
    expect((await (await post('/s/rainy-window/vote', { letter: 'A' })).json()).message).toMatch(/^You picked A: /);
    await h.say('/series end', moderator());
    expect((await post('/s/rainy-window/vote', { letter: 'A' })).status).toBe(409);
  });

  it('serves videos with range requests and never a file outside the media folder', async () => {
    ({ h, studio, url } = await bootStudio());
    await h.say('/series new "Range Test" A corgi streams everything.', moderator());
    await h.settle();
    const episode = await h.handle.db.selectFrom('episodes').selectAll().executeTakeFirstOrThrow();
    const size = fs.statSync(episode.video_path!).size;
    const part = await fetch(`${url}/media/${episode.id}/video`, { headers: { range: 'bytes=0-9' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-9/${size}`);
    expect((await part.arrayBuffer()).byteLength).toBe(10);
    // A database that points elsewhere (or a crafted id) gets nothing.
    await h.handle.db.updateTable('episodes').set({ video_path: '/etc/passwd' }).where('id', '=', episode.id).execute();
    expect((await fetch(`${url}/media/${episode.id}/video`)).status).toBe(404);
    expect((await fetch(`${url}/media/..%2F..%2Fetc%2Fpasswd/video`)).status).toBe(400);
    expect((await fetch(`${url}/media/${episode.id}/../../x`)).status).toBe(404);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true, status: 'ok', platforms: [] });
  });

  it('reports Prometheus metrics: votes, stage timings, jobs and open ballots', async () => {
    ({ h, studio, url } = await bootStudio());
    await h.say('/series new "Metrics" A corgi counts everything.', moderator());
    await h.settle();
    await fetch(`${url}/s/metrics/vote`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: '{"letter":"A"}' });
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^tailtwist_votes_total 1$/m);
    expect(text).toMatch(/^tailtwist_ballots_open 1$/m);
    expect(text).toMatch(/^tailtwist_stage_seconds_count\{stage="render",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^tailtwist_stage_seconds_count\{stage="write",outcome="ok"\} 1$/m);
    expect(text).toContain('tailtwist_jobs');
    expect(text).toContain('tailtwist_process_resident_memory_bytes');
  });
});

describe('the studio secret', () => {
  it('is made once and kept whole, and an empty or short one is never used', async () => {
    const { studioSecret } = await import('../../src/adapters/web/secret.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-secret-'));
    const secretFile = path.join(dir, 'web-secret');
    const first = studioSecret({ secret: undefined, secretFile });
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(studioSecret({ secret: undefined, secretFile })).toBe(first);
    expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['web-secret']);
    fs.writeFileSync(secretFile, '');
    expect(() => studioSecret({ secret: undefined, secretFile })).toThrow('holds no usable secret');
    fs.writeFileSync(secretFile, 'short');
    expect(() => studioSecret({ secret: undefined, secretFile })).toThrow('holds no usable secret');
    expect(studioSecret({ secret: 'x'.repeat(40), secretFile })).toBe('x'.repeat(40));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
