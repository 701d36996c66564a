import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { listText, translate } from '../../i18n/i18n.js';
import { refusal, type Refusal } from '../../core/refusal.js';

/**
 * What TailTwist needs in a channel, and what happens without each. Discord's Create Message asks
 * for Send Messages (and Read Message History for a reply); an upload is refused without Attach
 * Files; embeds are dropped, not refused, without Embed Links. Slash replies need none of these,
 * which is why a bot missing them looks healthy: every interaction shows them (`app_permissions`).
 */
export const NEEDED = [
  { flag: PermissionFlagsBits.ViewChannel, name: 'View Channel', without: 'noPosts' },
  { flag: PermissionFlagsBits.SendMessages, name: 'Send Messages', without: 'noPosts' },
  { flag: PermissionFlagsBits.EmbedLinks, name: 'Embed Links', without: 'noEmbeds' },
  { flag: PermissionFlagsBits.AttachFiles, name: 'Attach Files', without: 'noFiles' },
  { flag: PermissionFlagsBits.ReadMessageHistory, name: 'Read Message History', without: 'noReplies' },
] as const;

/** What posting at all needs: without these the channel is refused until someone acts. */
export const TO_POST = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;

/** The needed permissions missing from `bits` (Administrator has them all). */
export function missingPermissions(bits: bigint): (typeof NEEDED)[number][] {
  const perms = new PermissionsBitField(bits);
  return NEEDED.filter((p) => !perms.has(p.flag));
}

export const canPost = (bits: bigint): boolean => new PermissionsBitField(bits).has(TO_POST);

/**
 * A line for the reply to /series new or /series follow when something is missing; undefined when
 * all is there. Permissions go by the names Discord gives them in English, as its docs do.
 */
export function missingNote(bits: bigint, locale = 'en'): string | undefined {
  const missing = missingPermissions(bits);
  if (!missing.length) return undefined;
  const tr = translate(locale);
  // Without posting at all, the rest does not matter yet.
  const effects = canPost(bits) ? [...new Set(missing.map((p) => p.without))] : [NEEDED[1].without];
  return tr('discord.missing', {
    count: missing.length,
    names: listText(
      locale,
      missing.map((p) => p.name),
    ),
    effects: effects.map((e) => tr(`discord.without.${e}`)).join(tr('discord.effectSeparator')),
  });
}

/**
 * Why Discord refused a post for permissions, as the core tells moderators: by name when an
 * interaction here showed the bot's permissions, else what posting needs.
 */
export function refusedReason(known: bigint | undefined): Refusal {
  const missing = known === undefined ? [] : missingPermissions(known).filter((p) => (TO_POST & p.flag) !== 0n);
  if (missing.length) return refusal('refusal.discord.missing', { count: missing.length, names: missing.map((p) => p.name) });
  return refusal('refusal.discord.missingPermissions');
}
