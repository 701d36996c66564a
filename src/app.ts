import { commands as allCommands } from '../commands/index.js';
import type { Config } from './config.js';
import { systemClock, systemRandom, type Clock, type Random } from './core/clock.js';
import { parseCommandText } from './core/command-text.js';
import { runCommand, type CommandDef, type Invocation, type Reply } from './core/commands.js';
import type { Actor, CoreContext } from './core/context.js';
import { Engine } from './core/engine.js';
import { isUserError } from './core/errors.js';
import { createIdGenerator } from './core/ids.js';
import { localMedia, noTelemetry, type Logger, type MediaStore, type Place, type Publisher, type Renderer, type Screener, type Telemetry, type Writer } from './core/ports.js';
import { Lease } from './core/lease.js';
import { Scheduler } from './core/scheduler.js';
import type { DbHandle } from './db/connect.js';
import type { Platform } from './db/schema.js';
import { DbJobQueue } from './queue/db-queue.js';
import { PgBossQueue } from './queue/pgboss-queue.js';
import type { JobBackend, JobRunner } from './queue/types.js';
import { ownerName } from './core/owners.js';
import { Worker } from './queue/worker.js';
import { resolveBinaries } from './render/ffmpeg.js';
import { S3MediaStore } from './media/s3.js';
import { createScreener, createWriter, openAiClient } from './writer/index.js';
import { StoryRecapWriter } from './writer/recap.js';
import { lazyExporter } from './export/lazy.js';

export interface AppDeps {
  config: Config;
  db: DbHandle;
  log: Logger;
  clock?: Clock;
  random?: Random;
  writer?: Writer;
  screener?: Screener;
  renderer?: Renderer;
  publishers?: Publisher[];
  /** Identifies this process's leases in the jobs table. */
  workerName?: string;
  /** Where the core reports votes and stage timings (metrics); nowhere by default. */
  telemetry?: Telemetry;
  /** Where finished videos are kept; from the config (a bucket, or the local folder) by default. */
  media?: MediaStore;
}

