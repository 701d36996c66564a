import { hasKey, t, type Params } from '../i18n/i18n.js';
import { refusalText, type Refusal } from './refusal.js';

/**
 * A UserError carries a message meant for the person in the chat: a catalog key and its
 * parameters (`new UserError('conflict', 'errors.series.alreadyPaused', { title })`), said in
 * the reader's language at the edge (`localized`). `message` is the English text, for logs.
 * Anything else that escapes is a bug: logged with a reference id, the user sees an apology.
 */
export type UserErrorCode = 'invalid-input' | 'not-found' | 'not-moderator' | 'conflict' | 'ballot-closed' | 'series-not-running' | 'limit-reached';

export class UserError extends Error {
  readonly code: UserErrorCode;
  /** The catalog key; text that is no key (older callers) is shown as is in every language. */
  readonly key: string;
  readonly params: Params;
  constructor(code: UserErrorCode, key: string, params: Params = {}) {
    const known = hasKey(key);
    super(known ? t('en', key, params) : key);
    this.name = 'UserError';
    this.code = code;
    this.key = known ? key : '';
    this.params = params;
  }

  /** The message in the reader's language (English where the catalog lacks it). */
  localized(locale: string): string {
    return this.key ? t(locale, this.key, this.params) : this.message;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** A job failure that no retry can fix (e.g. the series was ended meanwhile). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/**
 * The platform refuses a channel until someone there acts: the bot was removed, or lacks a
 * permission it needs. Retrying soon cannot help; the channel is marked and looked at again later.
 */
export class ChannelBlockedError extends Error {
  /** Why, in English (logs, the delivery's error). */
  readonly reason: string;
  /** Why, as a message each reader is told in their own language; absent when `reason` is all there is. */
  readonly why: Refusal | undefined;
  constructor(reason: string | Refusal) {
    const text = refusalText(reason, 'en');
    super(text);
    this.name = 'ChannelBlockedError';
    this.reason = text;
    this.why = typeof reason === 'string' ? undefined : reason;
  }
}

/** The chat has a new id (a Telegram group that became a supergroup): the channel moves there. */
export class ChannelMovedError extends Error {
  constructor(readonly toChatId: string) {
    super(`the chat moved to ${toChatId}`);
    this.name = 'ChannelMovedError';
  }
}

/**
 * A platform (or service) does not answer: a closed port, a timeout, a 5xx. Other channels and
 * series go on; the step waits until the platform is likely back, without using up its attempts.
 */
export class PlatformUnreachableError extends Error {
  constructor(
    readonly platform: string,
    readonly reason: string,
  ) {
    super(`${platform} is unreachable: ${reason}`);
    this.name = 'PlatformUnreachableError';
  }
}

/** A step that should run again later without counting as a failed attempt (its platform is down, shutdown). */
export class DeferJobError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'DeferJobError';
  }
}
