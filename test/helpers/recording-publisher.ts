import type { DeliveryIds, DeliveryRequest, Place, Platform, Publisher, RecapPostRequest, ResultRequest } from './types.js';

/** A publisher for tests: records what would be posted, and can be told to fail like a platform. */
export class RecordingPublisher implements Publisher {
  readonly posts: DeliveryRequest[] = [];
  readonly results: ResultRequest[] = [];
  /** "The story so far" videos posted. */
  readonly recaps: RecapPostRequest[] = [];
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

  async postRecap(request: RecapPostRequest): Promise<DeliveryIds> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.recaps.push(request);
    return { messageId: `${this.platform}-recap-${++this.n}` };
  }

  async notify(place: Place, text: string): Promise<void> {
    this.notices.push({ place, text });
  }

  /** Members per chat, as the platform would count them (a chat not listed: the platform does not say). */
  readonly members = new Map<string, number>();

  async memberCount(place: Place): Promise<number | null> {
    return this.members.get(place.chatId) ?? null;
  }
}
