import { parseBallotTarget } from '../src/core/arguments.js';
import { defineCommand, type CommandGroup, type CommandContext } from '../src/core/commands.js';
import type { CloseOutcome } from '../src/core/ballots.js';
import { formatDuration, parseVoteWindow } from '../src/core/duration.js';
import { UserError } from '../src/core/errors.js';
import { cleanText } from '../src/core/text.js';
import { ROLES, type Bible } from '../src/core/story/model.js';
import type { BibleCorrection } from '../src/core/story/service.js';
import { STUDIO_VOTES } from '../src/core/studio-votes.js';
import { bibleText, listNames } from './format.js';

const target = {
  name: 'target',
  description: 'A suggestion number (e.g. 12) or a ballot option letter (e.g. B)',
  type: 'string',
  required: true,
  maxLength: 10,
  parse: parseBallotTarget,
} as const;

const seriesHere = (ctx: CommandContext) => ctx.engine.series.resolveForModeration(ctx.place);

export function describeOutcome(o: CloseOutcome): string {
  switch (o.kind) {
    case 'decided':
      return `The ballot is closed: twist ${o.winnerLetter} wins. The next episode is being written.`;
    case 'tied':
      return `It's a tie between ${o.letters.join(' and ')}. A moderator can decide with /mod pick, or chance will in a while.`;
    case 'extended':
      return 'Nobody has voted yet, so the ballot stays open a little longer.';
    case 'not-open':
      return 'That ballot was already closed.';
  }
}

const STORY_FIELDS = ['genre', 'question', 'role', 'places', 'props', 'culprit'] as const;
type StoryField = (typeof STORY_FIELDS)[number];
const FIELD_ALIASES: Record<string, StoryField> = { place: 'places', setting: 'places', settings: 'places', prop: 'props', roles: 'role', 'central-question': 'question' };
const STORY_EXAMPLES: Record<StoryField, string> = {
  genre: '/mod story genre mystery',
  question: '/mod story question Who really poisoned Coco?',
  role: '/mod story role Rex antagonist (optionally a title: Rex antagonist the jealous sous-chef)',
  places: '/mod story places the gala dinner, the restaurant kitchen',
  props: '/mod story props the poison vial, the recipe book',
  culprit: '/mod story culprit Coco (or none)',
};

function storyField(raw: string): StoryField {
  const key = raw.trim().toLowerCase();
  const field = STORY_FIELDS.find((f) => f === key) ?? FIELD_ALIASES[key];
  if (!field) {
    throw new UserError('invalid-input', `The story bible has no “${raw.trim().slice(0, 20)}”. You can correct: ${STORY_FIELDS.join(', ')} — e.g. ${STORY_EXAMPLES.genre}.`);
  }
  return field;
}

/** "Story Mods", "@Story Mods", or "none" (null: server moderators only). */
function moderatorRole(text: string): string | null {
  const name = cleanText(text.replace(/^\s*@/, ''), { field: 'The role name', max: 100 });
  return name.toLowerCase() === 'none' ? null : name;
}

/** Invisible and control characters only: nothing a moderator meant. */
const blank = (text: string) => text.replace(/[\p{Cc}\p{Cf}\s]/gu, '') === '';

/** "the gala dinner, the kitchen; the rooftop" → the list, empty entries dropped ("none": no entries). */
function storyList(value: string): string[] {
  if (/^\s*(none|nothing|-)\s*$/i.test(value)) return [];
  return value.split(/[,;\n]/).filter((v) => !blank(v));
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
  if (blank(text)) throw new UserError('invalid-input', `Say whose role and which, e.g. ${STORY_EXAMPLES.role}.`);
  const names = bible.roles.map((r) => r.name).sort((a, b) => b.length - a.length);
  const name = names.find((n) => startsWithWord(text, n)) ?? text.split(/[\s,:;]+/)[0]!;
  const rest = restAfter(text, name.length);
  if (!rest) throw new UserError('invalid-input', `Which role for ${name.slice(0, 24)}? One of: ${ROLES.join(', ')}.`);
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
      if (!bible.incident) throw new UserError('invalid-input', `“${title}” has no incident to solve (its premise names no event), so there is no culprit to set.`);
      if (blank(value)) throw new UserError('invalid-input', `Say who did it, e.g. ${STORY_EXAMPLES.culprit}.`);
      return { field, value: /^\s*(none|nobody|no one|noone|unknown|undecided)\s*$/i.test(value) ? null : value };
    }
  }
}

