import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebPublisher } from '../../src/adapters/web/publisher.js';
import { Studio } from '../../src/adapters/web/studio.js';
import { LOCALES, t } from '../../src/i18n/i18n.js';
import { silentLogger } from '../../src/log.js';
import { makeHarness, moderator, testConfig, type Harness } from '../helpers/harness.js';
import { until } from '../helpers/wait.js';

const CHROMIUM = '/usr/bin/chromium';
const hasBrowser = fs.existsSync(CHROMIUM);
const ARTIFACTS = path.resolve('test/artifacts');
if (!hasBrowser && (process.env.CI || process.env.TAILTWIST_REQUIRE_BROWSER)) throw new Error(`${CHROMIUM} is missing: the studio's browser tests must run in CI`);

/** A studio on a fresh database with one series whose first episode is out and its ballot open. */
async function bootStudio(): Promise<{ h: Harness; studio: Studio; url: string }> {
  const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-studio-lang-')), NARRATOR: 'animalese', WEB_PORT: '0' };
  const config = testConfig(env);
  const h = await makeHarness('sqlite', { publishers: [new WebPublisher()] }, env);
  const studio = new Studio(config.web, config.render.mediaDir, silentLogger);
  studio.attach(h.app);
  const url = await studio.start();
  await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital.', moderator());
  await h.settle();
  return { h, studio, url };
}

/** Catalog keys a page would show if its message were missing in English too ("mod.retry"). */
const LEAKED_KEY =
  /[>"](?:studio:|bot:)?(?:home|nav|ballot|story|tree|bible|stats|mod|admin|signIn|errors|fields|episode|feed|vote|status|genre|tone|beat|stage|platform|account|language)\.[A-Za-z.]+[<"]/;

