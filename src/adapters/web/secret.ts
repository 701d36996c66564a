import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const MIN_LENGTH = 32;

/**
 * The studio's signing secret: WEB_SECRET when set, else one made on first start and kept in the
 * data folder (readable by this user only), so sessions and viewer ids survive restarts. The file
 * appears whole or not at all (written aside, then linked into place), and a secret shorter than
 * 32 characters is never used: an empty key would let anyone sign cookies.
 */
export function studioSecret(settings: { secret: string | undefined; secretFile: string }): string {
  if (settings.secret) return settings.secret;
  const read = () => {
    try {
      return fs.readFileSync(settings.secretFile, 'utf8').trim();
    } catch {
      return '';
    }
  };
  const kept = read();
  if (kept.length >= MIN_LENGTH) return kept;
  fs.mkdirSync(path.dirname(settings.secretFile), { recursive: true });
  if (kept === '' && !fs.existsSync(settings.secretFile)) {
    const made = randomBytes(32).toString('base64url');
    const aside = `${settings.secretFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(aside, `${made}\n`, { mode: 0o600 });
    try {
      // link fails if another process got there first: then its secret is the one.
      fs.linkSync(aside, settings.secretFile);
    } catch {
      // fall through to read what the other process made
    } finally {
      fs.rmSync(aside, { force: true });
    }
    const now = read();
    if (now.length >= MIN_LENGTH) return now;
  }
  throw new Error(`${settings.secretFile} holds no usable secret (it is empty or too short): delete it to have a new one made, or set WEB_SECRET`);
}
