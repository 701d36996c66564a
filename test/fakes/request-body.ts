import { createHash } from 'node:crypto';
import type http from 'node:http';
import busboy from 'busboy';

/** A file part of a multipart request, as the fakes record it: never kept, only measured. */
export interface FilePart {
  field: string;
  filename: string;
  size: number;
  sha256: string;
}

/** A request body as the platform fakes see it: multipart parsed for real, anything else as text. */
export type RequestBody = { kind: 'multipart'; fields: Record<string, string>; files: FilePart[] } | { kind: 'text'; type: string; text: string };

export async function readRequestBody(req: http.IncomingMessage): Promise<RequestBody> {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    return new Promise((resolve, reject) => {
      const fields: Record<string, string> = {};
      const files: FilePart[] = [];
      const pending: Promise<void>[] = [];
      const bb = busboy({ headers: req.headers, limits: { fileSize: 2000 * 1024 * 1024 } });
      bb.on('field', (name, value) => {
        fields[name] = value;
      });
      bb.on('file', (field, stream, info) => {
        const hash = createHash('sha256');
        let size = 0;
        pending.push(
          new Promise<void>((done, fail) => {
            stream.on('data', (chunk: Buffer) => {
              size += chunk.length;
              hash.update(chunk);
            });
            stream.on('end', () => {
              files.push({ field, filename: info.filename ?? '', size, sha256: hash.digest('hex') });
              done();
            });
            stream.on('error', fail);
          }),
        );
      });
      bb.on('close', () => void Promise.all(pending).then(() => resolve({ kind: 'multipart', fields, files }), reject));
      bb.on('error', reject);
      req.pipe(bb);
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return { kind: 'text', type, text: Buffer.concat(chunks).toString('utf8') };
}
