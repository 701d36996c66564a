import { parseBallotTarget } from '../src/core/arguments.js';
import { defineCommand, type CommandGroup, type CommandContext } from '../src/core/commands.js';
import type { CloseOutcome } from '../src/core/ballots.js';
import { formatDuration, parseVoteWindow } from '../src/core/duration.js';
import { UserError } from '../src/core/errors.js';
import { cleanText } from '../src/core/text.js';
import { ROLES, type Bible } from '../src/core/story/model.js';
import type { BibleCorrection } from '../src/core/story/service.js';
import { STUDIO_VOTES } from '../src/core/studio-votes.js';
import { msg, translate, type Message, type Translate } from '../src/i18n/i18n.js';
import { bibleText, listNames } from './format.js';
import { sponsor } from './sponsor.js';

const target = {
  name: 'target',
  description: 'A suggestion number (e.g. 12) or a ballot option letter (e.g. B)',
  type: 'string',
  required: true,
  maxLength: 10,
  parse: parseBallotTarget,
} as const;

const seriesHere = (ctx: CommandContext) => ctx.engine.series.resolveForModeration(ctx.place);

export function describeOutcome(o: CloseOutcome, locale = 'en'): string {
  const tr = translate(locale);
  switch (o.kind) {
    case 'decided':
      return tr('mod.outcome.decided', { letter: o.winnerLetter });
    case 'tied':
      return tr('mod.outcome.tied', { letters: listNames(o.letters, locale) });
    case 'extended':
      return tr('mod.outcome.extended');
    case 'not-open':
      return tr('mod.outcome.notOpen');
  }
}

const STORY_FIELDS = ['genre', 'question', 'role', 'places', 'props', 'culprit'] as const;
type StoryField = (typeof STORY_FIELDS)[number];
const FIELD_ALIASES: Record<string, StoryField> = { place: 'places', setting: 'places', settings: 'places', prop: 'props', roles: 'role', 'central-question': 'question' };
/** How to type each correction, in the reader's language (the field's name and `none` stay as typed). */
const STORY_EXAMPLES: Record<StoryField, Message> = {
  genre: msg('mod.story.example.genre'),
  question: msg('mod.story.example.question'),
  role: msg('mod.story.example.role'),
  places: msg('mod.story.example.places'),
  props: msg('mod.story.example.props'),
  culprit: msg('mod.story.example.culprit'),
};

function storyField(raw: string): StoryField {
  const key = raw.trim().toLowerCase();
  const field = STORY_FIELDS.find((f) => f === key) ?? FIELD_ALIASES[key];
  if (!field) {
    throw new UserError('invalid-input', 'errors.story.noField', { field: raw.trim().slice(0, 20), fields: STORY_FIELDS.join(', '), example: STORY_EXAMPLES.genre });
  }
  return field;
}

/** "Story Mods", "@Story Mods", or "none" (null: server moderators only). */
function moderatorRole(text: string): string | null {
  const name = cleanText(text.replace(/^\s*@/, ''), { field: msg('fields.roleName'), max: 100 });
  return name.toLowerCase() === 'none' ? null : name;
}

/** Invisible and control characters only: nothing a moderator meant. */
const blank = (text: string) => text.replace(/[\p{Cc}\p{Cf}\s]/gu, '') === '';

/**
 * "the gala dinner, the kitchen; the rooftop" → the list, empty entries dropped ("none": no entries).
 * Commas as each script writes them separate too ("慈善晚宴，后厨", "مطبخ، حديقة").
 */
function storyList(value: string): string[] {
  if (/^\s*(none|nothing|-)\s*$/i.test(value)) return [];
  return value.split(/[,;\n，；、،؛]/).filter((v) => !blank(v));
}

const startsWithWord = (text: string, word: string) => text.toLowerCase().startsWith(word.toLowerCase()) && (text.length === word.length || /[\s,:;.–—-]/.test(text[word.length]!));
const restAfter = (text: string, n: number) =>
  text
    .slice(n)
    .replace(/^[\s,:;.–—-]+/, '')
    .replace(/^as\s+/i, '');

/** "Rex antagonist", "Mr Whiskers love interest, the charming vet": the name, the role and an optional title. */
function roleCorrection(value: string, bible: Bible): BibleCorrection {
  const text = value.trim();
  if (blank(text)) throw new UserError('invalid-input', 'errors.story.whoseRole', { example: STORY_EXAMPLES.role });
  const names = bible.roles.map((r) => r.name).sort((a, b) => b.length - a.length);
  const name = names.find((n) => startsWithWord(text, n)) ?? text.split(/[\s,:;]+/)[0]!;
  const rest = restAfter(text, name.length);
  if (!rest) throw new UserError('invalid-input', 'errors.story.whichRole', { name: name.slice(0, 24), roles: ROLES.join(', ') });
  const role = [...ROLES].sort((a, b) => b.length - a.length).find((r) => startsWithWord(rest, r)) ?? rest.split(/[\s,:;]+/)[0]!;
  const title = restAfter(rest, role.length);
  return { field: 'role', name, role, ...(title ? { title } : {}) };
}