export interface App {
  engine: Engine;
  queue: JobBackend;
  worker: JobRunner;
  scheduler: Scheduler;
  commands: readonly CommandDef[];
  media: MediaStore;
  /** Runs a chat command as an adapter would. */
  command(invocation: Invocation, actor: Actor, place: Place, opts?: { isPrivate?: boolean; locale?: string | undefined }): Promise<Reply>;
  /** Runs a command typed as text (`/vote B`), as text platforms do. */
  commandText(text: string, actor: Actor, place: Place, opts?: { isPrivate?: boolean; locale?: string | undefined }): Promise<Reply>;
  /** A named lease in the database held by this process (e.g. the one Telegram long-poller per bot token). */
  lease(name: string, ttlMs: number): Lease;
  /** One turn of the loop: close what is due, then run every job that is due. For tests and demos. */
  tick(): Promise<{ closed: number; jobs: number }>;
  start(): void;
  /** Stops the loop; a step still running after `graceMs` is abandoned and retried by whoever runs next. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The video renderer, loaded on its first episode: a process that never renders (`tailtwist bot`
 * with separate workers) never loads the canvas, the synthesiser and the voices (about 50 MB).
 */
export function createRenderer(config: Config, log: Logger): Renderer {
  const r = config.render;
  let loaded: Promise<Renderer> | undefined;
  const load = async (): Promise<Renderer> => {
    const { VideoRenderer } = await import('./render/renderer.js');
    return new VideoRenderer({
      bins: resolveBinaries({ ffmpegPath: r.ffmpegPath, ffprobePath: r.ffprobePath }),
      width: r.width,
      height: r.height,
      fps: r.fps,
      mediaDir: r.mediaDir,
      cacheDir: r.cacheDir,
      narrator: r.narrator,
      ...(r.openaiTtsModel && config.openai ? { openaiTts: { client: openAiClient(config.openai), model: r.openaiTtsModel } } : {}),
      ...(r.openaiImageModel && config.openai ? { openaiImages: { client: openAiClient(config.openai), model: r.openaiImageModel } } : {}),
      log,
    });
  };
  return { render: async (request) => (await (loaded ??= load())).render(request) };
}

/** One app object wires everything; tests build it with an in-memory db, a fake clock and a seeded random. */
export function createApp(deps: AppDeps): App {
  const { config, log } = deps;
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? systemRandom;
  const ids = createIdGenerator(clock, random);
  const target = deps.db.target;
  const boss =
    config.queue.kind === 'pg-boss' && target.kind === 'postgres'
      ? new PgBossQueue(
          deps.db.db,
          // Next to our tables: a schema of its own, per database schema.
          { connectionString: target.url, schema: target.schema ? `${target.schema}_pgboss` : 'pgboss' },
          { ...config.queue, pollSeconds: Math.max(0.5, Math.min(2, config.schedulerIntervalMs / 1000)) },
          log,
        )
      : undefined;
  const queue: JobBackend = boss ?? new DbJobQueue(deps.db.db, deps.db.dialect, clock, random, ids, config.queue);
  const ctx: CoreContext = {
    db: deps.db.db,
    dialect: deps.db.dialect,
    queue,
    clock,
    random,
    ids,
    log,
    screener: deps.screener ?? createScreener(config, log),
    settings: { defaultVoteWindowMs: config.defaults.voteWindowMs, defaultTieGraceMs: config.defaults.tieGraceMs },
    telemetry: deps.telemetry ?? noTelemetry,
  };
  const publishers = new Map<Platform, Publisher>((deps.publishers ?? []).map((p) => [p.platform, p]));
  const media = deps.media ?? (config.s3 ? new S3MediaStore(config.s3, config.render.cacheDir) : localMedia);
  const engine = new Engine(ctx, {
    writer: deps.writer ?? createWriter(config, log),
    renderer: deps.renderer ?? createRenderer(config, log),
    publishers,
    media,
    recapWriter: new StoryRecapWriter(),
    exporter: lazyExporter(config, media),
  });
  const owner = deps.workerName ?? ownerName(ids('wk'));
  const worker: JobRunner = boss
    ? boss.runner(engine.loop)
    : new Worker(queue as DbJobQueue, engine.loop, log, owner, {
        concurrency: config.queue.concurrency,
        pollMs: Math.min(1000, config.schedulerIntervalMs),
        heartbeatMs: Math.max(1000, Math.floor(config.queue.leaseMs / 3)),
      });
  // A lapsed lease (its holder died) passes to another process after a few missed ticks.
  const lease = new Lease(deps.db.db, clock, 'scheduler', owner, Math.max(10_000, config.schedulerIntervalMs * 5));
  const scheduler = new Scheduler(engine.ballots, log, config.schedulerIntervalMs, lease, engine.releases);

  const command: App['command'] = (invocation, actor, place, opts = {}) => runCommand(allCommands, invocation, { engine, actor, place }, { log, newRef: () => ids('ref').slice(-8), ...opts });

  return {
    engine,
    queue,
    worker,
    scheduler,
    commands: allCommands,
    media,
    command,
    lease: (name, ttlMs) => new Lease(deps.db.db, clock, name, owner, ttlMs),
    async commandText(text, actor, place, opts) {
      let invocation: Invocation;
      try {
        invocation = parseCommandText(allCommands, text);
      } catch (err) {
        if (isUserError(err)) return { text: err.localized(await engine.replyLocale(place, opts?.locale)), ephemeral: true };
        throw err;
      }
      return command(invocation, actor, place, opts);
    },
    async tick() {
      const closed = await scheduler.tick();
      const jobs = await worker.drain();
      return { closed, jobs };
    },
    start() {
      scheduler.start();
      worker.start();
    },
    async stop(graceMs) {
      await scheduler.stop();
      await worker.stop(graceMs);
      await boss?.stop();
      media.close?.();
    },
  };
}
