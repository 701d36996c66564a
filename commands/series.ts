import { defineCommand, type CommandGroup } from '../src/core/commands.js';
import { parseCastList } from '../src/core/cast.js';
import { drawableKinds, speciesNote } from '../src/core/story/species.js';
import { formatDuration, parseVoteWindow } from '../src/core/duration.js';
import { TONES } from '../src/core/series.js';
import { UserError } from '../src/core/errors.js';
import { LOCALES, languageLocale, translate, type Locale } from '../src/i18n/i18n.js';
import { publicStory, quoted, statusText, storyText } from './format.js';

const seriesOption = { name: 'series', description: 'Series name (defaults to the one this channel follows)', type: 'string', autocomplete: 'series', maxLength: 80 } as const;

/** "es", "Spanish", "español", "中文"… as a locale we ship; "auto" (null): each reader's own language. */
function channelLanguage(text: string): Locale | null {
  if (/^\s*(auto|default|none|off)\s*$/i.test(text)) return null;
  const locale = languageLocale(text);
  if (!locale) throw new UserError('invalid-input', 'errors.language.unknown', { text: text.trim().slice(0, 30), locales: LOCALES.join(', ') });
  return locale;
}

export const series: CommandGroup = {
  name: 'series',
  description: 'Start, follow and steer a series',
  subcommands: [
    defineCommand({
      name: 'new',
      description: 'Start a new series in this channel',
      access: 'moderator',
      options: [
        { name: 'title', description: 'The title, e.g. "Paws of Fate"', type: 'string', required: true, maxLength: 80 },
        { name: 'premise', description: 'What the drama is about', type: 'string', required: true, rest: true, maxLength: 500 },
        { name: 'tone', description: 'The tone', type: 'string', choices: TONES },
        { name: 'cast', description: 'Characters, e.g. "Mochi: Shiba Inu, Luna: black cat"', type: 'string', maxLength: 400, parse: parseCastList },
        { name: 'window', description: 'How long each vote lasts, e.g. 24h or 30m', type: 'string', maxLength: 20, parse: parseVoteWindow },
        { name: 'length', description: 'Episode length in seconds', type: 'integer', min: 30, max: 120 },
        { name: 'language', description: 'Language of the episodes, e.g. en, es, zh', type: 'string', maxLength: 30 },
        { name: 'ties', description: 'Who breaks a tie', type: 'string', choices: ['moderator', 'random'] },
        { name: 'fallback', description: 'Let the built-in writer step in if the AI writer fails (default yes)', type: 'boolean' },
      ],
      async run({ engine, actor, place, locale, tr }, args) {
        const created = await engine.series.create(actor, place, {
          title: args.title,
          premise: args.premise,
          ...(args.tone ? { tone: args.tone } : {}),
          ...(args.cast ? { cast: args.cast } : {}),
          ...(args.window ? { voteWindowMs: args.window } : {}),
          ...(args.length ? { targetSeconds: args.length } : {}),
          ...(args.language ? { language: args.language } : {}),
          ...(args.ties ? { tieRule: args.ties } : {}),
          ...(args.fallback !== undefined ? { writerFallback: args.fallback } : {}),
        });
        const cast = await engine.cast.list(created.id);
        return {
          text: [
            tr('series.new.begins', { title: quoted(tr, created.title) }),
            tr('series.new.starring', { cast: cast.map((c) => tr('series.new.castMember', { name: c.name, species: c.species })).join(tr('series.new.castJoin')) }),
            tr('series.new.window', { window: formatDuration(created.vote_window_ms, locale), name: created.name }),
            // Never silent about an animal we cannot draw as itself (and what we can draw, once).
            ...cast.flatMap((c) => speciesNote(c.name, c.species, { list: false, locale }) ?? []),
            ...(cast.some((c) => speciesNote(c.name, c.species)) ? [tr('series.new.drawable', { kinds: drawableKinds(locale) })] : []),
          ].join('\n'),
        };
      },
    }),
    defineCommand({
      name: 'follow',
      description: 'Follow an existing series from this channel; votes here count too',
      access: 'moderator',
      options: [{ ...seriesOption, required: true, description: 'Series name' }],
      async run({ engine, actor, place, tr }, args) {
        const { series: s, episodeToDeliver } = await engine.series.follow(actor, place, args.series);
        return { text: tr(episodeToDeliver ? 'series.follow.current' : 'series.follow.next', { title: s.title }) };
      },
    }),
    defineCommand({
      name: 'unfollow',
      description: 'Stop following the series here',
      access: 'moderator',
      options: [],
      async run({ engine, actor, place, tr }) {
        const s = await engine.series.unfollow(actor, place);
        return { text: tr('series.unfollow.done', { title: s.title }) };
      },
    }),
    defineCommand({
      name: 'status',
      description: 'Where the series stands: episode, ballot, tally',
      access: 'anyone',
      inPrivate: true,
      options: [seriesOption],
      async run({ engine, place, actor, locale }, args) {
        const s = await engine.series.resolve(place, args.series);
        const found = await engine.status(s.id);
        // Which chats refuse the bot, and why, is for the people who can fix it.
        const status = actor.isModerator ? found : { ...found, blocked: [] };
        return { text: statusText(status, engine.now(), locale), ...(status.ballot ? { ballot: status.ballot } : {}), ephemeral: true };
      },
    }),
    defineCommand({
      name: 'story',
      description: 'The story so far: the central question, open threads, where everyone stands',
      access: 'anyone',
      inPrivate: true,
      options: [seriesOption],
      async run({ engine, place, locale }, args) {
        const s = await engine.series.resolve(place, args.series);
        return { text: storyText(s.title, publicStory(await engine.story.view(s.id), locale), locale), ephemeral: true };
      },
    }),
    defineCommand({
      name: 'pause',
      description: 'Pause the series: the ballot clock stops',
      access: 'moderator',
      options: [],
      async run({ engine, actor, place, tr }) {
        const s = await engine.series.resolveForModeration(place);
        await engine.series.pause(actor, s.id);
        return { text: tr('series.pause.done', { title: s.title }) };
      },
    }),
    defineCommand({
      name: 'resume',
      description: 'Resume a paused series',
      access: 'moderator',
      options: [],
      async run({ engine, actor, place, tr }) {
        const s = await engine.series.resolveForModeration(place);
        await engine.series.resume(actor, s.id);
        return { text: tr('series.resume.done', { title: s.title }) };
      },
    }),
    defineCommand({
      name: 'end',
      description: 'End the series for good',
      access: 'moderator',
      options: [],
      async run({ engine, actor, place, tr }) {
        const s = await engine.series.resolveForModeration(place);
        await engine.series.end(actor, s.id);
        return { text: tr('series.end.done', { title: s.title }) };
      },
    }),
    defineCommand({
      name: 'language',
      description: 'The language TailTwist speaks in this channel (en, es, zh…), or auto: each reader their own',
      access: 'moderator',
      options: [{ name: 'language', description: 'A language code or name, e.g. es, pt-BR, 中文, or auto', type: 'string', required: true, maxLength: 30, parse: channelLanguage }],
      async run({ engine, actor, place, ownLocale }, args) {
        const s = await engine.series.resolveForModeration(place);
        await engine.channels.setLanguage(actor, s.id, place, args.language);
        // Said in the language just chosen (back in their own for auto): what the channel reads from now on.
        const tr = translate(args.language ?? ownLocale);
        return { text: args.language ? tr('series.language.set', { language: tr('language.name') }) : tr('series.language.auto') };
      },
    }),
  ],
};