function storyCorrection(field: StoryField, value: string, bible: Bible, title: string): BibleCorrection {
  switch (field) {
    case 'genre':
    case 'question':
      return { field, value };
    case 'role':
      return roleCorrection(value, bible);
    case 'places':
    case 'props':
      return { field, value: storyList(value) };
    case 'culprit': {
      if (!bible.incident) throw new UserError('invalid-input', 'errors.story.noIncident', { title });
      if (blank(value)) throw new UserError('invalid-input', 'errors.story.whoDidIt', { example: STORY_EXAMPLES.culprit });
      return { field, value: /^\s*(none|nobody|no one|noone|unknown|undecided)\s*$/i.test(value) ? null : value };
    }
  }
}

function correctedText(tr: Translate, locale: string, c: BibleCorrection, bible: Bible, secretShown: boolean): string {
  switch (c.field) {
    case 'genre':
      return tr('mod.story.genre', { genre: tr(`bible.genreName.${bible.genre}`) });
    case 'question':
      return tr('mod.story.question', { question: bible.question });
    case 'role': {
      const r = bible.roles.find((x) => x.name.toLowerCase() === c.name.trim().toLowerCase())!;
      return tr('mod.story.role', { name: r.name, role: tr(`story.role.${r.role}`), title: r.title });
    }
    case 'places':
      return tr('mod.story.places', {
        places: listNames(
          bible.places.map((p) => p.name),
          locale,
        ),
      });
    case 'props':
      return bible.props.length ? tr('mod.story.props', { props: listNames(bible.props, locale) }) : tr('mod.story.noProps');
    case 'culprit': {
      const culprit = bible.incident?.culprit ?? null;
      if (!culprit) return tr('mod.story.undecided');
      return secretShown ? tr('mod.story.culprit', { culprit }) : tr('mod.story.culpritHidden');
    }
  }
}

/** Where a reply is seen by everyone in the chat (Telegram has no private replies in a group). */
const repliesArePublic = (ctx: CommandContext) => ctx.place.platform === 'telegram';

