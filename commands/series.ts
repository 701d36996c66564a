import { defineCommand, type CommandGroup } from '../src/core/commands.js';
import { parseCastList } from '../src/core/cast.js';
import { drawableKinds, speciesNote } from '../src/core/story/species.js';
import { formatDuration, parseVoteWindow } from '../src/core/duration.js';
import { TONES } from '../src/core/series.js';
import { UserError } from '../src/core/errors.js';
import { hanGap } from '../src/core/text.js';
import { LOCALES, languageLocale, listText, translate, type Locale } from '../src/i18n/i18n.js';
import { DEFAULT_CLOSE_MS, makeSchedule, parseCloseBefore, parseReleaseTimes, parseTimeZone, readSchedule } from '../src/core/schedule.js';
import { publicStory, quoted, releaseLines, statusText, storyText } from './format.js';

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
            tr('series.new.starring', {
              cast: listText(
                locale,
                cast.map((c) => hanGap(tr('series.new.castMember', { name: c.name, species: c.species }))),
              ),
            }),
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
        const { series: s, episodeToDeliver, recap } = await engine.series.follow(actor, place, args.series);
        const text = tr(episodeToDeliver ? 'series.follow.current' : 'series.follow.next', { title: s.title });
        return { text: recap ? `${text}\n${tr('recap.withFollow')}` : text };
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
        // Which chats refuse the bot, and why, is for the people who can fix it; why an option was offered, for moderators.
        const ballot = found.ballot && { ...found.ballot, options: found.ballot.options.map((o) => ({ ...o, reason: null })) };
        const status = actor.isModerator ? found : { ...found, blocked: [], ballot };
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
      name: 'recap',
      description: 'A short video of the story so far, ending on the open ballot',
      access: 'anyone',
      inPrivate: true,
      options: [seriesOption],
      async run({ engine, actor, place, tr }, args) {
        const s = await engine.series.resolve(place, args.series);
        const asked = await engine.recaps.ask(actor, place, s);
        const key = asked.state === 'making' ? 'recap.making' : asked.state === 'posting' ? 'recap.posting' : 'recap.already';
        return { text: tr(key, { title: s.title, number: asked.number }), ephemeral: true };
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
      name: 'schedule',
      description: 'Release episodes at fixed times (e.g. 09:00,19:00 Europe/Berlin), or off',
      access: 'moderator',
      options: [
        { name: 'times', description: 'Release times, e.g. 09:00,13:00,19:00, or off for as soon as ready', type: 'string', required: true, maxLength: 120, parse: parseReleaseTimes },
        { name: 'zone', description: 'Time zone, e.g. Europe/Berlin (keeps the one set before)', type: 'string', maxLength: 60, parse: parseTimeZone },
        { name: 'close', description: 'How long before each release voting closes, e.g. 45m (default 30m)', type: 'string', maxLength: 20, parse: parseCloseBefore },
      ],
      async run({ engine, actor, place, locale, tr }, args) {
        const s = await engine.series.resolveForModeration(place);
        if (args.times === 'off') {
          await engine.releases.set(actor, s.id, null);
          return { text: tr('schedule.off', { title: s.title }) };
        }
        // A zone or close time set before stays unless given again: changing the times is one short command.
        const before = readSchedule(s.release_schedule);
        const zone = args.zone ?? before?.zone;
        if (!zone) throw new UserError('invalid-input', 'schedule.errors.needZone', { times: args.times.join(',') });
        const schedule = makeSchedule(args.times, zone, args.close ?? before?.closeMs ?? DEFAULT_CLOSE_MS, locale);
        const { series: updated, next } = await engine.releases.set(actor, s.id, schedule);
        const set = tr('schedule.set', { title: s.title, times: listText(locale, schedule.times), zone, close: formatDuration(schedule.closeMs, locale) });
        return { text: [set, ...(next ? releaseLines(next, updated.status, engine.now(), locale).slice(1) : [])].join('\n') };
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
