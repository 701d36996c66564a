import type { App } from '../app.js';
import type { Place, Publisher } from '../core/ports.js';
import type { Platform } from '../db/schema.js';
import type { Connectable } from './connection.js';

/**
 * The contract of a chat adapter, in two parts because every process posts but only some receive:
 * a `ChatPlatform` is built from the settings alone and holds the publisher (REST only), which
 * `createApp` takes; `platform.adapter(app)` then builds the `ChatAdapter` that receives the
 * platform's updates, with that app in its constructor. Neither knows the other platforms.
 */

/** A chat publisher always has an upload limit (its setting): the renderer aims under the smallest one. */
export type ChatPublisher = Publisher & { readonly maxUploadBytes: number };

/** What every process builds for a configured platform, workers included. */
export interface ChatPlatform {
  readonly platform: Platform;
  /** The platform's name for people and logs ("Telegram"). */
  readonly label: string;
  readonly publisher: ChatPublisher;
  /** The adapter over the app that was built with `publisher`; once per process. */
  adapter(app: App): ChatAdapter;
}

/**
 * A platform's updates turned into calls on the app, supervised by a `Connection`: `start()` is
 * one bounded attempt to connect, `stop()` is bounded and hands on any lease it holds.
 */
export interface ChatAdapter extends Connectable {
  readonly platform: Platform;
  readonly label: string;
  readonly publisher: ChatPublisher;
  /** The bot's user name on the platform once connected (the studio's Telegram Login Widget names it). */
  botName(): string | undefined;
  /** Whether `<platform>:<user id>` moderates in the chat of `place`, as the platform says (the studio's sign-in). */
  moderates(userId: string, place: Place, moderatorRole: string | null): Promise<boolean>;
}
