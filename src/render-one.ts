import fs from 'node:fs/promises';
import { createRenderer } from './app.js';
import type { Config } from './config.js';
import type { Logger, RenderRequest } from './core/ports.js';
import { UserError } from './core/errors.js';
import { migrateToLatest, openDb } from './db/connect.js';
import { DEFAULT_UPLOAD_BYTES, renderRequestFor } from './core/loop.js';
import { ScriptSchema, describeIssues } from './writer/script.js';

/** `tailtwist render`: one episode to one MP4, from the database or from a script file. */
export async function renderOne(config: Config, log: Logger, what: string, output: string) {
  const request = what.endsWith('.json') ? await fromFile(what) : await fromDatabase(config, what);
  const rendered = await createRenderer(config, log).render(request);
  await fs.copyFile(rendered.videoPath, output);
  return { output, durationMs: rendered.durationMs, sizeBytes: rendered.sizeBytes };
}

async function fromFile(file: string): Promise<RenderRequest> {
  const raw = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  const parsed = ScriptSchema.safeParse(raw);
  if (!parsed.success) throw new UserError('invalid-input', `${file} is not an episode script: ${describeIssues(parsed.error)}`);
  const script = parsed.data;
  const names = [...new Set(script.scenes.flatMap((s) => s.characters.map((c) => c.name)))];
  return {
    episodeId: `file-${Date.now().toString(36)}`,
    seriesId: 'files',
    seriesTitle: script.title,
    language: 'en',
    number: script.previously ? 2 : 1,
    title: script.title,
    script,
    // A script file carries names only: species are guessed from them (a name like "Luna the cat" helps).
    cast: names.map((name) => ({ name, species: name, personality: '', voice: '', look: {} })),
    options: script.twists.map((t, i) => ({ letter: String.fromCharCode(65 + i), label: t.label })),
    maxBytes: DEFAULT_UPLOAD_BYTES,
  };
}

async function fromDatabase(config: Config, episodeId: string): Promise<RenderRequest> {
  const handle = openDb(config.database);
  try {
    await migrateToLatest(handle);
    const episode = await handle.db.selectFrom('episodes').select('script').where('id', '=', episodeId).executeTakeFirst();
    if (!episode?.script) throw new UserError('not-found', `No written episode ${episodeId} in ${config.dataDir}.`);
    return await renderRequestFor(handle.db, episodeId, DEFAULT_UPLOAD_BYTES);
  } finally {
    await handle.close();
  }
}