function correctedText(c: BibleCorrection, bible: Bible, secretShown: boolean): string {
  switch (c.field) {
    case 'genre':
      return `The genre is now ${bible.genre}.`;
    case 'question':
      return `The central question is now: ${bible.question}`;
    case 'role': {
      const r = bible.roles.find((x) => x.name.toLowerCase() === c.name.trim().toLowerCase())!;
      return `${r.name} is now the ${r.role} (${r.title}).`;
    }
    case 'places':
      return `The places are now: ${listNames(bible.places.map((p) => p.name))}.`;
    case 'props':
      return bible.props.length ? `The props are now: ${listNames(bible.props)}.` : 'The story has no props now.';
    case 'culprit': {
      const culprit = bible.incident?.culprit ?? null;
      if (!culprit) return 'Who did it is undecided now.';
      return secretShown ? `The secret culprit is now ${culprit}.` : 'The secret culprit is corrected.';
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
        if (!pending.length) return { text: 'No suggestions are waiting.', ephemeral: true };
        const shown = pending.slice(0, 10);
        return {
          text: ['Waiting for a decision (approve or veto by number):', ...pending.map((p) => `#${p.number}: ${p.text}`)].join('\n'),
          ephemeral: true,
          actions: shown.flatMap((p) => [
            { label: `Approve #${p.number}`, invocation: { path: ['mod', 'approve'], args: { target: p.number } }, style: 'approve' as const },
            { label: `Veto #${p.number}`, invocation: { path: ['mod', 'veto'], args: { target: p.number } }, style: 'reject' as const },
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
          return { text: `Option ${t.letter} (“${label}”) is back on the ballot.` };
        }
        const { letter } = await ctx.engine.suggestions.approve(ctx.actor, s.id, t.suggestion);
        return {
          text: letter ? `Suggestion #${t.suggestion} is on the ballot as option ${letter}.` : `Suggestion #${t.suggestion} is approved and will be on the next ballot.`,
        };
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
          return { text: `Option ${t.letter} (“${label}”) is withdrawn; votes for it no longer count.` };
        }
        await ctx.engine.suggestions.veto(ctx.actor, s.id, t.suggestion);
        return { text: `Suggestion #${t.suggestion} is vetoed.`, ephemeral: true };
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
        return { text: `Added option ${letter}: ${args.label.trim()}` };
      },
    }),
    defineCommand({
      name: 'close-vote',
      description: 'Close the ballot now',
      access: 'moderator',
      options: [],
      async run(ctx) {
        const s = await seriesHere(ctx);
        return { text: describeOutcome(await ctx.engine.ballots.closeEarly(ctx.actor, s.id)) };
      },
    }),
    defineCommand({
      name: 'pick',
      description: 'Break a tie by picking one of the tied options',
      access: 'moderator',
      options: [{ name: 'option', description: 'The letter of a tied option', type: 'string', required: true, maxLength: 3, autocomplete: 'option' }],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        return { text: describeOutcome(await ctx.engine.ballots.pickTie(ctx.actor, s.id, args.option)) };
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
        const open = closesAt === null ? '' : ` The open ballot now closes in ${formatDuration(closesAt - ctx.engine.now())}.`;
        return { text: `Ballots now stay open ${formatDuration(args.duration)}.${open}` };
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
        return { text: role ? `Members of the role “${role}” can now moderate “${s.title}”.` : `Only server moderators can moderate “${s.title}” now.` };
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
        return {
          text:
            who === 'anyone'
              ? `Anyone may vote on “${s.title}” in the studio now, signed in or not (each browser once; a few new ones per address and hour).`
              : `Studio votes on “${s.title}” now need a Discord or Telegram sign-in (except on the studio's own machine), so each person votes once across the studio and the chats.`,
        };
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
        if (args.field === undefined) {
          if (args.value !== undefined) throw new UserError('invalid-input', `Say which part of the bible to correct: ${STORY_FIELDS.join(', ')}.`);
          return { text: bibleText(s.title, view, { showCulprit: secretShown }), ephemeral: true };
        }
        const field = args.field;
        const correction = storyCorrection(field, args.value ?? '', view.bible, s.title);
        const bible = await ctx.engine.story.correct(ctx.actor, s.id, correction);
        let next = ' The next episode follows the corrected bible.';
        if (field === 'culprit') {
          // Episodes already written may have settled who did it; say so rather than promise otherwise.
          const { state } = await ctx.engine.story.view(s.id);
          const culprit = bible.incident?.culprit ?? null;
          if (state.episode > 0 && state.culprit !== culprit) {
            next = secretShown
              ? ` Heads-up: after episode ${state.episode} the story still has ${state.culprit ?? 'nobody'} as the culprit, and the next episode goes on from there.`
              : ` Heads-up: the episodes so far settled it otherwise, and the next episode goes on from there.`;
          }
          if (!secretShown) next += ' Everyone in this chat can read your message: delete it if the culprit should stay a secret.';
        }
        return { text: `📓 ${correctedText(correction, bible, secretShown)}${next}`, ephemeral: true };
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
        return { text: `Retrying episode ${e.number}.` };
      },
    }),
  ],
};
