import type { CoreContext } from './context.js';
import { UserError } from './errors.js';
import type { Executor } from './ports.js';
import { TwistOpSchema, type TwistOp } from './story/model.js';
import { letterOf } from './views.js';

/** Letters A–H: vetoed options keep their letter, so posts that show letters stay right. */
export const MAX_OPTIONS = 8;
export const MAX_ACTIVE_OPTIONS = 6;
export const LABEL_MAX = 55;

export interface NewOption {
  label: string;
  teaser: string;
  /** The twist as an operation on the story. */
  twist: TwistOp;
  source: 'writer' | 'community' | 'moderator';
  suggestionId: string | null;
  createdBy: string;
}

/** Inside an open transaction: adds an option at the next free letter and returns the letter. */
export async function insertOption(ctx: CoreContext, tx: Executor, ballotId: string, o: NewOption): Promise<{ id: string; letter: string }> {
  const rows = await tx.selectFrom('ballot_options').select(['position', 'status', 'label']).where('ballot_id', '=', ballotId).execute();
  if (rows.some((r) => r.status === 'active' && r.label.toLocaleLowerCase() === o.label.toLocaleLowerCase())) {
    throw new UserError('conflict', 'errors.ballot.duplicate');
  }
  if (rows.filter((r) => r.status === 'active').length >= MAX_ACTIVE_OPTIONS || rows.length >= MAX_OPTIONS) {
    throw new UserError('limit-reached', 'errors.ballot.full', { max: MAX_ACTIVE_OPTIONS });
  }
  const position = rows.reduce((max, r) => Math.max(max, r.position + 1), 0);
  const id = ctx.ids('op');
  await tx
    .insertInto('ballot_options')
    .values({
      id,
      ballot_id: ballotId,
      position,
      label: o.label,
      teaser: o.teaser,
      source: o.source,
      suggestion_id: o.suggestionId,
      status: 'active',
      created_by: o.createdBy,
      created_at: ctx.clock.now(),
      // Checked here, once: what a ballot option carries is read back by every later step.
      twist: JSON.stringify(TwistOpSchema.parse(o.twist)),
    })
    .execute();
  return { id, letter: letterOf(position) };
}
