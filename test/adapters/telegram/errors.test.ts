import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { deliveryError, loggable, NoAnswerError, startFailure } from '../../../src/adapters/telegram/errors.js';
import { missingRightsNote, rightsOf } from '../../../src/adapters/telegram/rights.js';
import { ChannelBlockedError, DeferJobError, ChannelMovedError, PlatformUnreachableError } from '../../../src/core/errors.js';
import { refusal } from '../../../src/core/refusal.js';

const api = (code: number, description: string, parameters: Record<string, number> = {}) =>
  new GrammyError(`Call to 'sendVideo' failed!`, { ok: false, error_code: code, description, parameters }, 'sendVideo', {});
/** What node-fetch throws for a refused connection: its message holds the URL, and so the token. */
const refused = () =>
  new HttpError(
    "Network request for 'sendVideo' failed!",
    Object.assign(new Error('request to http://127.0.0.1:9/bot123:SECRET/sendVideo failed, reason: connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  );

describe('Telegram errors as the core understands them', () => {
  it('maps a group upgrade, refusals and silence to the core errors, and leaves the rest alone', () => {
    expect(deliveryError(api(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1009 }))).toEqual(new ChannelMovedError('-1009'));
    const cases: [GrammyError, string][] = [
      [api(403, 'Forbidden: bot was kicked from the supergroup chat'), 'the bot was removed from this group; add it back to resume'],
      [api(403, 'Forbidden: bot is not a member of the group chat'), 'the bot is not a member of this group; add it back to resume'],
      [api(400, 'Bad Request: not enough rights to send text messages to the chat'), 'the bot may not send messages in this group; an admin can allow it (or make the bot an admin)'],
      [api(400, 'Bad Request: not enough rights to send videos to the chat'), 'the bot may not send videos in this group; an admin can allow videos for members (or make the bot an admin)'],
      [api(400, 'Bad Request: chat not found'), 'Telegram no longer knows this chat (was the bot removed, or the group deleted?)'],
      [api(403, 'Forbidden: something new'), 'Telegram refuses the bot in this chat (Forbidden: something new)'],
    ];
    // Each refusal in English for the logs, and as a message each reader is told in their own language.
    for (const [err, reason] of cases) expect(deliveryError(err)).toMatchObject({ name: 'ChannelBlockedError', reason, why: { key: expect.stringMatching(/^refusal\.telegram\./) } });
    expect(deliveryError(refused())).toEqual(new PlatformUnreachableError('telegram', 'the Bot API does not answer (connect ECONNREFUSED)'));
    expect(deliveryError(new NoAnswerError('sendVideo', 300_000))).toEqual(new PlatformUnreachableError('telegram', 'the Bot API does not answer (no answer within 300 s)'));
    expect(deliveryError(api(502, 'Bad Gateway'))).toBeInstanceOf(PlatformUnreachableError);
    const bug = api(400, "Bad Request: can't parse entities");
    expect(deliveryError(bug)).toBe(bug);
    // A long flood wait: this delivery waits it out, without spending an attempt.
    const flood = api(429, 'Too Many Requests: retry after 300', { retry_after: 300 });
    expect(deliveryError(flood)).toEqual(new DeferJobError('Telegram asks to wait 300 s', 300_000));
    expect(deliveryError(api(400, 'Bad Request: TOPIC_CLOSED'))).toEqual(new ChannelBlockedError(refusal('refusal.telegram.topicClosed')));
    // Cut off by the step's own signal: the step is ending, Telegram is not down.
    expect(deliveryError(refused(), AbortSignal.abort())).toBeInstanceOf(HttpError);
  });

  it('says why start failed and what to check, never with the token', () => {
    expect(startFailure(api(401, 'Unauthorized'), undefined, 'getMe').message).toBe('Telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN');
    expect(startFailure(refused(), 'http://localhost:8081', 'getMe').message).toBe(
      'the Telegram Bot API at http://localhost:8081 does not answer (connect ECONNREFUSED): check TELEGRAM_API_ROOT and the network',
    );
    expect(startFailure(refused(), undefined, 'getMe').message).toMatch(/^the Telegram Bot API at https:\/\/api\.telegram\.org does not answer \(connect ECONNREFUSED\): check the network/);
    expect(JSON.stringify(loggable(refused()))).not.toContain('SECRET');
  });

  it('works out what the bot may post from its membership and the group defaults', () => {
    const member = { status: 'member', user: { id: 1, is_bot: true, first_name: 'b' } } as const;
    expect(rightsOf(member, { can_send_messages: true, can_send_videos: false, can_send_polls: true })).toEqual({ member: true, admin: false, text: true, videos: false, polls: true });
    expect(rightsOf({ ...member, status: 'administrator' } as never, { can_send_videos: false })).toMatchObject({ admin: true, videos: true });
    expect(rightsOf({ ...member, status: 'kicked', until_date: 0 }, undefined)).toMatchObject({ member: false, text: false });
    expect(missingRightsNote({ member: true, admin: false, text: true, videos: false, polls: false })).toBe(
      "⚠️ I may not send videos or polls in this group, so episodes come as text with a link to the video, and ballots come as text (vote with /vote). An admin can allow videos or polls for members in the group's permissions, or make me an admin.",
    );
    expect(missingRightsNote({ member: true, admin: false, text: true, videos: true, polls: true })).toBeUndefined();
  });
});
