import type { DeliveryIds, DeliveryRequest, Publisher, RecapPostRequest } from '../../core/ports.js';

/**
 * The studio is a channel like any other, but its "post" is the episode itself: the feed reads
 * episodes and ballots from the database, so delivering only records that it is there.
 */
export class WebPublisher implements Publisher {
  readonly platform = 'web' as const;

  async deliver(req: DeliveryRequest): Promise<DeliveryIds> {
    return { messageId: req.episode.id };
  }

  /** The series page shows the newest recap: posting records that it is there. */
  async postRecap(req: RecapPostRequest): Promise<DeliveryIds> {
    return { messageId: req.recap.id };
  }

  async postResult(): Promise<void> {
    // The feed and the story tree show the result as soon as the ballot closes.
  }
}
