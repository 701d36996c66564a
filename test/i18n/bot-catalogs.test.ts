import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { slashCommands } from '../../src/adapters/discord/slash-commands.js';
import { isGroup, listCommands } from '../../src/core/commands.js';
import { KINDS } from '../../src/core/story/species.js';
import { hasKey, languageLocale, LOCALES, LOCALES_DIR, NAMESPACES, resolveLocale, t } from '../../src/i18n/i18n.js';

/** Every catalog on disk as flat keys (`a.b.c`), per locale and namespace; undefined where the file is absent. */
function catalog(locale: string, ns: string): Record<string, string> | undefined {
  const file = path.join(LOCALES_DIR, locale, `${ns}.json`);
  if (!fs.existsSync(file)) return undefined;
  const flat: Record<string, string> = {};
  const walk = (node: unknown, prefix: string) => {
    if (typeof node === 'string') flat[prefix] = node;
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
    else throw new Error(`${locale}/${ns}.json: ${prefix} is neither text nor an object`);
  };
  walk(JSON.parse(fs.readFileSync(file, 'utf8')), '');
  return flat;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!).sort();
/** English keys with their plural forms folded: `votes_one`, `votes_other` → `votes`. */
const baseKeys = (flat: Record<string, string>) => [...new Set(Object.keys(flat).map((k) => k.replace(PLURAL, '')))];

describe('message catalogs', () => {
  for (const ns of NAMESPACES) {
    const en = catalog('en', ns);
    if (!en) continue;
    describe(`${ns}`, () => {
      for (const locale of LOCALES.filter((l) => l !== 'en')) {
        it(`${locale} has every key of en, each with its placeholders and the plural forms ${locale} needs`, () => {
          const ours = catalog(locale, ns);
          expect(ours, `${locale}/${ns}.json is missing`).toBeDefined();
          const forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
          const problems: string[] = [];
          for (const key of baseKeys(en)) {
            const plural = `${key}_other` in en;
            const english = en[plural ? `${key}_other` : key]!;
            const wanted = placeholders(english).filter((p) => !plural || p !== 'count');
            const variants = plural ? forms.map((f) => `${key}_${f}`) : [key];
            for (const variant of variants) {
              const text = ours![variant];
              if (text === undefined) {
                problems.push(`missing ${variant}`);
                continue;
              }
              if (!text.trim() && english.trim()) problems.push(`empty ${variant}`);
              const got = placeholders(text).filter((p) => !plural || p !== 'count');
              // A plural form may leave the number out ("one vote"), never another placeholder.
              if (JSON.stringify([...new Set(got)].sort()) !== JSON.stringify([...new Set(wanted)].sort())) problems.push(`${variant}: {{${got.join(', ')}}} but en has {{${wanted.join(', ')}}}`);
            }
          }
          for (const key of Object.keys(ours!)) if (!(key.replace(PLURAL, '') in en) && !(`${key.replace(PLURAL, '')}_other` in en)) problems.push(`unknown key ${key}`);
          expect(problems).toEqual([]);
        });
      }
    });
  }

  it('en holds every key the code uses', () => {
    // Where chat text is said: the commands, the core, the chat adapters (the studio and the cards say theirs in their own namespaces).
    const roots = ['commands', 'src/core', 'src/adapters/discord', 'src/adapters/telegram'].map((d) => path.join(LOCALES_DIR, '..', '..', '..', d));
    const files = roots.flatMap((root) => fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => path.join(root, f))).filter((f) => f.endsWith('.ts'));
    const used = new Set<string>();
    // tr('key'), t(locale, 'key'), UserError(code, 'key'), msg('key'): literal keys; `prefix.${x}` is checked by its cases below.
    const call = /\b(?:tr|t|translate\([^)]*\)|msg|UserError)\(\s*(?:[\w.]+,\s*)?'([a-z][\w-]*(?:\.[\w -]+)+)'/g;
    for (const file of files) for (const m of fs.readFileSync(file, 'utf8').matchAll(call)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(150);
    expect([...used].filter((key) => !hasKey(key) && !hasKey(`${key}_other`))).toEqual([]);
  });

  it('en has the keys built from data: statuses, roles, beats, conditions, kinds, platforms', () => {
    const dynamic = [
      ...['writing', 'written', 'rendering', 'rendered', 'published', 'failed', 'cancelled'].map((s) => `episode.status.${s}`),
      ...['running', 'paused', 'ended'].map((s) => `status.series.${s}`),
      ...['votes', 'moderator', 'random-tie', 'random-no-votes'].map((s) => `ballot.decidedBy.${s}`),
      ...['protagonist', 'antagonist', 'suspect', 'victim', 'detective', 'ally', 'love interest', 'rival'].map((r) => `story.role.${r}`),
      ...['setup', 'complications', 'midpoint', 'crisis', 'answer', 'new season'].map((b) => `story.beat.${b}`),
      ...['fine', 'hurt', 'in hospital', 'unconscious', 'missing', 'arrested', 'dead'].map((c) => `story.condition.${c}`),
      ...KINDS.flatMap((k) => [`species.many.${k.id.replace(/ /g, '-')}`, `species.one.${k.id.replace(/ /g, '-')}`]),
      ...['discord', 'telegram', 'web'].map((p) => `platforms.${p}`),
      ...['approved', 'vetoed'].map((s) => `errors.suggestion.already.${s}`),
    ];
    expect(dynamic.filter((key) => !hasKey(key))).toEqual([]);
  });

  it("the en catalog's command texts are the commands' own, for every command, option and choice", () => {
    const en = catalog('en', 'bot')!;
    const problems: string[] = [];
    const check = (key: string, text: string) => en[key] !== text && problems.push(`${key}: “${en[key]}” but the command says “${text}”`);
    for (const c of commands) if (isGroup(c)) check(`commands.${c.name}.description`, c.description);
    for (const { path: p, command } of listCommands(commands)) {
      const key = `commands.${p.replace(' ', '.')}`;
      check(`${key}.description`, command.description);
      for (const o of command.options) {
        check(`${key}.options.${o.name}`, o.description);
        for (const choice of o.choices ?? []) check(`choices.${o.name}.${choice}`, choice);
      }
    }
    expect(problems).toEqual([]);
  });

  it('says a message in each language, falling back to English for a key a catalog lacks', () => {
    expect(t('en', 'ballot.optionLine', { letter: 'A', label: 'x', count: 1, winner: '' })).toBe('A. x — 1 vote');
    expect(t('es', 'ballot.optionLine', { letter: 'A', label: 'x', count: 2, winner: '' })).toBe('A. x — 2 votos');
    expect(t('zh-hans', 'errors.command.notModerator')).toBe(t('zh', 'errors.command.notModerator'));
    expect(t('zh', 'errors.command.notModerator')).not.toBe(t('en', 'errors.command.notModerator'));
    for (const n of [0, 1, 2, 3, 11, 100]) expect(t('ar', 'discord.votes', { count: n })).toMatch(/\S/);
  });
});

