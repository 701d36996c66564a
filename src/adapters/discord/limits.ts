/**
 * How large a file the bot may upload to a server. Discord documents a default per-file limit
 * ("10 MiB", lately "20 MiB for all users": DISCORD_UPLOAD_LIMIT_MB says which this deployment
 * trusts), raised by the server's boost level (level 2: 50 MiB, level 3: 100 MiB, per the Server
 * Boosting FAQ the docs link to) or by a user's own Nitro. The bot has no Nitro: only the server's
 * level counts for its uploads. And Create Message takes at most 25 MiB in one request, whatever
 * the server allows for one file.
 */
export const MiB = 1024 * 1024;

/** Per-file limits of boosted servers; below level 2 the default applies. */
const BOOSTED: Readonly<Record<number, number>> = { 2: 50 * MiB, 3: 100 * MiB };

/** "The maximum request size when sending a message is 25 MiB" (Create Message, Limitations). */
export const REQUEST_LIMIT = 25 * MiB;

/** The largest video one episode message carries: the request less room for its JSON and the multipart framing. */
export const MAX_FILE_IN_MESSAGE = REQUEST_LIMIT - 64 * 1024;

/**
 * The upload limit to record for a server: its boost level's when the bot knows it (GUILD_CREATE
 * and GUILD_UPDATE carry `premium_tier`), never a clicking member's Nitro. Only when the level is
 * unknown does an interaction's `attachment_size_limit` (the larger of the server's and the
 * user's) bound the default.
 */
export function serverUploadLimit(premiumTier: number | undefined, defaultBytes: number, reported?: number): number {
  const server = premiumTier === undefined ? Math.min(defaultBytes, reported ?? defaultBytes) : Math.max(defaultBytes, BOOSTED[premiumTier] ?? 0);
  return Math.min(server, MAX_FILE_IN_MESSAGE);
}
