import path from 'node:path';
import { z } from 'zod';
import { parseDuration } from './core/duration.js';
import type { DbTarget } from './db/connect.js';

/** The only place that reads the environment. Every variable is documented in .env.example. */

const duration = (example: string) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: `expected a duration such as ${example}` });
      return z.NEVER;
    }
    return ms;
  });

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `expected a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `expected a whole number from ${min} to ${max}`).max(max, `expected a whole number from ${min} to ${max}`));

const databaseUrl = z.string().regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'expected postgres://user@host:port/db or sqlite:path/to/file.db');

const EnvSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1, 'expected a folder path').default('./data'),
  DATABASE_URL: databaseUrl.optional(),
  DEFAULT_VOTE_WINDOW: duration('24h or 30m').prefault('24h'),
  DEFAULT_TIE_GRACE: duration('30m').prefault('30m'),
  SCHEDULER_INTERVAL: duration('1s').prefault('1s'),
  WORKER_CONCURRENCY: int(1, 64).prefault('1'),
  JOB_MAX_ATTEMPTS: int(1, 100).prefault('5'),
  JOB_RETRY_BASE: duration('10s').prefault('10s'),
  JOB_LEASE: duration('5m').prefault('5m'),
  SHUTDOWN_GRACE: duration('10s').prefault('10s'),
  QUEUE: z.enum(['auto', 'embedded', 'pg-boss']).default('auto'),
  WRITER: z.enum(['auto', 'offline', 'llm']).default('auto'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url({ message: 'expected a URL such as http://localhost:11434/v1' }).optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT: duration('60s').prefault('60s'),
  MODERATION: z.enum(['auto', 'openai', 'local']).default('auto'),
  RENDER_RESOLUTION: z.enum(['720p', '1080p']).default('720p'),
  RENDER_FPS: int(24, 30).prefault('24'),
  NARRATOR: z.enum(['auto', 'animalese']).default('auto'),
  TTS: z.enum(['auto', 'offline']).default('auto'),
  IMAGES: z.enum(['procedural', 'openai']).default('procedural'),
  OPENAI_IMAGE_MODEL: z.string().min(1).default('gpt-image-1'),
  OPENAI_TTS_MODEL: z.string().min(1).default('gpt-4o-mini-tts'),
  FFMPEG_PATH: z.string().min(1).optional(),
  FFPROBE_PATH: z.string().min(1).optional(),
  MEDIA_URL: z
    .string()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'expected s3://bucket or s3://bucket/prefix')
    .optional(),
  S3_ENDPOINT: z.url({ message: 'expected the URL of an S3-compatible server, e.g. http://localhost:9000' }).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  WEB_PORT: int(0, 65535).prefault('3000'),
  WEB_HOST: z.string().min(1).default('127.0.0.1'),
  WEB_ADMIN_TOKEN: z.string().min(12, 'expected at least 12 characters (it guards moderation)').optional(),
  WEB_PUBLIC_URL: z.url({ message: 'expected the URL people reach the studio at, e.g. https://drama.example.com' }).optional(),
  WEB_NEW_VISITORS_PER_HOUR: int(1, 100000).prefault('5'),
  WEB_SECRET: z.string().min(32, 'expected at least 32 random characters (it signs the studio cookies)').optional(),
  WEB_TRUSTED_PROXIES: z
    .string()
    .regex(/^\s*[0-9a-fA-F.:]+(\/\d{1,3})?(\s*,\s*[0-9a-fA-F.:]+(\/\d{1,3})?)*\s*$/, 'expected IP addresses or CIDR ranges separated by commas, e.g. 127.0.0.1,10.0.0.0/8')
    .optional(),
  DISCORD_TOKEN: z
    .string()
    .regex(/^[\w.-]{20,}$/, 'expected the bot token from the Discord developer portal')
    .optional(),
  DISCORD_APPLICATION_ID: z
    .string()
    .regex(/^\d{15,22}$/, 'expected the numeric application id from the Discord developer portal')
    .optional(),
  DISCORD_CLIENT_SECRET: z.string().min(16, 'expected the OAuth2 client secret from the Discord developer portal').optional(),
  DISCORD_API_BASE: z.url({ message: 'expected a URL such as http://localhost:8080/api' }).optional(),
  DISCORD_UPLOAD_LIMIT_MB: int(1, 500).optional(),
  DISCORD_SHARDS: z
    .string()
    .regex(/^(auto|[1-9]\d{0,3})$/, 'expected auto or a number of shards, e.g. 4')
    .optional(),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, 'expected a bot token from @BotFather, like 123456:ABC-DEF…')
    .optional(),
  TELEGRAM_API_ROOT: z.url({ message: 'expected the URL of a Bot API server, e.g. http://localhost:8081' }).optional(),
  TELEGRAM_UPLOAD_LIMIT_MB: int(1, 2000).optional(),
  TELEGRAM_WEBHOOK_URL: z.url({ message: 'expected the public https URL Telegram should post updates to' }).optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'expected 1–256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  TELEGRAM_WEBHOOK_LISTEN: z
    .string()
    .regex(/^[^:]+:\d+$/, 'expected host:port, e.g. 127.0.0.1:8081')
    .default('127.0.0.1:8081'),
});

export interface Config {
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  dataDir: string;
  database: DbTarget;
  defaults: { voteWindowMs: number; tieGraceMs: number };
  schedulerIntervalMs: number;
  /** On SIGTERM, how long running steps may finish before they are abandoned (and retried later). */
  shutdownGraceMs: number;
  queue: {
    /** embedded: jobs in our own table (either database); pg-boss: on PostgreSQL. */
    kind: 'embedded' | 'pg-boss';
    concurrency: number;
    maxAttempts: number;
    retryBaseMs: number;
    leaseMs: number;
  };
  /** Settings for OpenAI or any OpenAI-compatible server; undefined when none is configured. */
  openai: OpenAiSettings | undefined;
  writer: 'offline' | 'llm';
  moderation: 'openai' | 'local';
  render: {
    width: number;
    height: number;
    fps: number;
    narrator: 'system' | 'animalese';
    /** The OpenAI TTS model when lines are voiced by OpenAI (a key is set and TTS is not offline). */
    openaiTtsModel: string | undefined;
    /** The OpenAI image model when scene art comes from OpenAI (IMAGES=openai). */
    openaiImageModel: string | undefined;
    ffmpegPath: string | undefined;
    ffprobePath: string | undefined;
    /** Finished videos and posters. */
    mediaDir: string;
    /** Stage artifacts (art, voice, soundtrack, captions), reused by retries. */
    cacheDir: string;
  };
  web: WebSettings;
  /** Where finished videos are kept: undefined for the local media folder. */
  s3: S3Settings | undefined;
  /** Undefined when no Discord token is set. */
  discord: DiscordSettings | undefined;
  /** Undefined when no Telegram bot token is set. */
  telegram: TelegramSettings | undefined;
}

export interface S3Settings {
  bucket: string;
  /** Keys start with this ('' or 'folder/'). */
  prefix: string;
  endpoint: string | undefined;
  region: string;
  /** Secrets: never logged. Undefined: the AWS SDK's own chain (instance roles and the like). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
}

export interface WebSettings {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** A secret: moderation from anywhere but this machine needs it. Never logged. */
  adminToken: string | undefined;
  /** Where others reach the studio (links from chats); undefined when it is only local. */
  publicUrl: string | undefined;
  /** Reverse proxies whose X-Forwarded-For is believed (IPs or CIDR ranges); none by default. */
  trustedProxies: string[];
  /** A secret: signs the studio's cookies. Never logged. Undefined: one kept in `secretFile`. */
  secret: string | undefined;
  /** Where the studio keeps the secret it made itself (so sessions survive restarts). */
  secretFile: string;
  /** New voting identities one address may get per hour (clearing cookies buys no more votes). */
  newVisitorsPerHour: number;
  /** Sign-in with Discord (OAuth2): the application's id and secret (a secret: never logged). */
  discordSignIn: { clientId: string; clientSecret: string; apiBase: string } | undefined;
  /** Sign-in with Telegram (the Login Widget) checks payloads with the bot token (a secret). */
  telegramSignInToken: string | undefined;
}

export interface DiscordSettings {
  /** A secret: never logged. */
  token: string;
  applicationId: string;
  /** Another REST base (a proxy in front of Discord, or a test server); undefined for Discord's. */
  apiBase: string | undefined;
  /** The bot's upload limit below boost level 2 (10 MiB unless DISCORD_UPLOAD_LIMIT_MB says); boost levels 2 and 3 are detected. */
  maxUploadBytes: number;
  /** Gateway shards run by this process: Discord's recommendation ('auto') or a count; undefined: one. */
  shards: 'auto' | number | undefined;
}

export interface TelegramSettings {
  /** A secret: never logged. */
  token: string;
  /** Another Bot API server (self-hosted or a test server); undefined for Telegram's own. */
  apiRoot: string | undefined;
  /** The largest video the server accepts: 50 MB on Telegram's, 2000 MB on a self-hosted one. */
  maxUploadBytes: number;
  /** Updates by webhook instead of long polling. */
  webhook: { url: string; secret: string | undefined; host: string; port: number } | undefined;
}

export interface OpenAiSettings {
  /** A secret: never logged. */
  apiKey: string | undefined;
  baseURL: string | undefined;
  model: string;
  timeoutMs: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the environment; a bad value throws one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty values count as unset, as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`${name}: ${issue.message}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const openai = e.OPENAI_API_KEY || e.OPENAI_BASE_URL ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL, timeoutMs: e.OPENAI_TIMEOUT } : undefined;
  if (e.WRITER === 'llm' && !openai) throw new ConfigError('WRITER: llm needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)');
  if (e.MODERATION === 'openai' && !e.OPENAI_API_KEY) throw new ConfigError('MODERATION: openai needs OPENAI_API_KEY');
  if (e.IMAGES === 'openai' && !e.OPENAI_API_KEY) throw new ConfigError('IMAGES: openai needs OPENAI_API_KEY');
  return {
    logLevel: e.LOG_LEVEL,
    dataDir,
    database: databaseTarget(e.DATABASE_URL, dataDir),
    defaults: { voteWindowMs: e.DEFAULT_VOTE_WINDOW, tieGraceMs: e.DEFAULT_TIE_GRACE },
    schedulerIntervalMs: e.SCHEDULER_INTERVAL,
    shutdownGraceMs: e.SHUTDOWN_GRACE,
    queue: {
      kind: queueKind(e.QUEUE, e.DATABASE_URL),
      concurrency: e.WORKER_CONCURRENCY,
      maxAttempts: e.JOB_MAX_ATTEMPTS,
      retryBaseMs: e.JOB_RETRY_BASE,
      leaseMs: e.JOB_LEASE,
    },
    openai,
    writer: e.WRITER === 'offline' || !openai ? 'offline' : 'llm',
    moderation: e.MODERATION === 'local' || !e.OPENAI_API_KEY ? 'local' : 'openai',
    render: {
      ...(e.RENDER_RESOLUTION === '1080p' ? { width: 1080, height: 1920 } : { width: 720, height: 1280 }),
      fps: e.RENDER_FPS,
      narrator: e.NARRATOR === 'animalese' ? 'animalese' : 'system',
      openaiTtsModel: e.TTS === 'auto' && e.OPENAI_API_KEY ? e.OPENAI_TTS_MODEL : undefined,
      openaiImageModel: e.IMAGES === 'openai' ? e.OPENAI_IMAGE_MODEL : undefined,
      ffmpegPath: e.FFMPEG_PATH,
      ffprobePath: e.FFPROBE_PATH,
      mediaDir: path.join(dataDir, 'media'),
      cacheDir: path.join(dataDir, 'cache'),
    },
    web: {
      host: e.WEB_HOST,
      port: e.WEB_PORT,
      adminToken: e.WEB_ADMIN_TOKEN,
      publicUrl: e.WEB_PUBLIC_URL?.replace(/\/+$/, ''),
      trustedProxies: e.WEB_TRUSTED_PROXIES ? e.WEB_TRUSTED_PROXIES.split(',').map((p) => p.trim()) : [],
      secret: e.WEB_SECRET,
      newVisitorsPerHour: e.WEB_NEW_VISITORS_PER_HOUR,
      discordSignIn:
        e.DISCORD_CLIENT_SECRET && e.DISCORD_APPLICATION_ID
          ? { clientId: e.DISCORD_APPLICATION_ID, clientSecret: e.DISCORD_CLIENT_SECRET, apiBase: e.DISCORD_API_BASE?.replace(/\/+$/, '') ?? 'https://discord.com/api' }
          : undefined,
      telegramSignInToken: e.TELEGRAM_BOT_TOKEN,
      secretFile: path.join(dataDir, 'web-secret'),
    },
    s3: s3Settings(e),
    discord: discordSettings(e),
    telegram: telegramSettings(e),
  };
}

