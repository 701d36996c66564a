import type { CoreContext } from './context.js';
import type { Selectable } from 'kysely';
import type { DeliveriesTable, Platform } from '../db/schema.js';
import type { DeliveryIds, Executor } from './ports.js';

/**
 * Inside an open transaction: the outbox row for posting an episode to one channel, and the job
 * that posts it. A second call for the same pair does nothing, so an episode is never posted twice.
 */
export async function queueDelivery(ctx: CoreContext, tx: Executor, episodeId: string, channelId: string): Promise<void> {
  const id = ctx.ids('dl');
  const inserted = await tx
    .insertInto('deliveries')
    .values({
      id,
      episode_id: episodeId,
      channel_id: channelId,
      status: 'pending',
      message_id: null,
      poll_id: null,
      ballot_message_id: null,
      poll_letters: null,
      attempts: 0,
      error: null,
      sent_at: null,
      result_posted_at: null,
      created_at: ctx.clock.now(),
      claimed_until: null,
      claimed_by: null,
    })
    .onConflict((oc) => oc.columns(['episode_id', 'channel_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
    await ctx.queue.enqueue(tx, { kind: 'deliver', key: `deliver:${id}`, payload: { deliveryId: id } });
  }
}

type IdColumns = Pick<Selectable<DeliveriesTable>, 'message_id' | 'poll_id' | 'ballot_message_id' | 'poll_letters'>;

/** What a delivery row says was already posted. */
export function savedIds(row: IdColumns): DeliveryIds {
  return {
    ...(row.message_id ? { messageId: row.message_id } : {}),
    ...(row.poll_id ? { pollId: row.poll_id } : {}),
    ...(row.ballot_message_id ? { ballotMessageId: row.ballot_message_id } : {}),
    ...(row.poll_letters ? { pollLetters: row.poll_letters } : {}),
  };
}

/** The columns to update for the ids a platform gave (only those it gave). */
export function idColumns(ids: DeliveryIds): Partial<IdColumns> {
  return {
    ...(ids.messageId ? { message_id: ids.messageId } : {}),
    ...(ids.pollId ? { poll_id: ids.pollId } : {}),
    ...(ids.ballotMessageId ? { ballot_message_id: ids.ballotMessageId } : {}),
    ...(ids.pollLetters ? { poll_letters: ids.pollLetters } : {}),
  };
}

/** The ballot and channel behind a platform poll, for turning its answers into votes. */
export async function findPoll(db: Executor, platform: Platform, pollId: string) {
  return db
    .selectFrom('deliveries')
    .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
    .innerJoin('ballots', 'ballots.episode_id', 'deliveries.episode_id')
    .select(['ballots.id as ballotId', 'channels.id as channelId', 'deliveries.poll_letters as letters'])
    .where('deliveries.poll_id', '=', pollId)
    .where('channels.platform', '=', platform)
    .executeTakeFirst();
}
