import { afterEach, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/i18n.js';
import { ADMIN, buttonsOf, descriptionOf, DiscordRig, fans } from '../fakes/discord/rig.js';
import type { FakeMember } from '../fakes/discord/server.js';

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
});
