import fs from 'node:fs';

/**
 * What TailTwist reads from a TrueType/OpenType file itself: which characters it has (the `cmap`),
 * and the vertical metrics captions are sized by. Only the table directory and those tables are
 * read, so a 10 MB CJK font costs a few kilobytes.
 */

export interface FontFacts {
  /** Sorted, non-overlapping [first, last] code point ranges that map to a glyph. */
  ranges: Uint32Array;
  unitsPerEm: number;
  /** OS/2 usWinAscent + usWinDescent: what a caption size names (as subtitle renderers do). */
  winHeight: number;
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, offset + done);
    if (n === 0) throw new Error('font file ends early');
    done += n;
  }
  return buf;
}

/** The table directory: tag → [offset, length]. */
function tables(fd: number): Map<string, [number, number]> {
  const head = readAt(fd, 0, 12);
  const count = head.readUInt16BE(4);
  const dir = readAt(fd, 12, count * 16);
  const out = new Map<string, [number, number]>();
  for (let i = 0; i < count; i++) out.set(dir.toString('latin1', i * 16, i * 16 + 4), [dir.readUInt32BE(i * 16 + 8), dir.readUInt32BE(i * 16 + 12)]);
  return out;
}

/** Code point ranges of one cmap subtable (formats 4 and 12, what Unicode fonts carry). */
function subtableRanges(cmap: Buffer, at: number): [number, number][] {
  const format = cmap.readUInt16BE(at);
  const out: [number, number][] = [];
  if (format === 12) {
    const groups = cmap.readUInt32BE(at + 12);
    for (let g = 0; g < groups; g++) {
      const p = at + 16 + g * 12;
      const start = cmap.readUInt32BE(p);
      const end = cmap.readUInt32BE(p + 4);
      if (cmap.readUInt32BE(p + 8) !== 0 || start !== end) out.push([start, end]);
    }
  } else if (format === 4) {
    const segs = cmap.readUInt16BE(at + 6) / 2;
    const ends = at + 14;
    const starts = ends + segs * 2 + 2;
    const deltas = starts + segs * 2;
    const offsets = deltas + segs * 2;
    for (let s = 0; s < segs; s++) {
      const end = cmap.readUInt16BE(ends + s * 2);
      const start = cmap.readUInt16BE(starts + s * 2);
      if (start === 0xffff) continue;
      const delta = cmap.readUInt16BE(deltas + s * 2);
      const rangeOffset = cmap.readUInt16BE(offsets + s * 2);
      for (let c = start; c <= end; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          const p = offsets + s * 2 + rangeOffset + (c - start) * 2;
          glyph = p + 1 < cmap.length ? cmap.readUInt16BE(p) : 0;
          if (glyph) glyph = (glyph + delta) & 0xffff;
        }
        if (!glyph) continue;
        const last = out.at(-1);
        if (last && last[1] === c - 1) last[1] = c;
        else out.push([c, c]);
      }
    }
  }
  return out;
}

function merge(ranges: [number, number][]): Uint32Array {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [a, b] of ranges) {
    const n = out.length;
    if (n && a <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, b);
    else out.push(a, b);
  }
  return Uint32Array.from(out);
}

export function readFontFacts(file: string): FontFacts {
  const fd = fs.openSync(file, 'r');
  try {
    const dir = tables(fd);
    const table = (tag: string) => {
      const entry = dir.get(tag);
      if (!entry) throw new Error(`${file} has no ${tag} table`);
      return readAt(fd, entry[0], entry[1]);
    };
    const cmap = table('cmap');
    const ranges: [number, number][] = [];
    const count = cmap.readUInt16BE(2);
    const seen = new Set<number>();
    for (let i = 0; i < count; i++) {
      const platform = cmap.readUInt16BE(4 + i * 8);
      const encoding = cmap.readUInt16BE(6 + i * 8);
      const offset = cmap.readUInt32BE(8 + i * 8);
      // Unicode subtables only (platform 0, or Windows BMP and full repertoire).
      if (seen.has(offset) || !(platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10)))) continue;
      seen.add(offset);
      ranges.push(...subtableRanges(cmap, offset));
    }
    const os2 = table('OS/2');
    return { ranges: merge(ranges), unitsPerEm: table('head').readUInt16BE(18), winHeight: os2.readUInt16BE(74) + os2.readUInt16BE(76) };
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether a code point is in sorted [first, last] ranges. */
export function covers(ranges: Uint32Array, cp: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[mid * 2]!) hi = mid - 1;
    else if (cp > ranges[mid * 2 + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}