export const mod: CommandGroup = {
  name: 'mod',
  description: 'Moderator tools',
  subcommands: [
    defineCommand({
      name: 'queue',
      description: 'Suggestions waiting for a decision',
      access: 'moderator',
      options: [],
      async run(ctx) {
        const s = await seriesHere(ctx);
        const pending = await ctx.engine.suggestions.pending(s.id);
        const { tr } = ctx;
        if (!pending.length) return { text: tr('mod.queue.empty'), ephemeral: true };
        const shown = pending.slice(0, 10);
        return {
          text: [tr('mod.queue.head'), ...pending.map((p) => `#${p.number}: ${p.text}`)].join('\n'),
          ephemeral: true,
          actions: shown.flatMap((p) => [
            { label: tr('mod.queue.approve', { number: p.number }), invocation: { path: ['mod', 'approve'], args: { target: p.number } }, style: 'approve' as const },
            { label: tr('mod.queue.veto', { number: p.number }), invocation: { path: ['mod', 'veto'], args: { target: p.number } }, style: 'reject' as const },
          ]),
        };
      },
    }),
    defineCommand({
      name: 'approve',
      description: 'Approve a suggestion, or bring back a vetoed option',
      access: 'moderator',
      options: [target],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        const t = args.target;
        if ('letter' in t) {
          const label = await ctx.engine.ballots.restoreOption(ctx.actor, s.id, t.letter);
          return { text: ctx.tr('mod.approve.restored', { letter: t.letter, label }) };
        }
        const { letter } = await ctx.engine.suggestions.approve(ctx.actor, s.id, t.suggestion);
        return { text: letter ? ctx.tr('mod.approve.onBallot', { number: t.suggestion, letter }) : ctx.tr('mod.approve.next', { number: t.suggestion }) };
      },
    }),
    defineCommand({
      name: 'veto',
      description: 'Reject a suggestion, or withdraw a ballot option',
      access: 'moderator',
      options: [target],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        const t = args.target;
        if ('letter' in t) {
          const label = await ctx.engine.ballots.vetoOption(ctx.actor, s.id, t.letter);
          return { text: ctx.tr('mod.veto.withdrawn', { letter: t.letter, label }) };
        }
        await ctx.engine.suggestions.veto(ctx.actor, s.id, t.suggestion);
        return { text: ctx.tr('mod.veto.vetoed', { number: t.suggestion }), ephemeral: true };
      },
    }),
    defineCommand({
      name: 'add-option',
      description: 'Add a twist of your own to the ballot',
      access: 'moderator',
      options: [{ name: 'label', description: 'The twist, at most 55 characters', type: 'string', required: true, rest: true, maxLength: 55 }],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        const letter = await ctx.engine.ballots.addOption(ctx.actor, s.id, args.label);
        return { text: ctx.tr('mod.addOption.added', { letter, label: args.label.trim() }) };
      },
    }),
    defineCommand({
      name: 'close-vote',
      description: 'Close the ballot now',
      access: 'moderator',
      options: [],
      async run(ctx) {
        const s = await seriesHere(ctx);
        return { text: describeOutcome(await ctx.engine.ballots.closeEarly(ctx.actor, s.id), ctx.locale) };
      },
    }),
    defineCommand({
      name: 'pick',
      description: 'Break a tie by picking one of the tied options',
      access: 'moderator',
      options: [{ name: 'option', description: 'The letter of a tied option', type: 'string', required: true, maxLength: 3, autocomplete: 'option' }],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        return { text: describeOutcome(await ctx.engine.ballots.pickTie(ctx.actor, s.id, args.option), ctx.locale) };
      },
    }),
    defineCommand({
      name: 'window',
      description: 'Set how long ballots stay open, e.g. 12h',
      access: 'moderator',
      options: [{ name: 'duration', description: 'e.g. 30m, 12h, 1d', type: 'string', required: true, maxLength: 20, parse: parseVoteWindow }],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        const { closesAt } = await ctx.engine.series.setVoteWindow(ctx.actor, s.id, args.duration);
        const { tr, locale } = ctx;
        const open = closesAt === null ? '' : tr('mod.window.open', { duration: formatDuration(closesAt - ctx.engine.now(), locale) });
        return { text: tr('mod.window.set', { duration: formatDuration(args.duration, locale), open }) };
      },
    }),
    defineCommand({
      name: 'role',
      description: 'Let members of a role moderate this series (Discord), or "none"',
      access: 'moderator',
      options: [{ name: 'role', description: 'The role name, e.g. Story Mods, or none', type: 'string', required: true, rest: true, maxLength: 100, parse: moderatorRole }],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        const { role } = args;
        await ctx.engine.series.setModeratorRole(ctx.actor, s.id, role);
        return { text: role ? ctx.tr('mod.role.set', { role, title: s.title }) : ctx.tr('mod.role.none', { title: s.title }) };
      },
    }),
    defineCommand({
      name: 'studio-votes',
      description: 'Whose votes count in the web studio: signed-in (with Discord or Telegram) or anyone',
      access: 'moderator',
      options: [{ name: 'who', description: 'signed-in or anyone', type: 'string', required: true, choices: STUDIO_VOTES }],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        const { who } = args;
        await ctx.engine.series.setStudioVotes(ctx.actor, s.id, who);
        return { text: ctx.tr(who === 'anyone' ? 'mod.studioVotes.anyone' : 'mod.studioVotes.signedIn', { title: s.title }) };
      },
    }),
    defineCommand({
      name: 'credits',
      description: 'Name the authors of winning community twists on screen and in the credits: on or off',
      access: 'moderator',
      options: [{ name: 'show', description: 'on or off', type: 'boolean', required: true }],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        await ctx.engine.credits.setForSeries(ctx.actor, s.id, args.show);
        return { text: ctx.tr(args.show ? 'credits.series.on' : 'credits.series.off', { title: s.title }) };
      },
    }),
    defineCommand({
      name: 'story',
      description: 'See the story bible, or correct it: genre, question, role, places, props or culprit',
      access: 'moderator',
      options: [
        { name: 'field', description: 'What to correct: genre, question, role, places, props or culprit (leave out to see the bible)', type: 'string', maxLength: 20, parse: storyField },
        { name: 'value', description: 'The new value, e.g. mystery · Rex antagonist · the gala dinner, the kitchen', type: 'string', rest: true, maxLength: 400 },
      ],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        const view = await ctx.engine.story.view(s.id);
        const secretShown = !repliesArePublic(ctx);
        const { tr, locale } = ctx;
        if (args.field === undefined) {
          if (args.value !== undefined) throw new UserError('invalid-input', 'errors.story.whichField', { fields: STORY_FIELDS.join(', ') });
          return { text: bibleText(s.title, view, { showCulprit: secretShown }, locale), ephemeral: true };
        }
        const field = args.field;
        const correction = storyCorrection(field, args.value ?? '', view.bible, s.title);
        const bible = await ctx.engine.story.correct(ctx.actor, s.id, correction);
        let next = tr('mod.story.next');
        if (field === 'culprit') {
          // Episodes already written may have settled who did it; say so rather than promise otherwise.
          const { state } = await ctx.engine.story.view(s.id);
          const culprit = bible.incident?.culprit ?? null;
          if (state.episode > 0 && state.culprit !== culprit) {
            next = secretShown ? tr('mod.story.drift', { episode: state.episode, culprit: state.culprit ?? tr('bible.nobody') }) : tr('mod.story.driftHidden');
          }
          if (!secretShown) next += tr('mod.story.publicWarning');
        }
        return { text: `📓 ${correctedText(tr, locale, correction, bible, secretShown)}${next}`, ephemeral: true };
      },
    }),
    defineCommand({
      name: 'retry',
      description: 'Retry the latest episode after a failed step',
      access: 'moderator',
      options: [],
      async run(ctx) {
        const s = await seriesHere(ctx);
        const e = await ctx.engine.episodes.retry(ctx.actor, s.id);
        return { text: ctx.tr('mod.retry.done', { number: e.number }) };
      },
    }),
    sponsor,
  ],
};
