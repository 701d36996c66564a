import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../config.js';
import type { MediaStore } from '../core/ports.js';

const TYPES: Record<string, string> = { '.mp4': 'video/mp4', '.png': 'image/png', '.jpg': 'image/jpeg' };

export interface MediaObject {
  /** Undefined when the range asked for lies outside the object (HTTP 416). */
  body: Readable | undefined;
  size: number;
  contentType: string;
  /** Set for a range: the bytes served. */
  range?: { start: number; end: number };
}

/**
 * Finished videos in an S3-compatible bucket, shared by every machine: workers keep what they
 * render there, the studio streams from it (with ranges), and a worker that posts an episode
 * rendered elsewhere fetches it once into its cache.
 */
export class S3MediaStore implements MediaStore {
  private readonly client: S3Client;

  constructor(
    private readonly settings: S3Settings,
    private readonly cacheDir: string,
  ) {
    this.client = new S3Client({
      region: settings.region,
      // Checksums only where S3 requires them: the SDK's default (streamed, trailing checksums)
      // is not understood by many S3-compatible servers, which then store the framing too.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
      // A bucket that does not answer fails the step in bounded time (which the queue retries):
      // connecting within 5 s, no 60 s without a byte, three tries in all.
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
      maxAttempts: 3,
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
    });
  }

  /** Lets go of pooled connections (on shutdown). */
  close(): void {
    this.client.destroy();
  }

  async keep(localFile: string, key: string): Promise<string> {
    const objectKey = `${this.settings.prefix}${key}`;
    const { size } = await fsp.stat(localFile);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: objectKey,
        Body: fs.createReadStream(localFile),
        ContentLength: size,
        ContentType: TYPES[path.extname(localFile)] ?? 'application/octet-stream',
      }),
    );
    return `s3://${this.settings.bucket}/${objectKey}`;
  }

  async localFile(ref: string): Promise<string> {
    const key = this.keyOf(ref);
    if (key === undefined) return ref; // a file from before the bucket was configured
    const file = path.join(this.cacheDir, 's3', ...key.split('/').filter((p) => p && p !== '..'));
    if (await fsp.stat(file).catch(() => undefined)) return file;
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
    const tmp = `${file}.${process.pid}.tmp`;
    await pipeline(res.Body as Readable, fs.createWriteStream(tmp));
    await fsp.rename(tmp, file);
    return file;
  }

  /** Streams an object, or one byte range of it, for the studio's player. */
  async open(ref: string, range?: { start: number; end?: number }): Promise<MediaObject | undefined> {
    const key = this.keyOf(ref);
    if (key === undefined) return undefined;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      const size = Number(head.ContentLength ?? 0);
      const contentType = head.ContentType ?? TYPES[path.extname(key)] ?? 'application/octet-stream';
      if (range && (range.start >= size || (range.end !== undefined && range.end < range.start))) return { body: undefined, size, contentType };
      const end = range ? Math.min(size - 1, range.end ?? size - 1) : size - 1;
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${end}` } : {}) }));
      return { body: res.Body as Readable, size, contentType, ...(range ? { range: { start: range.start, end } } : {}) };
    } catch (err) {
      if ((err as { name?: string }).name === 'NotFound' || (err as { name?: string }).name === 'NoSuchKey') return undefined;
      throw err;
    }
  }

  /** The object key of a reference in this bucket; undefined for a local path. */
  private keyOf(ref: string): string | undefined {
    const prefix = `s3://${this.settings.bucket}/`;
    return ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
  }
}
