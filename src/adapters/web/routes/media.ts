import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MediaStore } from '../../../core/ports.js';
import { langOf } from '../lang.js';
import { fail } from '../respond.js';
import type { StudioContext } from './context.js';

const MediaParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), kind: z.enum(['video', 'poster']) });

/**
 * A media store that streams what it keeps, whole or one byte range (the S3 store does): the
 * studio serves its `s3://` files from it rather than from this machine's media folder.
 */
interface StreamingMedia extends MediaStore {
  open(ref: string, range?: { start: number; end?: number }): Promise<StreamedObject | undefined>;
}

interface StreamedObject {
  /** Undefined when the range asked for lies outside the object. */
  body: Readable | undefined;
  size: number;
  contentType: string;
  /** Set for a range: the bytes served. */
  range?: { start: number; end: number };
}

function streams(media: MediaStore): media is StreamingMedia {
  return typeof (media as Partial<StreamingMedia>).open === 'function';
}

/** An episode's video and poster: from the media store's bucket, or from the media folder. */
export const mediaRoutes: FastifyPluginAsync<StudioContext> = async (s, { app, mediaDir }) => {
  s.get('/media/:id/:kind', async (req, reply) => {
    const { id, kind } = MediaParams.parse(req.params);
    // An episode's files, or a recap's ("the story so far", by its id).
    const episode = (await app.engine.media(id)) ?? (await app.engine.recaps.media(id));
    const file = kind === 'video' ? episode?.video : episode?.poster;
    if (file?.startsWith('s3://') && streams(app.media)) return fromStore(app.media, file, req, reply);
    const root = path.resolve(mediaDir);
    const full = file ? path.resolve(file) : '';
    // Only files under the media folder, whatever the database says.
    if (!file || !full.startsWith(root + path.sep)) return fail(req, reply, 404, langOf(req).t('errors.noVideo'));
    reply.header('cache-control', 'public, max-age=86400');
    return reply.sendFile(path.relative(root, full), root);
  });
};

/** Streams a video kept in the store, honouring a single byte range as players ask. */
async function fromStore(store: StreamingMedia, ref: string, req: FastifyRequest, reply: FastifyReply) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  const range = m && (m[1] || m[2]) ? (m[1] ? { start: Number(m[1]), ...(m[2] ? { end: Number(m[2]) } : {}) } : undefined) : undefined;
  const object = await store.open(ref, range);
  if (!object) return fail(req, reply, 404, langOf(req).t('errors.noVideo'));
  reply.header('accept-ranges', 'bytes').header('cache-control', 'public, max-age=86400').type(object.contentType);
  if (!object.body) return reply.code(416).header('content-range', `bytes */${object.size}`).send();
  if (object.range) {
    reply
      .code(206)
      .header('content-range', `bytes ${object.range.start}-${object.range.end}/${object.size}`)
      .header('content-length', object.range.end - object.range.start + 1);
  } else {
    reply.header('content-length', object.size);
  }
  return reply.send(object.body);
}
