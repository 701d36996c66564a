import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** What decides a picture's pixels besides its inputs: the drawing code, the text code, the captions' code, the cards' words. */
const SOURCES = [here, path.join(here, '..', 'text'), path.join(here, '..', 'captions.ts'), path.join(here, '..', 'caption-frames.ts'), path.join(here, '..', '..', 'i18n', 'locales')];

/**
 * A fingerprint of the code and words that draw the pictures, part of every art cache key: a still
 * or a layer drawn by an older version is never reused (a layer drawn for another blocking would
 * be laid at the wrong place). Read once per process.
 */
export const ART_VERSION = (() => {
  const h = createHash('sha256');
  for (const dir of SOURCES) {
    let files: string[] = [];
    if (/\.ts$/.test(dir)) {
      h.update(path.basename(dir)).update(readFileSync(dir));
      continue;
    }
    try {
      files = readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => /\.(ts|js|json)$/.test(f) && !/(^|[/\\])(bot|studio)\.json$/.test(f))
        .sort();
    } catch {
      continue;
    }
    for (const f of files) h.update(f).update(readFileSync(path.join(dir, f)));
  }
  return h.digest('hex').slice(0, 12);
})();
