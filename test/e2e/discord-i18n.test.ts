import { DiscordAPIError, REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { DISCORD_LOCALES, slashCommands } from '../../src/adapters/discord/slash-commands.js';
import { t, type Locale } from '../../src/i18n/i18n.js';
import { ADMIN, buttonsOf, descriptionOf, DiscordRig, fans, TOKEN } from '../fakes/discord/rig.js';
import { BOT_PERMISSIONS, CHANNEL_ID, PERMISSIONS, type FakeMember } from '../fakes/discord/server.js';
import { until } from '../helpers/wait.js';

const spanish = (m: FakeMember): FakeMember => ({ ...m, locale: 'es-ES' });

describe('Discord in the reader’s language (real discord.js against the fake)', () => {
  let rig: DiscordRig;
  afterEach(async () => rig?.close());

  it('answers an interaction with locale es-ES in Spanish, and another member in English, in the same channel', async () => {
    rig = new DiscordRig();
    await rig.boot();
    const { post } = await rig.startSeries();
    const fake = rig.fake;

    // A slash command and a vote button, each from a member whose Discord speaks Spanish.
    const status = await rig.answered(fake.slash(spanish(fans[0]!), ['series', 'status']));
    expect(status.text).toContain('Reparto: Mochi (Shiba Inu)');
    expect(status.text).toContain('La votación cierra en');
    const refused = await rig.answered(fake.slash(spanish(fans[0]!), ['mod', 'close-vote']));
    expect(refused).toEqual({ text: 'Eso solo pueden hacerlo los moderadores.', ephemeral: true });
    const voted = await rig.answered(fake.click(spanish(fans[1]!), post, buttonsOf(post)[1]!.custom_id));
    expect(voted.text).toMatch(/^Elegiste B — puedes cambiarlo hasta <t:\d+:R>\.$/);

    // Someone else's Discord speaks English: their answer stays English.
    const english = await rig.answered(fake.click(fans[2]!, post, buttonsOf(post)[0]!.custom_id));
    expect(english.text).toMatch(/^You picked A — /);
    // The episode itself is in the series' language (English here), whoever reads it.
    expect(descriptionOf(fake.messages.get(post.id)!)).toContain('Vote for the next twist below');
  }, 30_000);

  it('follows the channel’s language setting: the episode, its tally and every reply in Spanish, whatever the reader’s locale', async () => {
    rig = new DiscordRig();
    await rig.boot();
    const fake = rig.fake;
    await rig.answered(fake.slash(ADMIN, ['series', 'new'], { title: 'Patas', premise: 'Una Shiba Inu despierta en el hospital sin recordar la boda.', cast: 'Mochi: Shiba Inu, Luna: black cat' }));
    const set = await rig.answered(fake.slash(ADMIN, ['series', 'language'], { language: 'español' }));
    expect(set.text).toBe(t('es', 'series.language.set', { language: 'español' }));
    await rig.h.settle();
    const post = await fake.waitFor(() => rig.episodes().at(-1), 'the episode message', 5000);
    expect(String((post.embeds[0] as { title: string }).title)).toMatch(/^Patas — Episodio 1/);
    expect(descriptionOf(post)).toContain('Vota el próximo giro abajo');
    // An English-speaking member reads the channel's language too.
    expect((await rig.answered(fake.click(fans[0]!, post, buttonsOf(post)[0]!.custom_id))).text).toMatch(/^Elegiste A/);
    await fake.waitFor(() => (post.embeds[0] as { footer?: { text: string } }).footer?.text === '1 voto de todos los canales de Patas' || undefined, 'the Spanish tally', 5000);

    // Back to auto: each reader their own language again.
    expect((await rig.answered(fake.slash(ADMIN, ['series', 'language'], { language: 'auto' }))).text).toBe(t('en', 'series.language.auto'));
    expect((await rig.answered(fake.click(fans[1]!, post, buttonsOf(post)[1]!.custom_id))).text).toMatch(/^You picked B/);
  }, 30_000);

  it('keeps an Arabic channel’s vote buttons and tally right to left', async () => {
    rig = new DiscordRig();
    await rig.boot();
    const fake = rig.fake;
    await rig.answered(fake.slash(ADMIN, ['series', 'new'], { title: 'مخالب', premise: 'كلب يستيقظ في المستشفى بلا ذاكرة.', cast: 'موتشي: كلب, لونا: قطة', language: 'ar' }));
    await rig.h.settle();
    const post = await fake.waitFor(() => rig.episodes().at(-1), 'the episode message', 5000);
    const labels = buttonsOf(post).map((b) => b.label);
    expect(labels.length).toBeGreaterThan(1);
    for (const label of labels) expect(label).toMatch(/^\u200f[A-Z]\. /);
    for (const field of (post.embeds[0] as { fields: { name: string }[] }).fields) expect(field.name).toMatch(/^\u200f[A-Z]\. /);
  }, 30_000);

  it('tells why Discord refuses a channel in the series’ language there, and in each moderator’s own in /series status', async () => {
    rig = new DiscordRig();
    await rig.boot({ world: (f) => f.setBotPermissions(CHANNEL_ID, BOT_PERMISSIONS & ~PERMISSIONS.sendMessages) });
    const { fake, h } = rig;
    await rig.answered(fake.slash(spanish(ADMIN), ['series', 'new'], { title: 'Patas', premise: 'Una Shiba Inu despierta en el hospital sin recordar la boda.', language: 'es' }));
    await h.settle();
    await until(async () => (await h.handle.db.selectFrom('channels').select('blocked_at').executeTakeFirst())?.blocked_at || undefined, 'the channel to be marked');
    const reason = (locale: string) => t(locale, 'refusal.discord.missing', { count: 1, names: 'Send Messages' });
    // The notice tried in the channel (Discord refused it too) was in the series' Spanish.
    const notice = fake.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.route)).at(-1)!;
    expect(String(notice.body?.content)).toContain(reason('es'));
    expect((await rig.answered(fake.slash(spanish(ADMIN), ['series', 'status']))).text).toContain(reason('es'));
    expect((await rig.answered(fake.slash({ ...ADMIN, locale: 'de' }, ['series', 'status']))).text).toContain(reason('de'));
  }, 30_000);

  it('registers commands with localized descriptions and choices that pass Discord’s checks', async () => {
    rig = new DiscordRig();
    const adapter = await rig.boot({ start: false });
    expect(await adapter.deployCommands()).toBeGreaterThan(5);
    const registered = rig.fake.commands.get('')!;
    const series = registered.find((c) => c.name === 'series')!;
    expect(series.description_localizations).toMatchObject({
      'zh-CN': t('zh', 'commands.series.description'),
      'es-ES': t('es', 'commands.series.description'),
      'es-419': t('es', 'commands.series.description'),
    });
    expect(Object.keys(series.description_localizations as object)).not.toContain('ar');
    const tone = ((series.options as { name: string; options: { name: string; choices?: { value: string; name_localizations: Record<string, string> }[] }[] }[])
      .find((o) => o.name === 'new')!
      .options.find((o) => o.name === 'tone')!.choices ?? [])[2]!;
    expect(tone).toMatchObject({ value: 'comedy', name_localizations: { 'zh-CN': '搞笑', 'es-ES': 'comedia' } });
  });

  type Node = { name: string; type?: number; name_localizations?: Record<string, string>; options?: Node[] };
  const tree = (registered: Node[]) =>
    registered.flatMap(function all(n: Node): Node[] {
      return [n, ...(n.options ?? []).flatMap(all)];
    });

  it('registers a localized name for every command, subcommand and option, and an es-ES member is still handled by the English names the interaction carries', async () => {
    rig = new DiscordRig();
    const adapter = await rig.boot();
    const fake = rig.fake;
    await adapter.deployCommands();
    const registered = fake.commands.get('') as unknown as Node[];

    // Every name in every Discord locale we speak is the catalog's (where it differs from English); none in Arabic.
    const problems: string[] = [];
    for (const node of tree(registered)) {
      for (const [ours, theirs] of Object.entries(DISCORD_LOCALES) as [Locale, readonly string[]][]) {
        const wanted = t(ours, `discordNames.${node.name}`);
        for (const l of theirs) if ((node.name_localizations?.[l] ?? node.name) !== wanted) problems.push(`${node.name} in ${l}: ${node.name_localizations?.[l]} but the catalog says ${wanted}`);
      }
      if (Object.keys(node.name_localizations ?? {}).some((l) => l.startsWith('ar'))) problems.push(`${node.name}: Arabic is no Discord locale`);
    }
    expect(problems).toEqual([]);
    const series = registered.find((c) => c.name === 'series')!;
    const follow = series.options!.find((o) => o.name === 'follow')!;
    expect(series.name_localizations).toMatchObject({ 'es-ES': 'serie', 'es-419': 'serie', de: 'serie', ja: 'シリーズ', 'zh-CN': '短剧' });
    expect(follow.name_localizations).toMatchObject({ 'es-ES': 'seguir', de: 'folgen', fr: 'suivre' });

    // Spanish Discord shows /serie estado; the interaction still says series status.
    const member = spanish(fans[0]!);
    const none = await rig.answered(fake.slash(member, ['series', 'status']));
    // A reply only the reader sees names commands as their menu does; English stays as it was.
    expect(none).toEqual({ text: t('es', 'errors.series.none').replace('/series new', '/serie nueva').replace('/series follow', '/serie seguir'), ephemeral: true });
    expect(none.text).toContain('/serie nueva');
    expect(await rig.answered(fake.slash(fans[1]!, ['series', 'status']))).toEqual({ text: t('en', 'errors.series.none'), ephemeral: true });
    expect((await rig.answered(fake.slash({ ...fans[2]!, locale: 'de' }, ['help']))).text).toMatch(/^\/folge zeigen — /m);

    const created = await rig.answered(
      fake.slash(spanish(ADMIN), ['series', 'new'], { title: 'Patas', premise: 'Una Shiba Inu despierta en el hospital sin recordar la boda.', cast: 'Mochi: Shiba Inu, Luna: black cat' }),
    );
    // For the whole channel, whose members' menus may differ: the English names, as typed everywhere.
    expect(created.ephemeral).toBe(false);
    expect(created.text).toContain('/series follow patas');
    await rig.h.settle();
    expect((await rig.answered(fake.slash(member, ['series', 'status']))).text).toContain('Reparto: Mochi (Shiba Inu)');
  }, 30_000);

  it('is refused by the fake, as by Discord, when a localized name breaks the rules', async () => {
    rig = new DiscordRig();
    await rig.boot({ start: false });
    const rest = new REST({ version: '10', api: rig.fake.api, retries: 0 }).setToken(TOKEN);
    const put = (body: unknown) => rest.put(`/applications/${rig.fake.applicationId}/commands`, { body });
    const broken = (change: (series: Node) => void) => {
      const body = structuredClone(slashCommands(commands)) as unknown as Node[];
      change(body.find((c) => c.name === 'series')!);
      return body;
    };
    const sub = (series: Node, name: string) => series.options!.find((o) => o.name === name)!;
    await expect(put(slashCommands(commands))).resolves.toBeDefined();
    const refusals = {
      upper: broken((s) => (s.name_localizations!['es-ES'] = 'Serie')),
      space: broken((s) => (s.name_localizations!.de = 'eine serie')),
      long: broken((s) => (s.name_localizations!.fr = 's'.repeat(33))),
      twin: broken((s) => (sub(s, 'new').name_localizations!['es-ES'] = sub(s, 'follow').name_localizations!['es-ES']!)),
      english: broken((s) => (sub(s, 'new').name_localizations!.ja = 'follow')),
      arabic: broken((s) => (s.name_localizations!.ar = 'مسلسل')),
    };
    for (const [why, body] of Object.entries(refusals)) {
      const err = await put(body).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, why).toBeInstanceOf(DiscordAPIError);
      expect((err as DiscordAPIError).code, why).toBe(50035);
      expect((err as DiscordAPIError).message, why).toContain('name_localizations');
    }
    // Devanagari with its vowel signs, Thai, and an apostrophe are names Discord takes.
    await expect(put(broken((s) => Object.assign(s.name_localizations!, { hi: 'सीरीज़', th: 'ซีรีส์', fr: "l'série" })))).resolves.toBeDefined();
  });
});
