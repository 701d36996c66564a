import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { platformReason, type PlatformHealth } from '../../../src/adapters/web/health.js';
import { langFor } from '../../../src/adapters/web/lang.js';
import { homePage } from '../../../src/adapters/web/pages.js';
import { WebPublisher } from '../../../src/adapters/web/publisher.js';
import { Studio } from '../../../src/adapters/web/studio.js';
import { parseCastList } from '../../../src/core/cast.js';
import { matchSpecies } from '../../../src/core/story/species.js';
import { LOCALES, t, type Locale } from '../../../src/i18n/i18n.js';
import { silentLogger } from '../../../src/log.js';
import { makeHarness, moderator, testConfig, type Harness } from '../../helpers/harness.js';

/** The home page as a reader of `locale` sees it, with these platforms. */
const home = (locale: Locale, platforms: PlatformHealth[]) => homePage([], { lang: langFor(locale), canModerate: true, viewerName: null, account: null, signInOffered: false, platforms });

describe('why a platform is unreachable, in the reader’s language', () => {
  it('reads the kind of trouble and the settings out of what the adapters say', () => {
    expect(platformReason('the Telegram Bot API at http://127.0.0.1:9 does not answer (connect ECONNREFUSED): check TELEGRAM_API_ROOT and the network')).toEqual({
      kind: 'noAnswer',
      settings: ['TELEGRAM_API_ROOT'],
      network: true,
    });
    expect(platformReason('Telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN')).toEqual({ kind: 'token', settings: ['TELEGRAM_BOT_TOKEN'], network: false });
    expect(platformReason('Discord refused the token (401 Unauthorized): check DISCORD_TOKEN')).toMatchObject({ kind: 'token', settings: ['DISCORD_TOKEN'] });
    expect(platformReason('the Bot API at https://api.telegram.org answered 404 Not Found: check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT')).toMatchObject({
      kind: 'notFound',
      settings: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_API_ROOT'],
    });
    expect(platformReason('Discord at https://discord.com/api answered 503: Discord may be having trouble; check the network (or DISCORD_API_BASE)')).toEqual({
      kind: 'serverError',
      status: 503,
      settings: ['DISCORD_API_BASE'],
      network: true,
    });
    expect(platformReason('the Bot API answered 502 (Bad Gateway)')).toMatchObject({ kind: 'serverError', status: 502, settings: [] });
    expect(platformReason('Discord asks us to wait 90 s (global rate limit)').kind).toBe('rateLimited');
    expect(platformReason('Telegram refused the webhook (bad port): check TELEGRAM_WEBHOOK_URL')).toMatchObject({ kind: 'webhook', settings: ['TELEGRAM_WEBHOOK_URL'] });
    expect(platformReason('could not listen for Telegram webhooks on 0.0.0.0:8443 (EADDRINUSE): check TELEGRAM_WEBHOOK_LISTEN').kind).toBe('listen');
    expect(platformReason('Discord does not answer (connect UND_ERR_CONNECT_TIMEOUT)')).toEqual({ kind: 'noAnswer', settings: [], network: false });
    expect(platformReason('the Discord connection was stopped while it was connecting').kind).toBe('stopped');
    expect(platformReason('Discord at https://discord.com/api refused to connect the bot (403: Missing Access)').kind).toBe('refused');
    expect(platformReason('Used disallowed intents').kind).toBe('other');
  });

  it('shows a Chinese reader the reason and what to check in Chinese, never the English reason', () => {
    const english = 'the Telegram Bot API at http://127.0.0.1:9 does not answer (connect ECONNREFUSED): check TELEGRAM_API_ROOT and the network';
    const page = home('zh', [{ platform: 'Telegram', state: 'retrying', reason: english, retryAt: Date.now() + 60_000 }]);
    expect(page).toContain(t('zh', 'studio:home.trouble.retryingWhy', { platform: 'Telegram', reason: t('zh', 'studio:home.reason.noAnswer') }));
    expect(page).toContain('对方没有回应');
    expect(page).toContain(t('zh', 'studio:home.reason.checkNetwork', { settings: 'TELEGRAM_API_ROOT' }));
    expect(page).toContain('请检查网络和 TELEGRAM_API_ROOT。');
    expect(page).not.toContain('does not answer');
    expect(page).not.toContain('ECONNREFUSED');
  });

  it('tells a Spanish reader which server error keeps the episodes waiting, and says "no answer" only once', () => {
    const page = home('es', [
      { platform: 'Discord', state: 'unreachable', reason: 'Discord answered 503' },
      { platform: 'Telegram', state: 'unreachable', reason: 'the Bot API does not answer (connect ECONNREFUSED)' },
    ]);
    expect(page).toContain(t('es', 'studio:home.trouble.unreachableWhy', { platform: 'Discord', reason: t('es', 'studio:home.reason.serverError', { status: 503 }) }));
    expect(page).toContain('sus servidores respondieron con un error (503)');
    expect(page).toContain(`<p class="notice">${t('es', 'studio:home.trouble.unreachable', { platform: 'Telegram' })} ${t('es', 'studio:home.goesOn')}</p>`);
    expect(page).not.toContain('answered 503');
  });

  it('names two settings as a list in the reader’s language, and keeps English as it was for an English reader', () => {
    const reason = 'the Bot API at https://api.telegram.org answered 404 Not Found: check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT';
    expect(home('de', [{ platform: 'Telegram', state: 'retrying', reason }])).toContain('Prüfe TELEGRAM_BOT_TOKEN und TELEGRAM_API_ROOT.');
    expect(home('en', [{ platform: 'Telegram', state: 'retrying', reason }])).toContain(
      'Telegram is not connected: its API address answered “not found”. Check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT. The story goes on here and on the other platforms.',
    );
  });

  it('has every reason in every language, none of them the English', () => {
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      for (const kind of ['token', 'notFound', 'webhook', 'listen', 'rateLimited', 'serverError', 'noAnswer', 'refused', 'stopped', 'other', 'check', 'checkNetwork', 'network']) {
        expect(t(locale, `studio:home.reason.${kind}`, { status: 500, settings: 'X' }), `${locale} ${kind}`).not.toBe(t('en', `studio:home.reason.${kind}`, { status: 500, settings: 'X' }));
      }
    }
  });
});