describe('languages as people give them', () => {
  it('reads platform tags: zh-hans, es-ES, es-419, pt-BR, pt, in, en-GB; anything else is English', () => {
    expect(['zh-hans', 'zh-CN', 'es-ES', 'es-419', 'pt', 'pt-BR', 'in', 'ja', 'ko', 'ar', 'hi', 'id', 'fr-CA', 'de-AT', 'en-GB', 'nl', '', undefined].map((tag) => resolveLocale(tag))).toEqual([
      'zh',
      'zh',
      'es',
      'es',
      'pt-BR',
      'pt-BR',
      'id',
      'ja',
      'ko',
      'ar',
      'hi',
      'id',
      'fr',
      'de',
      'en',
      'en',
      'en',
      'en',
    ]);
  });

  it("reads a series' language typed freely: codes, English and native names; unknown languages are undefined", () => {
    const cases: Record<string, string | undefined> = {
      zh: 'zh',
      'zh-Hans': 'zh',
      Chinese: 'zh',
      中文: 'zh',
      普通话: 'zh',
      Spanish: 'es',
      español: 'es',
      es: 'es',
      Portuguese: 'pt-BR',
      português: 'pt-BR',
      日本語: 'ja',
      한국어: 'ko',
      العربية: 'ar',
      Hindi: 'hi',
      हिन्दी: 'hi',
      'Bahasa Indonesia': 'id',
      Français: 'fr',
      Deutsch: 'de',
      English: 'en',
      en: 'en',
      Klingon: undefined,
      nl: undefined,
      '': undefined,
    };
    expect(Object.fromEntries(Object.keys(cases).map((k) => [k, languageLocale(k)]))).toEqual(cases);
  });
});

describe('Discord command registration', () => {
  it('localizes every description and choice for the Discord locales we speak, never Arabic', () => {
    const body = slashCommands(commands) as unknown as Record<string, unknown>[];
    const walk = (node: Record<string, unknown>, where: string, out: string[]) => {
      const desc = node.description_localizations as Record<string, string> | undefined;
      if (node.description !== undefined) {
        for (const l of ['zh-CN', 'es-ES', 'es-419', 'pt-BR', 'ja', 'ko', 'hi', 'id', 'fr', 'de']) if (!desc?.[l]) out.push(`${where}: no ${l} description`);
        if (desc && Object.keys(desc).some((l) => l.startsWith('ar'))) out.push(`${where}: Arabic is no Discord locale`);
      }
      // Names are localized too (test/e2e/discord-i18n.test.ts checks them against the catalog), never in Arabic.
      if (Object.keys((node.name_localizations as object | undefined) ?? {}).some((l) => l.startsWith('ar'))) out.push(`${where}: an Arabic name`);
      for (const o of (node.options as Record<string, unknown>[] | undefined) ?? []) walk(o, `${where} ${String(o.name)}`, out);
      for (const c of (node.choices as Record<string, unknown>[] | undefined) ?? []) {
        const names = c.name_localizations as Record<string, string> | undefined;
        if (!names?.['zh-CN'] || !names['es-ES']) out.push(`${where} ${String(c.value)}: choice not localized`);
      }
    };
    const problems: string[] = [];
    for (const c of body) walk(c, `/${String(c.name)}`, problems);
    expect(problems).toEqual([]);
    const series = body.find((c) => c.name === 'series')!;
    expect((series.description_localizations as Record<string, string>)['zh-CN']).toBe(t('zh', 'commands.series.description'));
  });
});
