import type { CoreContext } from './context.js';
import type { Message } from '../i18n/i18n.js';
import { UserError } from './errors.js';

/** Refuses community text the screener rejects, telling the person why in plain words. */
export async function screenOrRefuse(ctx: CoreContext, field: string | Message, text: string): Promise<void> {
  const reason = await ctx.screener.screen(text);
  if (reason) throw new UserError('invalid-input', 'errors.text.refused', { field, reason });
}