describe('the studio’s own words in the reader’s language', () => {
  let h: Harness | undefined;
  let studio: Studio | undefined;
  afterEach(async () => {
    await studio?.stop();
    await h?.close();
    studio = undefined;
    h = undefined;
  });

  async function boot(): Promise<string> {
    const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-studio-i18n-')), NARRATOR: 'animalese', WEB_PORT: '0' };
    const config = testConfig(env);
    h = await makeHarness('sqlite', { publishers: [new WebPublisher()] }, env);
    studio = new Studio(config.web, config.render.mediaDir, silentLogger);
    studio.attach(h.app);
    return studio.start();
  }

  it('gives each language a cast example it can read, and an example species it draws', async () => {
    for (const locale of LOCALES) {
      const example = t(locale, 'studio:home.form.castExample');
      const cast = parseCastList(example);
      expect(cast, `${locale}: ${example}`).toHaveLength(2);
      expect(
        cast.map((c) => matchSpecies(c.species)),
        locale,
      ).toMatchObject([
        { kind: { id: 'dog' }, exact: true },
        { kind: { id: 'cat' }, exact: true },
      ]);
      expect(matchSpecies(t(locale, 'studio:mod.speciesExample')), locale).toMatchObject({ kind: { id: 'dog' }, exact: true });
    }
    const url = await boot();
    const ja = await (await fetch(`${url}/`, { headers: { 'accept-language': 'ja' } })).text();
    expect(ja).toContain(`placeholder="${t('ja', 'studio:home.form.castExample')}"`);
    expect(ja).toContain(`<code>${t('ja', 'studio:home.form.castExample')}</code>`);
    expect(ja).not.toContain('Luna: black cat');
  });

  it('names the audit log’s actions and the species example in the moderator’s language', async () => {
    const url = await boot();
    await h!.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding.', moderator());
    await h!.say('/mod story genre comedy', moderator());
    const zh = await (await fetch(`${url}/s/paws-of-fate/mod`, { headers: { 'accept-language': 'zh-CN' } })).text();
    expect(zh).toContain(`<td>${t('zh', 'studio:mod.auditAction.series.create')}</td>`);
    expect(zh).toContain('<td>修改了故事设定</td>');
    expect(zh).not.toContain('<td>story.correct</td>');
    // The action's code stays beside its details, for whoever reads the logs.
    expect(zh).toContain('<td class="muted"><code>story.correct</code> {&quot;field&quot;:&quot;genre&quot;');
    expect(zh).toContain(`placeholder="${t('zh', 'studio:mod.speciesExample')}"`);
  });

  it('says a bad story correction in the moderator’s language, and reads a list written with Chinese commas', async () => {
    const url = await boot();
    await h!.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory of the wedding.', moderator());
    const correct = async (lang: string, body: Record<string, string>) => {
      const posted = await fetch(`${url}/s/paws-of-fate/story`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', 'accept-language': lang },
        body: new URLSearchParams(body),
        redirect: 'manual',
      });
      expect(posted.status).toBe(303);
      const cookie = posted.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      return (await fetch(`${url}/s/paws-of-fate/tree`, { headers: { cookie, 'accept-language': lang } })).text();
    };
    const es = await correct('es', { field: 'genre', value: 'opera' });
    expect(es).toContain(t('es', 'errors.story.genre', { genres: 'mystery, rivalry, medical, romance, revenge, family, comedy' }));
    expect(es).not.toContain('The genre must be one of');
    await correct('zh', { field: 'places', value: '慈善晚宴，餐厅后厨、天台' });
    expect((await h!.app.engine.series.resolve({ platform: 'discord', chatId: 'c1' }).then((s) => h!.app.engine.story.view(s.id))).bible.places.map((p) => p.name)).toEqual([
      '慈善晚宴',
      '餐厅后厨',
      '天台',
    ]);
  });

  it('answers a request the studio cannot take in the reader’s language, not Fastify’s English', async () => {
    const url = await boot();
    const big = await fetch(`${url}/series`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', 'accept-language': 'de' },
      body: new URLSearchParams({ title: 'x', premise: 'y'.repeat(100_000) }),
    });
    expect(big.status).toBe(413);
    const page = await big.text();
    expect(page).toContain(t('de', 'studio:errors.tooLarge'));
    expect(page).not.toMatch(/Request body is too large/i);
    const broken = await fetch(`${url}/s/paws-of-fate/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'sec-fetch-site': 'same-origin', 'accept-language': 'fr' },
      body: '{"letter":',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ message: t('fr', 'studio:errors.badRequest') });
  });
});
