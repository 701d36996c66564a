import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Just enough ISO BMFF (MP4) to join videos by copying their samples: the sample tables of a
 * file's video and sound (read from its `moov`, no ffprobe), and a new file written from samples
 * of several files, with chapters. A season cut is all copying: ffmpeg's concat demuxer would
 * parse every packet of every piece again, and that cost more than the joining itself.
 */

export interface Samples {
  count: number;
  /** Where each sample's bytes are in its file. */
  offset: Float64Array;
  size: Uint32Array;
  /** In the track's timescale. */
  duration: Uint32Array;
  /** Composition offset (presentation minus decoding time). */
  cto: Int32Array;
  key: Uint8Array;
}

export interface Track {
  kind: 'video' | 'audio';
  timescale: number;
  /** The first edit's media time: the B-frame delay of the picture, the priming of the sound. */
  mediaTime: number;
  /** What must be the same for tracks to join by copy: codec, frame size or channels and rate, decoder setup, clock. */
  setup: string;
  /** The picture's frame size, or the sound's channels and sample rate. */
  width: number;
  height: number;
  channels: number;
  sampleRate: number;
  /** Boxes the joined file takes as they are (from its first source). */
  boxes: { tkhd: Buffer; mdhd: Buffer; hdlr: Buffer; mhd: Buffer; dinf: Buffer; stsd: Buffer; sgpd?: Buffer };
  samples: Samples;
}

export interface Mp4 {
  file: string;
  ftyp: Buffer;
  mvhd: Buffer;
  video: Track;
  audio: Track;
}

interface Box {
  type: string;
  /** The whole box, header included. */
  data: Buffer;
  /** Where its payload starts in `data`. */
  body: number;
}

function boxesIn(buf: Buffer, start = 0, end = buf.length): Box[] {
  const out: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = buf.readUInt32BE(at);
    let header = 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) throw new Error('a broken MP4 box');
    out.push({ type: buf.toString('latin1', at + 4, at + 8), data: buf.subarray(at, at + size), body: header });
    at += size;
  }
  return out;
}

const child = (parent: Box, type: string, skip = 0): Box | undefined => boxesIn(parent.data, parent.body + skip).find((b) => b.type === type);
function need(parent: Box | undefined, type: string): Box {
  const found = parent && child(parent, type);
  if (!found) throw new Error(`an MP4 without ${type}`);
  return found;
}

/** Reads the top-level boxes' headers and the whole `moov` (wherever it is in the file). */
export async function readMp4(file: string): Promise<Mp4> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const header = Buffer.alloc(16);
    let at = 0;
    let ftyp: Buffer | undefined;
    let moov: Buffer | undefined;
    while (at + 8 <= size && !(ftyp && moov)) {
      await fh.read(header, 0, 16, at);
      let boxSize = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
      else if (boxSize === 0) boxSize = size - at;
      if (boxSize < 8) throw new Error(`${path.basename(file)} is not an MP4`);
      if (type === 'ftyp' || type === 'moov') {
        const data = Buffer.alloc(boxSize);
        await fh.read(data, 0, boxSize, at);
        if (type === 'ftyp') ftyp = data;
        else moov = data;
      }
      at += boxSize;
    }
    if (!ftyp || !moov) throw new Error(`${path.basename(file)} is not an MP4 (no ftyp or moov)`);
    const root: Box = { type: 'moov', data: moov, body: 8 };
    const tracks = boxesIn(moov, 8)
      .filter((b) => b.type === 'trak')
      .map(readTrack)
      .filter((t): t is Track => t !== undefined);
    const video = tracks.find((t) => t.kind === 'video');
    const audio = tracks.find((t) => t.kind === 'audio');
    if (!video || !audio) throw new Error(`${path.basename(file)} needs a video and an audio track to join a season cut`);
    return { file, ftyp, mvhd: need(root, 'mvhd').data, video, audio };
  } finally {
    await fh.close();
  }
}

