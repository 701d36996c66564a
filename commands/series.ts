import { defineCommand, type CommandGroup } from '../src/core/commands.js';
import { parseCastList } from '../src/core/cast.js';
import { drawableKinds, speciesNote } from '../src/core/story/species.js';
import { formatDuration, parseVoteWindow } from '../src/core/duration.js';
import { TONES } from '../src/core/series.js';
import { publicStory, statusText, storyText } from './format.js';

const seriesOption = { name: 'series', description: 'Series name (defaults to the one this channel follows)', type: 'string', autocomplete: 'series', maxLength: 80 } as const;

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
      async run({ engine, actor, place }, args) {
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
            `🎬 “${created.title}” begins! Episode 1 is being written.`,
            `Starring ${cast.map((c) => `${c.name} the ${c.species}`).join(' and ')}.`,
            `Each ballot stays open ${formatDuration(created.vote_window_ms)}. Other channels can join with /series follow ${created.name}.`,
            // Never silent about an animal we cannot draw as itself (and what we can draw, once).
            ...cast.flatMap((c) => speciesNote(c.name, c.species, { list: false }) ?? []),
            ...(cast.some((c) => speciesNote(c.name, c.species)) ? [`I can draw ${drawableKinds()}.`] : []),
          ].join('\n'),
        };
      },
    }),
    defineCommand({
      name: 'follow',
      description: 'Follow an existing series from this channel; votes here count too',
      access: 'moderator',
      options: [{ ...seriesOption, required: true, description: 'Series name' }],
      async run({ engine, actor, place }, args) {
        const { series: s, episodeToDeliver } = await engine.series.follow(actor, place, args.series);
        return {
          text: `This channel now follows “${s.title}”.${episodeToDeliver ? ' The current episode and its ballot are on their way.' : ' The next episode will be posted here.'}`,
        };
      },
    }),
    defineCommand({
      name: 'unfollow',
      description: 'Stop following the series here',
      access: 'moderator',
      options: [],
      async run({ engine, actor, place }) {
        const s = await engine.series.unfollow(actor, place);
        return { text: `This channel no longer follows “${s.title}”.` };
      },
    }),
    defineCommand({
      name: 'status',
      description: 'Where the series stands: episode, ballot, tally',
      access: 'anyone',
      inPrivate: true,
      options: [seriesOption],
      async run({ engine, place, actor }, args) {
        const s = await engine.series.resolve(place, args.series);
        const found = await engine.status(s.id);
        // Which chats refuse the bot, and why, is for the people who can fix it.
        const status = actor.isModerator ? found : { ...found, blocked: [] };
        return { text: statusText(status, engine.now()), ...(status.ballot ? { ballot: status.ballot } : {}), ephemeral: true };
      },
    }),
    defineCommand({
      name: 'story',
      description: 'The story so far: the central question, open threads, where everyone stands',
      access: 'anyone',
      inPrivate: true,
      options: [seriesOption],
      async run({ engine, place }, args) {
        const s = await engine.series.resolve(place, args.series);
        return { text: storyText(s.title, publicStory(await engine.story.view(s.id))), ephemeral: true };
      },
    }),
    defineCommand({
      name: 'pause',
      description: 'Pause the series: the ballot clock stops',
      access: 'moderator',
      options: [],
      async run({ engine, actor, place }) {
        const s = await engine.series.resolveForModeration(place);
        await engine.series.pause(actor, s.id);
        return { text: `⏸ “${s.title}” is paused. Votes wait until /series resume.` };
      },
    }),
    defineCommand({
      name: 'resume',
      description: 'Resume a paused series',
      access: 'moderator',
      options: [],
      async run({ engine, actor, place }) {
        const s = await engine.series.resolveForModeration(place);
        await engine.series.resume(actor, s.id);
        return { text: `▶️ “${s.title}” is running again.` };
      },
    }),
    defineCommand({
      name: 'end',
      description: 'End the series for good',
      access: 'moderator',
      options: [],
      async run({ engine, actor, place }) {
        const s = await engine.series.resolveForModeration(place);
        await engine.series.end(actor, s.id);
        return { text: `🏁 “${s.title}” has ended. Thank you for watching!` };
      },
    }),
  ],
};
