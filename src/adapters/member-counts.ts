import { BoundedMap } from '../core/bounded-map.js';

/** A count is asked again after this long (turnout needs the size of a channel, not its every join). */
const FRESH_MS = 60 * 60_000;
/** A platform that did not say is asked again sooner. */
const UNKNOWN_MS = 5 * 60_000;

/**
 * How many members each chat has, as a platform counts them, remembered per chat so that posting an
 * episode costs no extra call most of the time. A count that fails or times out is unknown (null),
 * never an error: turnout is then shown as unknown, and the delivery it follows is not held up.
 */
export class MemberCounts {
  private readonly known = new BoundedMap<string, { count: number | null; until: number }>(10_000);

  constructor(
    /** The platform's own count for a chat, or null when it has none (a direct message). */
    private readonly fetch: (chatId: string, signal: AbortSignal) => Promise<number | null>,
    private readonly now: () => number = Date.now,
  ) {}

  async of(chatId: string, signal: AbortSignal): Promise<number | null> {
    const cached = this.known.get(chatId);
    if (cached && cached.until > this.now()) return cached.count;
    const count = await this.fetch(chatId, signal).then(
      (n) => (n === null || !Number.isFinite(n) ? null : Math.max(0, Math.round(n))),
      () => null,
    );
    this.known.set(chatId, { count, until: this.now() + (count === null ? UNKNOWN_MS : FRESH_MS) });
    return count;
  }
}