function readTrack(trak: Box): Track | undefined {
  const mdia = need(trak, 'mdia');
  const hdlr = need(mdia, 'hdlr');
  const handler = hdlr.data.toString('latin1', hdlr.body + 8, hdlr.body + 12);
  if (handler !== 'vide' && handler !== 'soun') return undefined;
  const kind = handler === 'vide' ? 'video' : 'audio';
  const mdhd = need(mdia, 'mdhd');
  const timescale = mdhd.data.readUInt32BE(mdhd.body + (mdhd.data[mdhd.body] === 1 ? 20 : 12));
  const minf = need(mdia, 'minf');
  const stbl = need(minf, 'stbl');
  const stsd = need(stbl, 'stsd');
  const elst = child(trak, 'edts') && child(need(trak, 'edts'), 'elst');
  let mediaTime = 0;
  if (elst) {
    const v1 = elst.data[elst.body] === 1;
    // The first edit that is not an empty one (media time -1).
    for (let i = 0, n = elst.data.readUInt32BE(elst.body + 4), at = elst.body + 8; i < n; i++, at += v1 ? 20 : 12) {
      const time = v1 ? Number(elst.data.readBigInt64BE(at + 8)) : elst.data.readInt32BE(at + 4);
      if (time >= 0) {
        mediaTime = time;
        break;
      }
    }
  }
  const samples = readSamples(stbl);
  const entry = boxesIn(stsd.data, stsd.body + 8)[0];
  if (!entry) throw new Error('an MP4 track without a sample description');
  const sgpd = child(stbl, 'sgpd');
  const e = entry.data;
  return {
    kind,
    timescale,
    mediaTime,
    // Not the media time: the join shifts each source's composition offsets to the first one's.
    setup: JSON.stringify([kind, timescale, samples.duration[0], ...setupOf(kind, entry)]),
    width: kind === 'video' ? e.readUInt16BE(32) : 0,
    height: kind === 'video' ? e.readUInt16BE(34) : 0,
    channels: kind === 'audio' ? e.readUInt16BE(24) : 0,
    sampleRate: kind === 'audio' ? e.readUInt32BE(32) >>> 16 : 0,
    boxes: {
      tkhd: need(trak, 'tkhd').data,
      mdhd: mdhd.data,
      hdlr: hdlr.data,
      mhd: need(minf, kind === 'video' ? 'vmhd' : 'smhd').data,
      dinf: need(minf, 'dinf').data,
      stsd: stsd.data,
      ...(sgpd ? { sgpd: sgpd.data } : {}),
    },
    samples,
  };
}

/** The parts of a sample description that decide whether samples decode alike (not its bitrate boxes). */
function setupOf(kind: 'video' | 'audio', entry: Box): string[] {
  const d = entry.data;
  if (kind === 'video') {
    // VisualSampleEntry: width and height at 32, child boxes (avcC, hvcC, colr, pasp…) after its 86 bytes.
    const config = boxesIn(d, 86).filter((b) => b.type !== 'btrt');
    return [entry.type, String(d.readUInt16BE(32)), String(d.readUInt16BE(34)), ...config.map((b) => b.data.toString('base64'))];
  }
  // AudioSampleEntry: channels at 24, rate at 32; the decoder's own setup inside esds (its bitrates vary by file).
  const esds = boxesIn(d, 36).find((b) => b.type === 'esds');
  return [entry.type, String(d.readUInt16BE(24)), String(d.readUInt32BE(32)), esds ? decoderSpecificInfo(esds.data.subarray(12)).toString('base64') : ''];
}

