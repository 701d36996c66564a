import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { WebPublisher } from '../../src/adapters/web/publisher.js';
import { Studio } from '../../src/adapters/web/studio.js';
import { silentLogger } from '../../src/log.js';
import { makeHarness, moderator, testConfig, type Harness } from '../helpers/harness.js';

/** Each entry of a zip and its bytes. */
function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('the studio post kit download', () => {
  let h: Harness;
  let studio: Studio;
  let url: string;

  beforeAll(async () => {
    const env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-studio-export-')), WEB_PORT: '0', WEB_PUBLIC_URL: 'https://tails.example' };
    h = await makeHarness('sqlite', { publishers: [new WebPublisher()] }, env);
    studio = new Studio(testConfig(env).web, testConfig(env).render.mediaDir, silentLogger);
    studio.attach(h.app);
    url = await studio.start();
    await h.say('/series new "Paws of Fate" A Shiba Inu wakes up in hospital.', moderator());
    await h.settle();
  }, 60_000);
  afterAll(async () => {
    await studio?.stop();
    await h?.close();
  });

  it("downloads an episode's kit as one zip: the video and the caption to paste, with the ballot and the series' link", async () => {
    const res = await fetch(`${url}/s/paws-of-fate/episodes/1/kit.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toContain('paws-of-fate-part-1.zip');
    const files = await unzip(Buffer.from(await res.arrayBuffer()));
    expect([...files.keys()]).toEqual(expect.arrayContaining(['paws-of-fate-part-1.mp4', 'paws-of-fate-part-1-caption.txt']));
    const caption = files.get('paws-of-fate-part-1-caption.txt')!.toString('utf8');
    expect(caption).toContain('Paws of Fate · Part 1');
    expect(caption).toContain('What happens next? You decide. Vote:');
    expect(caption).toMatch(/^A\) /m);
    expect(caption).toContain('https://tails.example/s/paws-of-fate');
    expect(caption).toContain('#PawsOfFate');
  });

  it('keeps the kit of an episode that is not out yet from anyone but moderators', async () => {
    await h.handle.db.updateTable('episodes').set({ status: 'rendered' }).where('number', '=', 1).execute();
    try {
      const res = await fetch(`${url}/s/paws-of-fate/episodes/1/kit.zip`);
      expect(res.status).not.toBe(200);
      expect([401, 403, 404]).toContain(res.status);
    } finally {
      await h.handle.db.updateTable('episodes').set({ status: 'published' }).where('number', '=', 1).execute();
    }
  });

  it('answers 404 for an episode that has no video', async () => {
    expect((await fetch(`${url}/s/paws-of-fate/episodes/99/kit.zip`)).status).toBe(404);
    expect((await fetch(`${url}/s/no-such-series/episodes/1/kit.zip`)).status).toBe(404);
  });
});
