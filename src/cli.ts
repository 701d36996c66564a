import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import dotenv from 'dotenv';
import { createApp } from './app.js';
import { checkDemoOptions, DEMO_SERIES, parseSuggestion, runDemo, VOTE_MODES, type DemoOptions, type DemoSuggestion, type VoteMode } from './demo.js';
import { TONES, type Tone } from './core/series.js';
import { renderOne } from './render-one.js';
import { ConfigError, describeDatabase, loadConfig, type Config } from './config.js';
import { migrateToLatest, openDb } from './db/connect.js';
import { createLogger } from './log.js';
import { Metrics } from './metrics.js';
import type { Logger } from './core/ports.js';
import type { Platform } from './db/schema.js';
import type { JobBackend } from './queue/types.js';
import type { ChatAdapter, ChatPlatform } from './adapters/chat-adapter.js';
import { DiscordPlatform, deployCommands } from './adapters/discord/adapter.js';
import { TelegramPlatform } from './adapters/telegram/adapter.js';
import { WebPublisher } from './adapters/web/publisher.js';
import { serveHealth, type PlatformHealth } from './adapters/web/health.js';
import { Connection } from './adapters/connection.js';
import { Studio } from './adapters/web/studio.js';
import { checkFfmpeg, resolveBinaries } from './render/ffmpeg.js';

/** `tailtwist start | migrate`: the entry point of every process. */