/** The DecoderSpecificInfo (tag 5) inside an ES descriptor: the AAC AudioSpecificConfig. */
function decoderSpecificInfo(buf: Buffer): Buffer {
  let at = 0;
  const descriptor = () => {
    const tag = buf[at++]!;
    let size = 0;
    for (let i = 0; i < 4; i++) {
      const b = buf[at++]!;
      size = (size << 7) | (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    return { tag, size, start: at };
  };
  while (at < buf.length) {
    const d = descriptor();
    if (d.tag === 5) return buf.subarray(d.start, d.start + d.size);
    if (d.tag === 3) {
      // ES_Descriptor: ES_ID, flags, then what the flags say is there.
      const flags = buf[at + 2]!;
      at += 3 + (flags & 0x80 ? 2 : 0) + (flags & 0x20 ? 1 + buf[at + 3]! : 0) + (flags & 0x40 ? 2 : 0);
    } else if (d.tag === 4) at += 13;
    else at = d.start + d.size;
  }
  return Buffer.alloc(0);
}

function readSamples(stbl: Box): Samples {
  const table = (type: string) => child(stbl, type);
  const stsz = table('stsz');
  const stz2 = table('stz2');
  if (!stsz && !stz2) throw new Error('an MP4 track without sample sizes');
  const sizes = stsz!.data;
  const fixed = sizes.readUInt32BE(stsz!.body + 4);
  const count = sizes.readUInt32BE(stsz!.body + 8);
  const size = new Uint32Array(count);
  for (let i = 0; i < count; i++) size[i] = fixed || sizes.readUInt32BE(stsz!.body + 12 + i * 4);

  const duration = new Uint32Array(count);
  const stts = need(stbl, 'stts');
  for (let e = 0, i = 0, n = stts.data.readUInt32BE(stts.body + 4); e < n; e++) {
    const at = stts.body + 8 + e * 8;
    const delta = stts.data.readUInt32BE(at + 4);
    for (let k = stts.data.readUInt32BE(at); k > 0 && i < count; k--) duration[i++] = delta;
  }
  const cto = new Int32Array(count);
  const ctts = table('ctts');
  if (ctts) {
    for (let e = 0, i = 0, n = ctts.data.readUInt32BE(ctts.body + 4); e < n; e++) {
      const at = ctts.body + 8 + e * 8;
      const offset = ctts.data.readInt32BE(at + 4);
      for (let k = ctts.data.readUInt32BE(at); k > 0 && i < count; k--) cto[i++] = offset;
    }
  }
  const key = new Uint8Array(count);
  const stss = table('stss');
  if (stss) for (let e = 0, n = stss.data.readUInt32BE(stss.body + 4); e < n; e++) key[stss.data.readUInt32BE(stss.body + 8 + e * 4) - 1] = 1;
  else key.fill(1);

  const co64 = table('co64');
  const stco = co64 ?? need(stbl, 'stco');
  const chunks = stco.data.readUInt32BE(stco.body + 4);
  const chunkOffset = (c: number) => (co64 ? Number(stco.data.readBigUInt64BE(stco.body + 8 + c * 8)) : stco.data.readUInt32BE(stco.body + 8 + c * 4));
  const stsc = need(stbl, 'stsc');
  const runs = stsc.data.readUInt32BE(stsc.body + 4);
  const offset = new Float64Array(count);
  let i = 0;
  for (let r = 0; r < runs; r++) {
    const at = stsc.body + 8 + r * 12;
    const first = stsc.data.readUInt32BE(at) - 1;
    const perChunk = stsc.data.readUInt32BE(at + 4);
    const last = r + 1 < runs ? stsc.data.readUInt32BE(at + 12) - 1 : chunks;
    for (let c = first; c < last && i < count; c++) {
      let o = chunkOffset(c);
      for (let k = 0; k < perChunk && i < count; k++, i++) {
        offset[i] = o;
        o += size[i]!;
      }
    }
  }
  return { count, offset, size, duration, cto, key };
}

// ---- writing ---------------------------------------------------------------------------------

/** A run of samples of one source, in decoding order: [from, to). */
export interface SampleRange {
  from: number;
  to: number;
  /** Each sample's duration instead of its own (a still held for seconds). */
  duration?: number;
}

/** What the joined file takes from one source: a range of its picture and a range of its sound. */
export interface Piece {
  source: Mp4;
  video: SampleRange;
  audio: SampleRange;
  /** The sound from another file than the picture (the credits' silence). */
  audioSource?: Mp4;
}

export interface JoinChapter {
  /** Seconds on the joined clock. */
  start: number;
  title: string;
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};

function box(type: string, ...parts: Buffer[]): Buffer {
  const size = 8 + parts.reduce((s, p) => s + p.length, 0);
  return Buffer.concat([u32(size), Buffer.from(type, 'latin1'), ...parts], size);
}

const fullBox = (type: string, version: number, flags: number, ...parts: Buffer[]) => box(type, u32(((version & 0xff) << 24) | (flags & 0xffffff)), ...parts);

/** A table of (count, value) runs. */
function runs(values: ArrayLike<number>, n: number): Buffer {
  const out: number[] = [];
  for (let i = 0; i < n; ) {
    let k = i + 1;
    while (k < n && values[k] === values[i]) k++;
    out.push(k - i, values[i]!);
    i = k;
  }
  const b = Buffer.alloc(4 + out.length * 4);
  b.writeUInt32BE(out.length / 2, 0);
  for (const [j, v] of out.entries()) b.writeInt32BE(v | 0, 4 + j * 4);
  return b;
}

/** A copy of a box with one of its times (32 or 64 bits by its version) set. */
function withDuration(data: Buffer, v0At: number, v1At: number, value: number): Buffer {
  const out = Buffer.from(data);
  if (out[8] === 1) out.writeBigUInt64BE(BigInt(value), v1At);
  else out.writeUInt32BE(Math.min(value, 0xffffffff), v0At);
  return out;
}

interface OutTrack {
  track: Track;
  size: number[];
  duration: number[];
  cto: number[];
  key: boolean[];
  /** Chunks: where each starts in mdat and how many samples it has. */
  chunks: { at: number; count: number }[];
}

/**
 * Writes `output` from the pieces, in order: the picture and sound of each piece follow the
 * previous piece's, each sample keeping its bytes, its duration (unless the range sets one) and
 * its composition offset. Samples are laid out as in their sources (picture and sound
 * interleaved), the index first (+faststart). The pieces must share their tracks' setup.
 */
export async function joinMp4(output: string, pieces: Piece[], opts: { chapters: JoinChapter[]; title: string }): Promise<{ duration: number }> {
  if (!pieces.length) throw new Error('nothing to join');
  const first = pieces[0]!.source;
  for (const p of pieces) {
    const sound = p.audioSource ?? p.source;
    if (p.source.video.setup !== first.video.setup || sound.audio.setup !== first.audio.setup) throw new Error(`${path.basename(p.source.file)} was encoded differently: it cannot join by copy`);
  }
  const tracks = { video: outTrack(first.video), audio: outTrack(first.audio) };
  // The copies to make, in order: [file, offset, length], contiguous ones merged.
  const copies: { file: string; offset: number; length: number }[] = [];
  let mdat = 0;
  for (const piece of pieces) {
    const sourceOf = { video: piece.source, audio: piece.audioSource ?? piece.source };
    const picked = (['video', 'audio'] as const).flatMap((kind) => {
      const { from, to } = piece[kind];
      return Array.from({ length: Math.max(0, to - from) }, (_, k) => ({ kind, i: from + k, offset: sourceOf[kind][kind].samples.offset[from + k]! }));
    });
    // As laid out in the source; the sound after the picture when it comes from another file.
    const apart = sourceOf.audio !== sourceOf.video;
    const rank = (s: (typeof picked)[number]) => (apart && s.kind === 'audio' ? 1 : 0);
    picked.sort((a, b) => rank(a) - rank(b) || a.offset - b.offset);
    let last: (typeof picked)[number]['kind'] | undefined;
    for (const s of picked) {
      const source = sourceOf[s.kind];
      const samples = source[s.kind].samples;
      const out = tracks[s.kind];
      const size = samples.size[s.i]!;
      if (last !== s.kind) out.chunks.push({ at: mdat, count: 0 });
      out.chunks.at(-1)!.count++;
      last = s.kind;
      out.size.push(size);
      out.duration.push(piece[s.kind].duration ?? samples.duration[s.i]!);
      // On the first source's delay: a source with another (credits without B-frames) shifted to it.
      out.cto.push(samples.cto[s.i]! + (s.kind === 'video' ? out.track.mediaTime - source.video.mediaTime : 0));
      out.key.push(samples.key[s.i] === 1);
      const copy = copies.at(-1);
      if (copy && copy.file === source.file && copy.offset + copy.length === s.offset) copy.length += size;
      else copies.push({ file: source.file, offset: s.offset, length: size });
      mdat += size;
    }
    // A piece's chunks never run on into the next piece's.
    last = undefined;
  }

  const seconds = (t: OutTrack) => t.duration.reduce((a, b) => a + b, 0) / t.track.timescale;
  const duration = seconds(tracks.video);
  const mvhdScale = first.mvhd.readUInt32BE(first.mvhd[8] === 1 ? 28 : 20);
  const mdatHeader = mdat + 16 > 0xffffffff ? 16 : 8;
  const large = first.ftyp.length + mdat + 16 + 64 * 1024 * 1024 > 0xffffffff;
  const build = (base: number) => {
    const traks = [trak(tracks.video, 1, base, mvhdScale, large), trak(tracks.audio, 2, base, mvhdScale, large)];
    const movie = Math.round(Math.max(seconds(tracks.video), seconds(tracks.audio)) * mvhdScale);
    const mvhd = withDuration(first.mvhd, 24, 32, movie);
    // The next track id, after the two.
    mvhd.writeUInt32BE(3, mvhd.length - 4);
    return box('moov', mvhd, ...traks, udta(opts.chapters, opts.title));
  };
  // The index's size does not depend on the offsets in it: built once to measure, once for real.
  const moovSize = build(0).length;
  const moov = build(first.ftyp.length + moovSize + mdatHeader);
  const head = mdatHeader === 16 ? Buffer.concat([u32(1), Buffer.from('mdat'), u64(mdat + 16)]) : Buffer.concat([u32(mdat + 8), Buffer.from('mdat')]);

  const out = await fs.open(output, 'w');
  try {
    await out.write(Buffer.concat([first.ftyp, moov, head]));
    const sources = new Map<string, fs.FileHandle>();
    try {
      const buffer = Buffer.alloc(8 * 1024 * 1024);
      for (const copy of copies) {
        let fh = sources.get(copy.file);
        if (!fh) sources.set(copy.file, (fh = await fs.open(copy.file, 'r')));
        for (let done = 0; done < copy.length; ) {
          const n = Math.min(buffer.length, copy.length - done);
          const { bytesRead } = await fh.read(buffer, 0, n, copy.offset + done);
          if (bytesRead !== n) throw new Error(`${path.basename(copy.file)} is shorter than its index says`);
          await out.write(buffer, 0, n);
          done += n;
        }
      }
    } finally {
      await Promise.all([...sources.values()].map((fh) => fh.close()));
    }
  } finally {
    await out.close();
  }
  return { duration };
}

const outTrack = (track: Track): OutTrack => ({ track, size: [], duration: [], cto: [], key: [], chunks: [] });

function trak(t: OutTrack, id: number, base: number, movieScale: number, large: boolean): Buffer {
  const { track } = t;
  const n = t.size.length;
  const mediaDuration = t.duration.reduce((a, b) => a + b, 0);
  const movieDuration = Math.round((mediaDuration / track.timescale) * movieScale);
  const tkhd = withDuration(track.boxes.tkhd, 28, 36, movieDuration);
  tkhd.writeUInt32BE(id, tkhd[8] === 1 ? 28 : 20);
  const mdhd = withDuration(track.boxes.mdhd, 24, 32, mediaDuration);
  // The picture starts after its B-frame delay, as in its sources; the sound at its first sample (its priming left out).
  const edts = track.mediaTime > 0 && track.kind === 'video' ? box('edts', fullBox('elst', 0, 0, u32(1), u32(movieDuration), u32(track.mediaTime), u32(0x00010000))) : Buffer.alloc(0);
  const stsc: number[] = [];
  for (const [c, chunk] of t.chunks.entries()) if (c === 0 || t.chunks[c - 1]!.count !== chunk.count) stsc.push(c + 1, chunk.count, 1);
  const stscBox = Buffer.alloc(4 + stsc.length * 4);
  stscBox.writeUInt32BE(stsc.length / 3, 0);
  for (const [j, v] of stsc.entries()) stscBox.writeUInt32BE(v, 4 + j * 4);
  const sizes = Buffer.alloc(8 + n * 4);
  sizes.writeUInt32BE(n, 4);
  for (let i = 0; i < n; i++) sizes.writeUInt32BE(t.size[i]!, 8 + i * 4);
  const offsets = Buffer.alloc(4 + t.chunks.length * (large ? 8 : 4));
  offsets.writeUInt32BE(t.chunks.length, 0);
  for (const [c, chunk] of t.chunks.entries()) {
    if (large) offsets.writeBigUInt64BE(BigInt(base + chunk.at), 4 + c * 8);
    else offsets.writeUInt32BE(base + chunk.at, 4 + c * 4);
  }
  const keys = t.key.flatMap((k, i) => (k ? [i + 1] : []));
  const tables = [
    track.boxes.stsd,
    fullBox('stts', 0, 0, runs(t.duration, n)),
    ...(t.cto.some((c) => c !== 0) ? [fullBox('ctts', t.cto.some((c) => c < 0) ? 1 : 0, 0, runs(t.cto, n))] : []),
    ...(keys.length < n ? [fullBox('stss', 0, 0, u32(keys.length), ...keys.map(u32))] : []),
    fullBox('stsc', 0, 0, stscBox),
    fullBox('stsz', 0, 0, sizes),
    fullBox(large ? 'co64' : 'stco', 0, 0, offsets),
    // The sound's roll group (AAC's pre-roll), for every sample as in the sources.
    ...(track.boxes.sgpd ? [track.boxes.sgpd, fullBox('sbgp', 0, 0, track.boxes.sgpd.subarray(12, 16), u32(1), u32(n), u32(1))] : []),
  ];
  const minf = box('minf', track.boxes.mhd, track.boxes.dinf, box('stbl', ...tables));
  return box('trak', tkhd, edts, box('mdia', mdhd, track.boxes.hdlr, minf));
}

/** Nero chapters (`chpl`, which ffmpeg, VLC and mp4v2 read) and the title (iTunes-style `©nam`). */
function udta(chapters: JoinChapter[], title: string): Buffer {
  const text = (s: string) => {
    // At most 255 bytes, cut between characters.
    let bytes = Buffer.from(s, 'utf8');
    for (let chars = Array.from(s); bytes.length > 255; chars = chars.slice(0, -1)) bytes = Buffer.from(chars.slice(0, -1).join(''), 'utf8');
    return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  };
  const list = chapters.slice(0, 255);
  const chpl = fullBox('chpl', 1, 0, u32(0), Buffer.from([list.length]), ...list.flatMap((c) => [u64(Math.round(c.start * 1e7)), text(c.title)]));
  const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from('mdirappl', 'latin1'), Buffer.alloc(9));
  const nam = box('\u00a9nam', fullBox('data', 0, 1, u32(0), Buffer.from(title, 'utf8')));
  return box('udta', chpl, fullBox('meta', 0, 0, hdlr, box('ilst', nam)));
}