function queueKind(wanted: 'auto' | 'embedded' | 'pg-boss', url: string | undefined): 'embedded' | 'pg-boss' {
  const postgres = url !== undefined && /^postgres(ql)?:\/\//.test(url);
  if (wanted === 'pg-boss' && !postgres) throw new ConfigError('QUEUE: pg-boss needs DATABASE_URL=postgres://…');
  return wanted === 'embedded' || !postgres ? 'embedded' : 'pg-boss';
}

function s3Settings(e: z.infer<typeof EnvSchema>): S3Settings | undefined {
  if (!e.MEDIA_URL) return undefined;
  const url = new URL(e.MEDIA_URL);
  const prefix = url.pathname.replace(/^\/+|\/+$/g, '');
  if (Boolean(e.AWS_ACCESS_KEY_ID) !== Boolean(e.AWS_SECRET_ACCESS_KEY)) throw new ConfigError('AWS_SECRET_ACCESS_KEY: set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither');
  return {
    bucket: url.hostname,
    prefix: prefix ? `${prefix}/` : '',
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    credentials: e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY ? { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY } : undefined,
  };
}

function discordSettings(e: z.infer<typeof EnvSchema>): DiscordSettings | undefined {
  if (!e.DISCORD_TOKEN) return undefined;
  if (!e.DISCORD_APPLICATION_ID) throw new ConfigError('DISCORD_APPLICATION_ID: set it too (the developer portal shows it next to the token)');
  return {
    token: e.DISCORD_TOKEN,
    applicationId: e.DISCORD_APPLICATION_ID,
    apiBase: e.DISCORD_API_BASE?.replace(/\/+$/, ''),
    maxUploadBytes: (e.DISCORD_UPLOAD_LIMIT_MB ?? 10) * 1024 * 1024,
    shards: e.DISCORD_SHARDS === undefined ? undefined : e.DISCORD_SHARDS === 'auto' ? 'auto' : Number(e.DISCORD_SHARDS),
  };
}

