import type { CommandGroup, CommandContext } from '../src/core/commands.js';
import type { CloseOutcome } from '../src/core/ballots.js';
import { formatDuration, parseVoteWindow } from '../src/core/duration.js';
import { UserError } from '../src/core/errors.js';
import { positionOf } from '../src/core/views.js';
import { cleanText } from '../src/core/text.js';

const target = {
  name: 'target',
  description: 'A suggestion number (e.g. 12) or a ballot option letter (e.g. B)',
  type: 'string',
  required: true,
  maxLength: 10,
} as const;

/** "12" or "#12" is a suggestion; "B" is a ballot option. */
function parseTarget(text: string): { suggestion: number } | { letter: string } {
  const t = text.trim().replace(/^#/, '');
  if (/^\d{1,6}$/.test(t)) return { suggestion: Number(t) };
  if (positionOf(t) !== undefined) return { letter: t.toUpperCase() };
  throw new UserError('invalid-input', `“${text.slice(0, 10)}” is neither a suggestion number (like 12) nor an option letter (like B).`);
}

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

export const mod: CommandGroup = {
  name: 'mod',
  description: 'Moderator tools',
  subcommands: [
    {
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
            { label: `Approve #${p.number}`, invocation: { path: ['mod', 'approve'], args: { target: String(p.number) } }, style: 'approve' as const },
            { label: `Veto #${p.number}`, invocation: { path: ['mod', 'veto'], args: { target: String(p.number) } }, style: 'reject' as const },
          ]),
        };
      },
    },
    {
      name: 'approve',
      description: 'Approve a suggestion, or bring back a vetoed option',
      access: 'moderator',
      options: [target],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        const t = parseTarget(String(args.target));
        if ('letter' in t) {
          const label = await ctx.engine.ballots.restoreOption(ctx.actor, s.id, t.letter);
          return { text: `Option ${t.letter} (“${label}”) is back on the ballot.` };
        }
        const { letter } = await ctx.engine.suggestions.approve(ctx.actor, s.id, t.suggestion);
        return {
          text: letter
            ? `Suggestion #${t.suggestion} is on the ballot as option ${letter}.`
            : `Suggestion #${t.suggestion} is approved and will be on the next ballot.`,
        };
      },
    },
    {
      name: 'veto',
      description: 'Reject a suggestion, or withdraw a ballot option',
      access: 'moderator',
      options: [target],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        const t = parseTarget(String(args.target));
        if ('letter' in t) {
          const label = await ctx.engine.ballots.vetoOption(ctx.actor, s.id, t.letter);
          return { text: `Option ${t.letter} (“${label}”) is withdrawn; votes for it no longer count.` };
        }
        await ctx.engine.suggestions.veto(ctx.actor, s.id, t.suggestion);
        return { text: `Suggestion #${t.suggestion} is vetoed.`, ephemeral: true };
      },
    },
    {
      name: 'add-option',
      description: 'Add a twist of your own to the ballot',
      access: 'moderator',
      options: [{ name: 'label', description: 'The twist, at most 55 characters', type: 'string', required: true, rest: true, maxLength: 55 }],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        const letter = await ctx.engine.ballots.addOption(ctx.actor, s.id, String(args.label));
        return { text: `Added option ${letter}: ${String(args.label).trim()}` };
      },
    },
    {
      name: 'close-vote',
      description: 'Close the ballot now',
      access: 'moderator',
      options: [],
      async run(ctx) {
        const s = await seriesHere(ctx);
        return { text: describeOutcome(await ctx.engine.ballots.closeEarly(ctx.actor, s.id)) };
      },
    },
    {
      name: 'pick',
      description: 'Break a tie by picking one of the tied options',
      access: 'moderator',
      options: [{ name: 'option', description: 'The letter of a tied option', type: 'string', required: true, maxLength: 3, autocomplete: 'option' }],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        return { text: describeOutcome(await ctx.engine.ballots.pickTie(ctx.actor, s.id, String(args.option))) };
      },
    },
    {
      name: 'window',
      description: 'Set how long ballots stay open, e.g. 12h',
      access: 'moderator',
      options: [{ name: 'duration', description: 'e.g. 30m, 12h, 1d', type: 'string', required: true, maxLength: 20 }],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        const windowMs = parseVoteWindow(String(args.duration));
        const { closesAt } = await ctx.engine.series.setVoteWindow(ctx.actor, s.id, windowMs);
        const open = closesAt === null ? '' : ` The open ballot now closes in ${formatDuration(closesAt - ctx.engine.now())}.`;
        return { text: `Ballots now stay open ${formatDuration(windowMs)}.${open}` };
      },
    },
    {
      name: 'role',
      description: 'Let members of a role moderate this series (Discord), or "none"',
      access: 'moderator',
      options: [{ name: 'role', description: 'The role name, e.g. Story Mods, or none', type: 'string', required: true, rest: true, maxLength: 100 }],
      async run(ctx, args) {
        const s = await seriesHere(ctx);
        const name = cleanText(String(args.role).replace(/^\s*@/, ''), { field: 'The role name', max: 100 });
        const role = name.toLowerCase() === 'none' ? null : name;
        await ctx.engine.series.setModeratorRole(ctx.actor, s.id, role);
        return { text: role ? `Members of the role “${role}” can now moderate “${s.title}”.` : `Only server moderators can moderate “${s.title}” now.` };
      },
    },
    {
      name: 'retry',
      description: 'Retry the latest episode after a failed step',
      access: 'moderator',
      options: [],
      async run(ctx) {
        const s = await seriesHere(ctx);
        const e = await ctx.engine.episodes.retry(ctx.actor, s.id);
        return { text: `Retrying episode ${e.number}.` };
      },
    },
  ],
};
