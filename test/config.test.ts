import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeDatabase, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('runs on embedded defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ kind: 'sqlite', file: path.resolve('data/tailtwist.db') });
    expect(c.defaults.voteWindowMs).toBe(24 * 3_600_000);
    expect(c.queue).toEqual({ kind: 'embedded', concurrency: 1, maxAttempts: 5, retryBaseMs: 10_000, leaseMs: 300_000 });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/tt' }).queue.kind).toBe('pg-boss');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/tt', QUEUE: 'embedded' }).queue.kind).toBe('embedded');
    expect(() => loadConfig({ QUEUE: 'pg-boss' })).toThrow('QUEUE: pg-boss needs DATABASE_URL');
    expect(c.logLevel).toBe('info');
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', LOG_LEVEL: '' }).database.kind).toBe('sqlite');
  });

  it('moves to PostgreSQL with a postgres:// URL, and never shows its password', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://app:s3cret@db.internal:5432/tailtwist' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://app:s3cret@db.internal:5432/tailtwist' });
    expect(describeDatabase(c.database)).toBe('postgres://app:***@db.internal:5432/tailtwist');
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db' }).database).toEqual({ kind: 'sqlite', file: '/tmp/x.db' });
  });

  it('uses the offline writer and local screening unless an OpenAI-compatible server is configured', () => {
    expect(loadConfig({})).toMatchObject({ writer: 'offline', moderation: 'local', openai: undefined });
    expect(loadConfig({ OPENAI_API_KEY: 'sk-test' })).toMatchObject({ writer: 'llm', moderation: 'openai', openai: { apiKey: 'sk-test', model: 'gpt-4o-mini', timeoutMs: 60_000 } });
    // A local server (Ollama) needs no key; moderation stays local.
    expect(loadConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1', OPENAI_MODEL: 'llama3.1' })).toMatchObject({
      writer: 'llm',
      moderation: 'local',
      openai: { baseURL: 'http://localhost:11434/v1', model: 'llama3.1' },
    });
    expect(loadConfig({ OPENAI_API_KEY: 'sk-test', WRITER: 'offline', MODERATION: 'local' })).toMatchObject({ writer: 'offline', moderation: 'local' });
    expect(() => loadConfig({ WRITER: 'llm' })).toThrow('WRITER: llm needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)');
    expect(() => loadConfig({ MODERATION: 'openai' })).toThrow('MODERATION: openai needs OPENAI_API_KEY');
    expect(() => loadConfig({ OPENAI_BASE_URL: 'localhost' })).toThrow('OPENAI_BASE_URL: expected a URL such as http://localhost:11434/v1');
  });

  it('renders 720p with offline voices and art unless told otherwise', () => {
    expect(loadConfig({}).render).toMatchObject({ width: 720, height: 1280, fps: 24, narrator: 'system', openaiTtsModel: undefined, openaiImageModel: undefined });
    expect(loadConfig({ RENDER_RESOLUTION: '1080p', RENDER_FPS: '30', NARRATOR: 'animalese' }).render).toMatchObject({ width: 1080, height: 1920, fps: 30, narrator: 'animalese' });
    expect(loadConfig({ OPENAI_API_KEY: 'sk', IMAGES: 'openai' }).render).toMatchObject({ openaiTtsModel: 'gpt-4o-mini-tts', openaiImageModel: 'gpt-image-1' });
    expect(loadConfig({ OPENAI_API_KEY: 'sk', TTS: 'offline' }).render.openaiTtsModel).toBeUndefined();
    expect(() => loadConfig({ IMAGES: 'openai' })).toThrow('IMAGES: openai needs OPENAI_API_KEY');
    expect(() => loadConfig({ RENDER_FPS: '60' })).toThrow('RENDER_FPS: expected a whole number from 24 to 30');
  });

  it('stops on a bad value with one line naming the variable and what it expects', () => {
    const cases: [Record<string, string>, string][] = [
      [{ DEFAULT_VOTE_WINDOW: 'banana' }, 'DEFAULT_VOTE_WINDOW: expected a duration such as 24h or 30m'],
      [{ WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY: expected a whole number from 1 to 64'],
      [{ WORKER_CONCURRENCY: 'two' }, 'WORKER_CONCURRENCY: expected a whole number from 1 to 64'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"'],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: expected postgres://user@host:port/db or sqlite:path/to/file.db'],
      [{ TELEGRAM_BOT_TOKEN: 'my token' }, 'TELEGRAM_BOT_TOKEN: expected a bot token from @BotFather'],
      [{ TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/tg' }, 'TELEGRAM_WEBHOOK_URL: set TELEGRAM_BOT_TOKEN too'],
      [{ TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_WEBHOOK_LISTEN: 'everywhere' }, 'TELEGRAM_WEBHOOK_LISTEN: expected host:port'],
    ];
    for (const [env, message] of cases) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    }
  });

  it('runs Telegram only with a bot token; the upload limit follows the Bot API server', () => {
    expect(loadConfig({}).telegram).toBeUndefined();
    const official = loadConfig({ TELEGRAM_BOT_TOKEN: '123:ABC-def' }).telegram!;
    expect(official).toMatchObject({ token: '123:ABC-def', apiRoot: undefined, maxUploadBytes: 50e6, webhook: undefined });
    const own = loadConfig({ TELEGRAM_BOT_TOKEN: '123:ABC-def', TELEGRAM_API_ROOT: 'http://localhost:8081/' }).telegram!;
    expect(own.apiRoot).toBe('http://localhost:8081');
    expect(own.maxUploadBytes).toBe(2000e6);
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_API_ROOT: 'http://x', TELEGRAM_UPLOAD_LIMIT_MB: '200' }).telegram!.maxUploadBytes).toBe(200e6);
    const hook = loadConfig({ TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/tg', TELEGRAM_WEBHOOK_SECRET: 's3cret' }).telegram!;
    expect(hook.webhook).toEqual({ url: 'https://bot.example.com/tg', secret: 's3cret', host: '127.0.0.1', port: 8081 });
  });

  it('takes a Telegram webhook only where Telegram posts: https on port 443, 80, 88 or 8443 (any, with a local Bot API server)', () => {
    const hook =
      (url: string, extra: Record<string, string> = {}) =>
      () =>
        loadConfig({ TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_WEBHOOK_URL: url, ...extra });
    for (const url of ['https://bot.example.com/tg', 'https://bot.example.com:443/tg', 'https://bot.example.com:8443/tg', 'https://bot.example.com:88/tg', 'https://bot.example.com:80/tg']) {
      expect(hook(url)().telegram!.webhook!.url).toBe(url);
    }
    expect(hook('http://bot.example.com/tg')).toThrow(ConfigError);
    expect(hook('http://bot.example.com/tg')).toThrow('TELEGRAM_WEBHOOK_URL: Telegram posts updates only to an https:// URL, e.g. https://bot.example.com/telegram');
    expect(hook('https://bot.example.com:8080/tg')).toThrow('TELEGRAM_WEBHOOK_URL: Telegram posts updates only to port 443, 80, 88 or 8443, not 8080');
    expect(hook('http://10.0.0.5:9000/tg', { TELEGRAM_API_ROOT: 'http://localhost:8081' })().telegram!.webhook!.url).toBe('http://10.0.0.5:9000/tg');
  });

  it('runs Discord only with a token and an application id', () => {
    expect(loadConfig({}).discord).toBeUndefined();
    expect(() => loadConfig({ DISCORD_TOKEN: 'x'.repeat(40) })).toThrow('DISCORD_APPLICATION_ID: set it too');
    const d = loadConfig({ DISCORD_TOKEN: 'x'.repeat(40), DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_API_BASE: 'http://proxy:8080/api/' }).discord!;
    expect(d).toEqual({ token: 'x'.repeat(40), applicationId: '123456789012345678', apiBase: 'http://proxy:8080/api', maxUploadBytes: 10 * 1024 * 1024, shards: undefined });
    expect(loadConfig({ DISCORD_TOKEN: 'x'.repeat(40), DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_SHARDS: 'auto' }).discord!.shards).toBe('auto');
    expect(loadConfig({ DISCORD_TOKEN: 'x'.repeat(40), DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_SHARDS: '4' }).discord!.shards).toBe(4);
    expect(() => loadConfig({ DISCORD_TOKEN: 'x'.repeat(40), DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_SHARDS: 'many' })).toThrow('DISCORD_SHARDS: expected auto or a number');
    expect(loadConfig({ DISCORD_TOKEN: 'x'.repeat(40), DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_UPLOAD_LIMIT_MB: '50' }).discord!.maxUploadBytes).toBe(50 * 1024 * 1024);
  });

  it('keeps videos in a bucket when MEDIA_URL names one', () => {
    expect(loadConfig({}).s3).toBeUndefined();
    expect(loadConfig({ MEDIA_URL: 's3://my-bucket/tail/twist/', AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK' }).s3).toEqual({
      bucket: 'my-bucket',
      prefix: 'tail/twist/',
      endpoint: undefined,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
    });
    expect(loadConfig({ MEDIA_URL: 's3://my-bucket' }).s3).toMatchObject({ prefix: '', credentials: undefined });
    expect(() => loadConfig({ MEDIA_URL: 'ftp://x' })).toThrow('MEDIA_URL: expected s3://bucket');
    expect(() => loadConfig({ MEDIA_URL: 's3://my-bucket', AWS_ACCESS_KEY_ID: 'AK' })).toThrow('AWS_SECRET_ACCESS_KEY: set both');
  });

  it('documents every variable it reads in .env.example', () => {
    const example = fs.readFileSync('.env.example', 'utf8');
    const source = fs.readFileSync('src/config.ts', 'utf8');
    const names = [...source.matchAll(/^  ([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(example, name).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
