import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterEach, describe, expect, it } from 'vitest';
import { WebPublisher } from '../../src/adapters/web/publisher.js';
import { Studio } from '../../src/adapters/web/studio.js';
import { createRenderer } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { makeHarness, moderator, testConfig, type Harness } from '../helpers/harness.js';
import { RecordingPublisher } from '../helpers/recording-publisher.js';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('videos kept in an S3-compatible bucket (s3rver)', () => {
  let h: Harness | undefined;
  let s3: S3rver | undefined;
  let studio: Studio | undefined;
  afterEach(async () => {
    await studio?.stop();
    await h?.close();
    await s3?.close();
  });

  it('keeps each rendered episode in the bucket, posts it from there, and streams it to the studio with ranges', async () => {
    const bucketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-s3rver-'));
    s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: bucketDir, configureBuckets: [{ name: 'tailtwist', configs: [] }] });
    const { port } = (await s3.run()) as unknown as { port: number };
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-s3-'));
    const env = {
      DATA_DIR: dataDir,
      NARRATOR: 'animalese',
      WEB_PORT: '0',
      MEDIA_URL: 's3://tailtwist/episodes',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const config = testConfig(env);
    const posts = new RecordingPublisher('discord');
    h = await makeHarness('sqlite', { renderer: createRenderer(config, silentLogger), publishers: [posts, new WebPublisher()] }, env);
    await h.say('/series new "Cloud Paws" A Shiba Inu wakes up in hospital with no memory. length=30', moderator());
    await h.settle();

    const episode = await h.handle.db.selectFrom('episodes').selectAll().executeTakeFirstOrThrow();
    expect(episode.status).toBe('published');
    expect(episode.video_path).toMatch(/^s3:\/\/tailtwist\/episodes\/.+\.mp4$/);
    expect(episode.poster_path).toMatch(/^s3:\/\/tailtwist\/episodes\/.+\.png$/);
    const client = new S3Client({ endpoint: env.S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const object = await client.send(new GetObjectCommand({ Bucket: 'tailtwist', Key: episode.video_path!.slice('s3://tailtwist/'.length) }));
    const stored = Buffer.from(await object.Body!.transformToByteArray());
    expect(stored.length).toBe(episode.size_bytes);

    // The publisher got a file on this machine, fetched from the bucket, byte for byte.
    const posted = posts.posts[0]!.episode.videoPath!;
    expect(posted.startsWith(path.join(dataDir, 'cache', 's3'))).toBe(true);
    expect(sha(fs.readFileSync(posted))).toBe(sha(stored));

    // The studio (on another machine, say: the local render output is gone) streams from the bucket.
    fs.rmSync(path.join(dataDir, 'media'), { recursive: true, force: true });
    studio = new Studio(config.web, config.render.mediaDir, silentLogger);
    studio.attach(h.app);
    const url = await studio.start();
    const part = await fetch(`${url}/media/${episode.id}/video`, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${stored.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(stored.subarray(100, 200))).toBe(true);
    const whole = await fetch(`${url}/media/${episode.id}/video`);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(sha(Buffer.from(await whole.arrayBuffer()))).toBe(sha(stored));
    expect((await fetch(`${url}/media/${episode.id}/video`, { headers: { range: `bytes=${stored.length + 10}-` } })).status).toBe(416);
    const poster = await fetch(`${url}/media/${episode.id}/poster`);
    expect(poster.headers.get('content-type')).toBe('image/png');
    expect((await poster.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    client.destroy();
  }, 120_000);
});
