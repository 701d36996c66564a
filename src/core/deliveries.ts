import type { CoreContext } from './context.js';
import type { Executor } from './ports.js';

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
      attempts: 0,
      error: null,
      sent_at: null,
      result_posted_at: null,
      created_at: ctx.clock.now(),
    })
    .onConflict((oc) => oc.columns(['episode_id', 'channel_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
    await ctx.queue.enqueue(tx, { kind: 'deliver', key: `deliver:${id}`, payload: { deliveryId: id } });
  }
}