describe('the studio in the reader’s language', () => {
  let h: Harness;
  let studio: Studio;
  let url: string;
  afterEach(async () => {
    await studio?.stop();
    await h?.close();
  });
  const get = async (route: string, headers: Record<string, string> = {}) => (await fetch(`${url}${route}`, { headers })).text();

  it('speaks the browser’s language (Accept-Language), right to left in Arabic, English without one', async () => {
    ({ h, studio, url } = await bootStudio());
    const en = await get('/');
    expect(en).toContain('<html lang="en" dir="ltr"');
    expect(en).toContain('Co-write an animal micro-drama');

    const ja = await get('/', { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8' });
    expect(ja).toContain('<html lang="ja" dir="ltr"');
    expect(ja).toContain(`<h1>${t('ja', 'studio:home.hero')}</h1>`);
    expect(ja).not.toContain('Co-write an animal micro-drama');

    const ar = await get('/s/paws-of-fate', { 'accept-language': 'ar-EG' });
    expect(ar).toContain('<html lang="ar" dir="rtl"');
    expect(ar).toContain(t('ar', 'studio:ballot.question'));
    expect(ar).toContain(t('ar', 'studio:episode.titled', { number: 1, title: '' }).split(':')[0]!);

    // Regions and weights: the best language we ship wins, in the header's order.
    expect(await get('/', { 'accept-language': 'fr-CA,fr;q=0.9' })).toContain('<html lang="fr"');
    expect(await get('/', { 'accept-language': 'zh-CN,zh;q=0.9' })).toContain('<html lang="zh"');
    expect(await get('/', { 'accept-language': 'sv;q=1, pt-BR;q=0.5' })).toContain('<html lang="pt-BR"');
  });

  it('remembers the language picked from the menu in a signed cookie, over the browser’s, and goes back to the page', async () => {
    ({ h, studio, url } = await bootStudio());
    const pick = (lang: string, headers: Record<string, string> = {}) =>
      fetch(`${url}/language`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, referer: `${url}/s/paws-of-fate/stats`, ...headers },
        body: new URLSearchParams({ lang }).toString(),
      });
    const res = await pick('ko');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/s/paws-of-fate/stats');
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('tt_lang='))!
      .split(';')[0]!;
    const page = await get('/s/paws-of-fate/stats', { cookie, 'accept-language': 'ja' });
    expect(page).toContain('<html lang="ko"');
    expect(page).toContain(t('ko', 'studio:stats.perEpisode'));
    // The menu marks the language in use, each named in itself.
    expect(page).toContain('<button type="submit" name="lang" value="ko" lang="ko" aria-current="true">한국어</button>');
    expect(page).toContain('value="ar" lang="ar">العربية</button>');

    // A cookie the studio did not sign is not a pick; a language we do not ship sets nothing.
    expect(await get('/', { cookie: 'tt_lang=ko', 'accept-language': 'ja' })).toContain('<html lang="ja"');
    expect((await pick('xx')).headers.getSetCookie().some((c) => c.startsWith('tt_lang='))).toBe(false);
    // Back only to a page of this studio; a form on another site cannot pick.
    expect((await pick('de', { referer: 'https://evil.example/s/paws-of-fate' })).headers.get('location')).toBe('/');
    expect((await pick('de', { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('says votes, suggestions, form errors and error pages in the reader’s language', async () => {
    ({ h, studio, url } = await bootStudio());
    const post = async (route: string, body: unknown, lang: string, cookie = '') => {
      const r = await fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url, 'accept-language': lang, cookie }, body: JSON.stringify(body) });
      const viewer = r.headers
        .getSetCookie()
        .find((c) => c.startsWith('tt_viewer='))
        ?.split(';')[0];
      return { status: r.status, message: ((await r.json()) as { message: string }).message, cookie: viewer ?? '' };
    };
    const vote = await post('/s/paws-of-fate/vote', { letter: 'B' }, 'ja');
    expect(vote.message).toMatch(/^B を選びました：/);
    // The same viewer changes their mind, reading Spanish now.
    const again = await post('/s/paws-of-fate/vote', { letter: 'A' }, 'es', vote.cookie);
    expect(again.message).toMatch(/^Elegiste A: .* \(antes B\)\. Puedes cambiarlo durante /);
    expect((await post('/s/paws-of-fate/suggest', { text: 'Luna est la chirurgienne' }, 'fr')).message).toBe(t('fr', 'studio:vote.suggested', { number: 1 }));
    expect((await post('/s/paws-of-fate/suggest', { text: 'x'.repeat(2001) }, 'de')).message).toBe('Dein Text ist zu lang; höchstens 2000 Zeichen.');
    const missing = await fetch(`${url}/s/no-such-series`, { headers: { 'accept-language': 'hi' } });
    expect(missing.status).toBe(404);
    const body = await missing.text();
    expect(body).toContain(`<h1>${t('hi', 'studio:errors.heading.notFound')}</h1>`);
    expect(body).toContain('<html lang="hi"');
  });

  it('shows every page in every language we ship, with no message missing', async () => {
    ({ h, studio, url } = await bootStudio());
    for (const locale of LOCALES) {
      for (const route of ['/', '/s/paws-of-fate', '/s/paws-of-fate/tree', '/s/paws-of-fate/stats', '/s/paws-of-fate/mod', '/admin', '/sign-in', '/nowhere']) {
        const html = await get(route, { 'accept-language': locale });
        expect([locale, route, html.includes(`<html lang="${locale}"`)]).toEqual([locale, route, true]);
        expect([locale, route, LEAKED_KEY.exec(html)?.[0] ?? null]).toEqual([locale, route, null]);
      }
    }
    // The moderation page names the ballot's options and the vote window the reader's way.
    const mod = await get('/s/paws-of-fate/mod', { 'accept-language': 'zh' });
    expect(mod).toContain(t('zh', 'studio:mod.heading', { title: 'Paws of Fate' }));
    expect(mod).toContain(t('zh', 'studio:mod.optionVotes', { count: 0 }));
  });
});

describe.runIf(hasBrowser)('the studio’s language in a real browser', () => {
  let browser: Browser;
  let h: Harness;
  let studio: Studio;
  let url: string;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => browser?.close());
  afterEach(async () => {
    await studio?.stop();
    await h?.close();
  });

  it('shows Japanese to a Japanese browser, counts down in Japanese, and switches to German from the menu for good', async () => {
    ({ h, studio, url } = await bootStudio());
    const context = await browser.newContext({ locale: 'ja-JP' });
    const page = await context.newPage();
    await page.goto(`${url}/s/paws-of-fate`);
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.locator('.ballot h3').textContent()).toBe('次はどうなる？');
    await until(async () => /\d+\s*(時間|分|秒)/.test((await page.locator('time[data-closes]').textContent()) ?? ''), 'the countdown in Japanese units', 5000);
    await page.click('details.lang summary');
    await Promise.all([page.waitForURL(`${url}/s/paws-of-fate`), page.click('details.lang button[value=de]')]);
    await until(async () => (await page.locator('.ballot h3').textContent()) === 'Wie geht’s weiter?', 'the page in German', 5000);
    await page.goto(`${url}/s/paws-of-fate/tree`);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.locator('nav.tabs a.on').textContent()).toBe('Handlungsbaum');
    await context.close();
    // Arabic reads right to left: the page is laid out from the right (a picture to look at).
    const arabic = await browser.newContext({ locale: 'ar-EG', viewport: { width: 1280, height: 900 } });
    const ar = await arabic.newPage();
    await ar.goto(`${url}/s/paws-of-fate`);
    expect(await ar.locator('html').getAttribute('dir')).toBe('rtl');
    const brand = await ar.locator('a.brand').boundingBox();
    expect(brand!.x).toBeGreaterThan(640);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await ar.screenshot({ path: path.join(ARTIFACTS, 'studio-ar.png'), fullPage: true });
    await arabic.close();
  });
});