function configOrExit(): Config {
  dotenv.config({ quiet: true });
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`TailTwist can't start: ${err.message}\n(See .env.example for every setting.)\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function migrate(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.logLevel);
  const handle = openDb(config.database);
  try {
    const result = await migrateToLatest(handle);
    const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
    log.info({ database: describeDatabase(config.database), applied }, applied.length ? 'migrations applied' : 'database is up to date');
  } finally {
    await handle.close();
  }
}

/** The chat platforms the config names: the one place that knows which platforms exist. */
function chatPlatforms(config: Config, log: Logger): ChatPlatform[] {
  // Episodes too large to post link to the studio, when it has a public address.
  const opts = config.web.publicUrl ? { studioUrl: config.web.publicUrl } : {};
  const platforms: ChatPlatform[] = [];
  if (config.telegram) platforms.push(new TelegramPlatform(config.telegram, log, opts));
  if (config.discord) platforms.push(new DiscordPlatform(config.discord, log, opts));
  return platforms;
}

/** What a process runs: `start` runs all three; `bot` and `worker` split them across processes. */
interface Roles {
  scheduler: boolean;
  worker: boolean;
  adapters: boolean;
}

async function runProcess(roles: Roles, overrides: { concurrency?: number } = {}): Promise<void> {
  const base = configOrExit();
  const config = overrides.concurrency ? { ...base, queue: { ...base.queue, concurrency: overrides.concurrency } } : base;
  const log = createLogger(config.logLevel);
  if (roles.worker) {
    const ffmpeg = await checkFfmpeg(resolveBinaries({ ffmpegPath: config.render.ffmpegPath, ffprobePath: config.render.ffprobePath }));
    log.info({ ffmpeg: ffmpeg.version }, 'ffmpeg is ready');
  }
  const handle = openDb(config.database);
  await migrateToLatest(handle);
  // Publishers need only the platforms' REST APIs, so a worker posts what it rendered itself.
  const platforms = chatPlatforms(config, log);
  let queue: JobBackend | undefined;
  const metrics = new Metrics(
    () => handle.db,
    () => queue,
  );
  // The studio's deliveries are records in the database: any process may make them.
  const app = createApp({ config, db: handle, log, telemetry: metrics, publishers: [...platforms.map((p) => p.publisher), new WebPublisher()] });
  queue = app.queue;
  // The story loop never waits on a platform: each adapter connects in the background.
  const adapters = roles.adapters ? platforms.map((p) => p.adapter(app)) : [];
  const links = adapters.map((adapter) => ({ adapter, connection: new Connection(adapter.label, adapter, log) }));
  const health = () => platformHealth(links, app.engine.loop.platformHealth());
  const adapterOn = (platform: Platform) => adapters.find((a) => a.platform === platform);
  const studio = roles.adapters
    ? new Studio(config.web, config.render.mediaDir, log, health, metrics, {
        // The Telegram Login Widget names the bot, which is known once it has connected.
        telegramBot: () => adapterOn('telegram')?.botName(),
        moderates: (userId, place, role) => adapterOn(place.platform)?.moderates(userId, place, role) ?? Promise.resolve(false),
      })
    : undefined;
  // Without the studio, the process still answers /healthz and /metrics on its port.
  const healthServer = studio ? undefined : await serveHealth(config.web, () => app.engine.ping(), metrics, log, health);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceSeconds: config.shutdownGraceMs / 1000 }, 'stopping: finishing the current steps');
    // Whatever a platform or a step does, the process is gone soon after the grace (adapters stop
    // within 5 s, abandoned steps put their jobs back at once, pg-boss within 5 s more).
    setTimeout(() => {
      log.error({}, 'stopping took too long; exiting anyway (unfinished steps are retried)');
      process.exit(1);
    }, config.shutdownGraceMs + 15_000).unref();
    // The loop stops beside the adapters, so the grace is the steps' own.
    await Promise.all([...links.map((l) => l.connection.stop()), studio?.stop(), healthServer?.stop(), app.stop(config.shutdownGraceMs)]);
    await handle.close();
    log.info({}, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  studio?.attach(app);
  await studio?.start();
  if (roles.scheduler) app.scheduler.start();
  if (roles.worker) app.worker.start();
  for (const { connection } of links) connection.begin();
  const running = [roles.scheduler && 'scheduler', roles.worker && 'worker', ...adapters.map((a) => a.platform), studio && 'studio'].filter(Boolean);
  log.info(
    { database: describeDatabase(config.database), dataDir: config.dataDir, running, ...(roles.worker ? { concurrency: config.queue.concurrency } : {}) },
    `TailTwist is running: ${running.join(', ')}`,
  );
  if (roles.adapters && !platforms.length)
    log.info({}, 'No chat platform is configured yet: open the studio to start a series, or set tokens in .env to connect Discord or Telegram (see .env.example).');
  if (!roles.worker) log.info({}, 'This process renders nothing: run `tailtwist worker` against the same database for the writer and renderer.');
}

/** Each platform as the studio and /healthz show it: its connection, and whether its deliveries get through. */
function platformHealth(links: { adapter: ChatAdapter; connection: Connection }[], deliveries: { platform: string; reachable: boolean; reason?: string; retryAt?: number }[]): PlatformHealth[] {
  const shown = new Map<string, PlatformHealth>();
  for (const { adapter, connection } of links) {
    const s = connection.status();
    shown.set(adapter.platform, { platform: adapter.label, state: s.state, ...(s.reason ? { reason: s.reason } : {}), ...(s.retryAt ? { retryAt: s.retryAt } : {}) });
  }
  for (const d of deliveries) {
    if (d.reachable || d.platform === 'web') continue;
    const label = d.platform.charAt(0).toUpperCase() + d.platform.slice(1);
    const known = shown.get(d.platform);
    // A platform whose connection is down already says so; otherwise the deliveries tell.
    if (!known || known.state === 'connected')
      shown.set(d.platform, { platform: label, state: 'unreachable', ...(d.reason ? { reason: d.reason } : {}), ...(d.retryAt ? { retryAt: d.retryAt } : {}) });
  }
  return [...shown.values()];
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number from 1');
  return n;
}

const program = new Command().name('tailtwist').description('A chat bot with which a community co-writes a serial AI animal micro-drama.').showHelpAfterError();

program
  .command('start')
  .description('Run everything in one process: migrations, the story loop (scheduler and worker) and the configured chat adapters')
  .action(() => runProcess({ scheduler: true, worker: true, adapters: true }));

program
  .command('bot')
  .description('Run the chat adapters and the scheduler only; `tailtwist worker` processes do the writing, rendering and posting')
  .action(() => runProcess({ scheduler: true, worker: false, adapters: true }));

program
  .command('worker')
  .description('Run writer, render and posting jobs only (as many processes as you like against the same database)')
  .option('-c, --concurrency <n>', 'jobs this process runs at once (default WORKER_CONCURRENCY)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('a whole number from 1 to 64');
    return n;
  })
  .action((opts: { concurrency?: number }) => runProcess({ scheduler: false, worker: true, adapters: false }, opts));

program
  .command('deploy-commands')
  .description('Register the slash commands with Discord: globally, or in one server at once with --guild')
  .option('-g, --guild <id>', 'a server (guild) id: its commands update immediately')
  .action(async (opts: { guild?: string }) => {
    const config = configOrExit();
    if (!config.discord) throw new Error('set DISCORD_TOKEN and DISCORD_APPLICATION_ID first (see .env.example)');
    if (opts.guild !== undefined && !/^\d{15,22}$/.test(opts.guild)) throw new Error('--guild must be a numeric server id');
    const count = await deployCommands(config.discord, opts.guild);
    process.stdout.write(`Registered ${count} slash commands ${opts.guild ? `in server ${opts.guild}` : 'globally (Discord may take up to an hour to show them everywhere)'}.\n`);
  });

program.command('migrate').description('Bring the database schema up to date, then exit').action(migrate);

program
  .command('render')
  .description('Render one episode: an episode id from the database, or a script.json file')
  .argument('<episode>', 'an episode id (ep_…) or the path of a script JSON file')
  .option('-o, --output <file>', 'where to write the MP4', 'episode.mp4')
  .action(async (what: string, opts: { output: string }) => {
    const config = configOrExit();
    const log = createLogger(config.logLevel);
    const result = await renderOne(config, log, what, path.resolve(opts.output));
    process.stdout.write(`${result.output} (${(result.durationMs / 1000).toFixed(1)} s, ${(result.sizeBytes / 1048576).toFixed(1)} MiB)\n`);
  });

program
  .command('export')
  .description("Export a series for short-video apps: an episode's post kit (MP4, covers, subtitles, caption) or a season cut (one video with chapters and credits)")
  .argument('<series>', 'the series name (or title)')
  .option('-e, --episode <n>', 'the episode whose post kit to make (default: the latest with a video)', wholeNumber)
  .option('--season', 'join the episodes into one video (all, or --from/--to)')
  .option('--from <n>', 'the season cut starts at this episode', wholeNumber)
  .option('--to <n>', 'the season cut ends at this episode', wholeNumber)
  .option('-o, --out <dir>', 'where the files go', './export')
  .option('--zip', 'one zip instead of a folder')
  .option('--soft-subs', 'also make the episode without burnt-in captions, the subtitles as a track (a render: slow); without it the kit has that variant only when it was made before')
  .action(async (series: string, opts: { episode?: number; season?: boolean; from?: number; to?: number; out: string; zip?: boolean; softSubs?: boolean }) => {
    if (opts.episode !== undefined && opts.season) throw new Error('--episode and --season: one or the other');
    if (opts.softSubs && opts.season) throw new Error('--soft-subs goes with a post kit, not --season');
    if ((opts.from !== undefined || opts.to !== undefined) && !opts.season) throw new Error('--from and --to go with --season');
    const config = configOrExit();
    const { runExport } = await import('./export/command.js');
    const files = await runExport(config, createLogger(config.logLevel), { series, ...opts, out: path.resolve(opts.out) });
    process.stdout.write(`${files.join('\n')}\n`);
  });

program
  .command('demo')
  .description('Run a whole series offline with simulated votes: print every script and render every episode into ./out (scripts only with --no-video)')
  .option('-e, --episodes <n>', 'how many episodes', '3')
  .option('-s, --seed <n>', 'the seed: the same seed gives the same series', '1')
  .option('-o, --out <dir>', 'where the videos go', './out')
  .option('--title <text>', `the series title (default "${DEMO_SERIES.title}")`)
  .option('--premise <text>', 'what the drama is about (default: a Shiba Inu wakes up in a hospital bed…)')
  .option('--cast <list>', `the characters, e.g. "Pip: hamster, Rex: German Shepherd, Coco: parrot" (default "${DEMO_SERIES.cast}")`)
  .addOption(new Option('--tone <tone>', 'the tone').choices(TONES))
  .option(
    '--suggest <N:twist>',
    'after episode N a viewer suggests this twist, a moderator approves it and it wins the ballot (repeatable)',
    (value: string, previous: DemoSuggestion[] | undefined) => {
      try {
        return [...(previous ?? []), parseSuggestion(value)];
      } catch (err) {
        // Commander names the option and the value already.
        const reason = (err instanceof Error ? err.message : String(err)).replace(/^--suggest "[^"]*": /, '');
        throw new InvalidArgumentError(`${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`);
      }
    },
  )
  .addOption(new Option('--votes <mode>', 'which writer twist wins when no suggestion is due: first, last, random, or a seeded crowd').choices(VOTE_MODES).default('crowd'))
  .option('--no-video', 'scripts only: render nothing (a 20-episode series takes seconds)')
  .option('--json <file>', 'write every episode (script, ballot, winner, story state) and the series bible as JSON')
  .action(
    async (opts: {
      episodes: string;
      seed: string;
      out: string;
      title?: string;
      premise?: string;
      cast?: string;
      tone?: Tone;
      suggest?: DemoSuggestion[];
      votes: VoteMode;
      video: boolean;
      json?: string;
    }) => {
      const episodes = Number(opts.episodes);
      const seed = Number(opts.seed);
      if (!Number.isInteger(episodes) || episodes < 1 || episodes > 500) throw new Error('--episodes must be a whole number from 1 to 500');
      if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number');
      const demo: DemoOptions = {
        episodes,
        seed,
        outDir: path.resolve(opts.out),
        print: (text) => process.stdout.write(`${text}\n`),
        ...(opts.title !== undefined ? { title: opts.title } : {}),
        ...(opts.premise !== undefined ? { premise: opts.premise } : {}),
        ...(opts.cast !== undefined ? { cast: opts.cast } : {}),
        ...(opts.tone !== undefined ? { tone: opts.tone } : {}),
        suggestions: opts.suggest ?? [],
        votes: opts.votes,
        noVideo: !opts.video,
      };
      // Checked before anything runs (the JSON file's folder too), so a mistake costs no render.
      checkDemoOptions(demo);
      const json = opts.json === undefined ? undefined : path.resolve(opts.json);
      if (json && !fs.existsSync(path.dirname(json))) throw new Error(`--json: the folder ${path.dirname(json)} does not exist`);
      // Rendering settings (resolution, ffmpeg, narrator) come from the environment as usual.
      const result = await runDemo(demo, configOrExit());
      if (json) {
        fs.writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
        process.stdout.write(`\n{} ${json}: ${result.episodes.length} episodes as JSON\n`);
      }
    },
  );

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`TailTwist stopped: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
