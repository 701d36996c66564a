import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The studio's signing secret: WEB_SECRET when set, else one made on first start and kept in the
 * data folder (readable by this user only), so sessions and viewer ids survive restarts.
 */
export function studioSecret(settings: { secret: string | undefined; secretFile: string }): string {
  if (settings.secret) return settings.secret;
  try {
    const kept = fs.readFileSync(settings.secretFile, 'utf8').trim();
    if (kept.length >= 32) return kept;
  } catch {
    // not made yet
  }
  const made = randomBytes(32).toString('base64url');
  fs.mkdirSync(path.dirname(settings.secretFile), { recursive: true });
  // 'wx': of two processes starting together, the second reads what the first wrote.
  try {
    fs.writeFileSync(settings.secretFile, `${made}\n`, { mode: 0o600, flag: 'wx' });
    return made;
  } catch {
    return fs.readFileSync(settings.secretFile, 'utf8').trim();
  }
}
