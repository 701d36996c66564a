import type { DeliveryIds, DeliveryRequest, Place, Platform, Publisher, ResultRequest } from './types.js';

/** A publisher for tests: records what would be posted, and can be told to fail like a platform. */
export class RecordingPublisher implements Publisher {
  readonly posts: DeliveryRequest[] = [];
  readonly results: ResultRequest[] = [];
  /** What the core asked to tell each channel (a missing permission…). */
  readonly notices: { place: Place; text: string }[] = [];
  /** Errors to throw, one per call, before succeeding (e.g. a 429, then a 500). */
  failures: Error[] = [];
  /** Errors for deliveries only (results still go out), taken before `failures`. */
  deliverFailures: Error[] = [];
  private n = 0;

  constructor(readonly platform: Platform) {}

  async deliver(request: DeliveryRequest): Promise<DeliveryIds> {
    const failure = this.deliverFailures.shift() ?? this.failures.shift();
    if (failure) throw failure;
    this.posts.push(request);
    return { messageId: `${this.platform}-msg-${++this.n}` };
  }

  async postResult(request: ResultRequest): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.results.push(request);
  }

  async notify(place: Place, text: string): Promise<void> {
    this.notices.push({ place, text });
  }
}
