import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { ManualClock, seededRandom } from './core/clock.js';
import type { DeliveryIds, DeliveryRequest, Publisher, Renderer } from './core/ports.js';
import { migrateToLatest, openDb } from './db/connect.js';
import { silentLogger } from './log.js';
import { contactSheet } from './render/contact-sheet.js';
import { resolveBinaries } from './render/ffmpeg.js';
import { OfflineWriter } from './writer/offline/offline-writer.js';
import { formatScript } from './writer/format.js';
import type { Script } from './writer/script.js';

/** Collects what the loop publishes, as a chat channel would receive it. */
class DemoChannel implements Publisher {
  readonly platform = 'web' as const;
  readonly posts: DeliveryRequest[] = [];
  async deliver(request: DeliveryRequest): Promise<DeliveryIds> {
    this.posts.push(request);
    return { messageId: `demo-${this.posts.length}` };
  }
  async postResult(): Promise<void> {}
}

export interface DemoOptions {
  episodes: number;
  seed: number;
  print: (text: string) => void;
  /** Where each episode's video is copied (episode-1.mp4, …); the renderer's default without it. */
  outDir?: string;
  renderer?: Renderer;
}

/**
 * A whole series run offline, through the real engine and loop, on a throwaway database:
 * the offline writer, a seeded crowd voting on every ballot, and time that jumps to each close.
 */
export async function runDemo(opts: DemoOptions, base?: Config): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-demo-'));
  const fresh = loadConfig({ DATA_DIR: dir, DEFAULT_VOTE_WINDOW: '1h', LOG_LEVEL: 'silent' });
  // Rendering follows the caller's settings (resolution, ffmpeg, narrator, shared cache); the rest is throwaway.
  const config: Config = base ? { ...fresh, render: { ...base.render, mediaDir: fresh.render.mediaDir } } : fresh;
  const handle = openDb({ kind: 'sqlite', file: ':memory:' });
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const crowd = seededRandom(opts.seed ^ 0x5eed);
  const channel = new DemoChannel();
  try {
    await migrateToLatest(handle.db);
    const app = createApp({
      config,
      db: handle,
      log: silentLogger,
      clock,
      random: seededRandom(opts.seed),
      writer: new OfflineWriter(),
      publishers: [channel],
      ...(opts.renderer ? { renderer: opts.renderer } : {}),
    });
    const place = { platform: 'web' as const, chatId: 'demo' };
    const reply = await app.commandText(
      '/series new "Paws of Fate" A Shiba Inu wakes up in a hospital bed with no memory of the wedding, and everyone at the bedside is lying. ties=random cast="Mochi: Shiba Inu, Luna: black cat, Biscuit: golden retriever"',
      { id: 'web:demo-host', isModerator: true },
      place,
    );
    opts.print(`${reply.text}\n`);
    for (let n = 1; n <= opts.episodes; n++) {
      for (let i = 0; i < 20 && channel.posts.length < n; i++) {
        await app.tick();
        if (channel.posts.length >= n) break;
        // A step that failed is retried later, as in a real deployment: time jumps to the retry.
        const retry = await handle.db.selectFrom('jobs').select('run_at').where('status', '=', 'queued').orderBy('run_at').limit(1).executeTakeFirst();
        if (retry && retry.run_at > clock.now()) clock.set(retry.run_at);
      }
      const post = channel.posts[n - 1];
      if (!post) {
        // The database is thrown away with the demo: say here what went wrong.
        const episode = await handle.db.selectFrom('episodes').select(['status', 'failed_stage', 'error']).where('number', '=', n).executeTakeFirst();
        const why = episode?.error ? `: ${episode.failed_stage ? `${episode.failed_stage}: ` : ''}${episode.error.split('\n')[0]}` : episode ? ` (still ${episode.status})` : '';
        throw new Error(`episode ${n} did not come out${why}`);
      }
      const stored = await handle.db.selectFrom('episodes').select('script').where('id', '=', post.episode.id).executeTakeFirstOrThrow();
      opts.print(formatScript(JSON.parse(stored.script!) as Script, n));
      if (opts.outDir && post.episode.videoPath) {
        await fs.promises.mkdir(opts.outDir, { recursive: true });
        const target = path.join(opts.outDir, `episode-${n}${path.extname(post.episode.videoPath)}`);
        await fs.promises.copyFile(post.episode.videoPath, target);
        if (post.episode.posterPath) await fs.promises.copyFile(post.episode.posterPath, path.join(opts.outDir, `episode-${n}.png`));
        opts.print(`\n▶ ${target} (${Math.round((post.episode.durationMs ?? 0) / 1000)} s, ${((post.episode.sizeBytes ?? 0) / 1048576).toFixed(1)} MiB)`);
      }
      if (n === opts.episodes) break;
      // The crowd votes: each viewer leans toward one twist, some change their minds.
      const options = post.ballot.options.filter((o) => o.status === 'active');
      const voters = 5 + Math.floor(crowd() * 30);
      for (let v = 0; v < voters; v++) {
        const pick = options[Math.floor(crowd() ** 1.6 * options.length)]!;
        await app.commandText(`/vote ${pick.letter}`, { id: `web:viewer${v}`, isModerator: false }, place);
      }
      clock.advance(config.defaults.voteWindowMs);
      await app.tick();
      const ballot = await handle.db.selectFrom('ballots').selectAll().where('episode_id', '=', post.episode.id).executeTakeFirstOrThrow();
      const result = await app.engine.ballots.view(ballot);
      const lines = result.options.filter((o) => o.status === 'active').map((o) => `   ${o.letter}. ${o.label} — ${o.votes}${o.letter === result.winnerLetter ? '  ← wins' : ''}`);
      opts.print(['', 'The vote:', ...lines, ''].join('\n'));
    }
    await app.stop();
    const first = channel.posts[0]?.episode.videoPath;
    if (opts.outDir && first?.endsWith('.mp4')) {
      const sheet = path.join(opts.outDir, 'contact.png');
      await contactSheet(resolveBinaries({ ffmpegPath: config.render.ffmpegPath, ffprobePath: config.render.ffprobePath }), first, sheet, { every: 4, columns: 6, rows: 3 });
      opts.print(`\n▦ ${sheet}: frames of episode 1 every 4 s`);
    }
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