function telegramSettings(e: z.infer<typeof EnvSchema>): TelegramSettings | undefined {
  if (!e.TELEGRAM_BOT_TOKEN) {
    if (e.TELEGRAM_WEBHOOK_URL) throw new ConfigError('TELEGRAM_WEBHOOK_URL: set TELEGRAM_BOT_TOKEN too');
    return undefined;
  }
  // A local Bot API server (--local) takes any webhook; Telegram's own only https on four ports.
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_API_ROOT) checkTelegramWebhook(e.TELEGRAM_WEBHOOK_URL);
  const [host, port] = e.TELEGRAM_WEBHOOK_LISTEN.split(':') as [string, string];
  const mb = e.TELEGRAM_UPLOAD_LIMIT_MB ?? (e.TELEGRAM_API_ROOT ? 2000 : 50);
  return {
    token: e.TELEGRAM_BOT_TOKEN,
    apiRoot: e.TELEGRAM_API_ROOT?.replace(/\/+$/, ''),
    maxUploadBytes: mb * 1000 * 1000,
    webhook: e.TELEGRAM_WEBHOOK_URL ? { url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET, host, port: Number(port) } : undefined,
  };
}

/** Telegram posts updates only to an HTTPS URL on port 443, 80, 88 or 8443 (Bot API, setWebhook). */
function checkTelegramWebhook(url: string): void {
  const u = new URL(url);
  if (u.protocol !== 'https:')
    throw new ConfigError(
      'TELEGRAM_WEBHOOK_URL: Telegram posts updates only to an https:// URL, e.g. https://bot.example.com/telegram (http works only with a local Bot API server in TELEGRAM_API_ROOT)',
    );
  const port = u.port === '' ? 443 : Number(u.port);
  if (![443, 80, 88, 8443].includes(port))
    throw new ConfigError(`TELEGRAM_WEBHOOK_URL: Telegram posts updates only to port 443, 80, 88 or 8443, not ${port}; put a proxy on one of those in front of TELEGRAM_WEBHOOK_LISTEN`);
}

function databaseTarget(url: string | undefined, dataDir: string): DbTarget {
  if (!url) return { kind: 'sqlite', file: path.join(dataDir, 'tailtwist.db') };
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  return { kind: 'postgres', url };
}

/** A database location safe to log: the password, if any, is masked. */
export function describeDatabase(target: DbTarget): string {
  if (target.kind === 'sqlite') return `sqlite:${target.file}`;
  try {
    const u = new URL(target.url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}
