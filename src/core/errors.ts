/**
 * A UserError carries a message meant for the person in the chat; adapters show it as is.
 * Anything else that escapes is a bug: logged with a reference id, the user sees an apology.
 */
export type UserErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'not-moderator'
  | 'conflict'
  | 'ballot-closed'
  | 'series-not-running'
  | 'limit-reached';

export class UserError extends Error {
  readonly code: UserErrorCode;
  constructor(code: UserErrorCode, message: string) {
    super(message);
    this.name = 'UserError';
    this.code = code;
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
