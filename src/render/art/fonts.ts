import path from 'node:path';
import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

const require = createRequire(import.meta.url);

/** The bundled OFL font (Fredoka), for cards on canvas and captions in libass. */
export const FONT_FAMILY = 'Fredoka';
export const FONT_FILE = path.join(path.dirname(require.resolve('@expo-google-fonts/fredoka/package.json')), '600SemiBold', 'Fredoka_600SemiBold.ttf');
export const FONT_DIR = path.dirname(FONT_FILE);

let registered = false;

/** Fredoka first; system fonts (emoji, CJK, Arabic…) take the characters it lacks. */
export function canvasFont(px: number): string {
  if (!registered) {
    GlobalFonts.registerFromPath(FONT_FILE, FONT_FAMILY);
    registered = true;
  }
  return `${Math.round(px)}px ${FONT_FAMILY}, "Noto Color Emoji", "Noto Sans CJK SC", "Noto Sans Arabic", "DejaVu Sans", sans-serif`;
}
