import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { request } from './writer/fixtures.js';
import { writeOffline } from '../src/writer/offline/offline-writer.js';
import { FakeDiscord, GUILD_ID } from './fakes/discord/server.js';
import { FakeTelegram } from './fakes/telegram/server.js';
import { PG_URL, testDialects } from './helpers/harness.js';
import { BIN, startAndStop } from './helpers/process.js';

const dialects = await testDialects();

function cli(args: string[], env: Record<string, string> = {}) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-cli-'));
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
  return { ...res, cwd };
}

describe('the tailtwist command', () => {
  it('explains itself and each command with --help', () => {
    const top = cli(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toContain('start');
    expect(top.stdout).toContain('migrate');
    const start = cli(['start', '--help']);
    expect(start.stdout).toContain('Run everything in one process');
    expect(cli(['migrate', '--help']).stdout).toContain('Bring the database schema up to date');
  });

  it('migrates the default SQLite database under ./data', () => {
    const res = cli(['migrate'], { LOG_LEVEL: 'info' });
    expect(res.status).toBe(0);
    expect(fs.existsSync(path.join(res.cwd, 'data', 'tailtwist.db'))).toBe(true);
    expect(res.stdout).toContain('001_initial');
    expect(cli(['migrate'], { DATA_DIR: path.join(res.cwd, 'data') }).stdout).toContain('database is up to date');
  });

  it('refuses to start on a bad setting, in one line that names it', () => {
    const res = cli(['start'], { JOB_LEASE: 'a while' });
    expect(res.status).toBe(1);
    expect(res.stderr.split('\n')[0]).toBe("TailTwist can't start: JOB_LEASE: expected a duration such as 5m");
  });

  it('refuses to start without a working ffmpeg, and says which setting fixes it', () => {
    const res = cli(['start'], { FFMPEG_PATH: '/nonexistent/ffmpeg' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('TailTwist stopped: ffmpeg at /nonexistent/ffmpeg does not run');
    expect(res.stderr).toContain('Set FFMPEG_PATH to a working ffmpeg.');
  });

  it('starts on its embedded defaults and stops cleanly on SIGTERM', async () => {
    const { out, code, cwd } = await startAndStop({});
    expect(code).toBe(0);
    expect(out).toContain('TailTwist is running: scheduler, worker, studio');
    expect(out).toMatch(/TailTwist studio: http:\/\/localhost:\d+/);
    expect(out).toContain('No chat platform is configured yet: open the studio');
    expect(fs.existsSync(path.join(cwd, 'data', 'tailtwist.db'))).toBe(true);
  }, 60_000);

  it('runs a worker alone: it answers /healthz and /metrics on its port, and takes --concurrency', async () => {
    const { out, code } = await startAndStop({}, ['worker', '--concurrency', '2'], async ({ output }) => {
      const out = output();
      const base = /health and metrics: (http:\/\/\S+?)\/healthz/.exec(out)?.[1];
      expect(base, out).toBeDefined();
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true, status: 'ok', platforms: [] });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('tailtwist_jobs');
      expect(metrics).toContain('tailtwist_stage_seconds');
      expect((await fetch(`${base}/`)).status).toBe(404); // no studio in a worker
    });
    expect(code).toBe(0);
    expect(out).toContain('TailTwist is running: worker');
    expect(out).toMatch(/"concurrency":2/);
    const bad = cli(['worker', '--concurrency', '0']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('a whole number from 1 to 64');
  }, 60_000);

  it('connects Telegram when a bot token is set, and never logs the token', async () => {
    const fake = await FakeTelegram.start();
    try {
      const token = '987654:SECRET-token-value';
      // The adapter connects in the background, after the loop and the studio are up.
      const { out, code } = await startAndStop({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: fake.apiRoot, LOG_LEVEL: 'debug' }, 'bot', ({ waitFor }) =>
        waitFor('telegram: long polling for updates').then(() => undefined),
      );
      expect(code).toBe(0);
      expect(out).toContain('TailTwist is running: scheduler, telegram, studio');
      expect(out).toContain('run `tailtwist worker`');
      expect(out).not.toContain('SECRET-token-value');
      expect(fake.sent('getMe')).toHaveLength(1);
      // The default menu once (the per-language menus follow in the background).
      expect(fake.sent('setMyCommands').filter((c) => !c.params.language_code)).toHaveLength(1);
      expect(fake.calls.some((c) => c.method === 'getUpdates')).toBe(true);
    } finally {
      await fake.close();
    }
  }, 60_000);

  it('connects Discord when a token is set, registers slash commands, and never logs the token', async () => {
    const fake = await FakeDiscord.start();
    try {
      const env = { DISCORD_TOKEN: 'SECRET-discord-token-0123456789', DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_BASE: fake.api, LOG_LEVEL: 'debug' };
      const { out, code } = await startAndStop(env, 'bot', ({ waitFor }) => waitFor('discord: connected to the gateway').then(() => undefined));
      expect(code).toBe(0);
      expect(out).toContain('TailTwist is running: scheduler, discord, studio');
      expect(out).not.toContain('SECRET-discord-token');
      expect(fake.identifies).toBe(1);
      // Not spawnSync: the fake Discord lives in this process and must keep answering.
      const deployed = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'deploy-commands', '--guild', GUILD_ID], { env: { PATH: process.env.PATH ?? '', ...env } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('exit', (status) => resolve({ status, stdout, stderr }));
      });
      expect(deployed.status, deployed.stderr).toBe(0);
      expect(deployed.stdout).toMatch(new RegExp(`Registered \\d+ slash commands in server ${GUILD_ID}`));
      expect(fake.commands.get(GUILD_ID)!.map((c) => c.name)).toContain('vote');
      const missing = cli(['deploy-commands']);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('set DISCORD_TOKEN and DISCORD_APPLICATION_ID first');
    } finally {
      await fake.close();
    }
  }, 60_000);

  it('renders one episode from a script file', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-cli-'));
    const cast = [
      { name: 'Mochi', species: 'Shiba Inu', look: {}, personality: '', voice: '' },
      { name: 'Luna', species: 'black cat', look: {}, personality: '', voice: '' },
    ];
    const script = writeOffline(request({ cast }, { premise: 'A Shiba Inu wakes up in hospital.', targetSeconds: 30, seed: 1 })).script;
    fs.writeFileSync(path.join(cwd, 'script.json'), JSON.stringify(script));
    const res = spawnSync(process.execPath, [BIN, 'render', 'script.json', '-o', 'ep.mp4'], { cwd, env: { PATH: process.env.PATH ?? '', NARRATOR: 'animalese' }, encoding: 'utf8', timeout: 120_000 });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/ep\.mp4 \(\d+\.\d s, \d+\.\d MiB\)/);
    expect(fs.statSync(path.join(cwd, 'ep.mp4')).size).toBeGreaterThan(100_000);
    const bad = spawnSync(process.execPath, [BIN, 'render', 'nope.json'], { cwd, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('TailTwist stopped: ');
  }, 120_000);

  it('previews a premise of your own with `demo`: scripts only, a suggested twist, the whole series as JSON', () => {
    const args = [
      'demo',
      '--no-video',
      '--episodes',
      '3',
      '--seed',
      '4',
      '--votes',
      'last',
      '--json',
      'series.json',
      '--title',
      'Cheek Pouch Confidential',
      '--premise',
      'A hamster bookkeeper is accused of stealing the bakery takings, and only the night-shift parrot saw who opened the safe.',
      '--cast',
      'Pip: hamster, Rex: German Shepherd, Coco: parrot',
      '--tone',
      'thriller',
      '--suggest',
      '1:Coco fakes her own death',
    ];
    const res = cli(args);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('“Cheek Pouch Confidential” begins!');
    expect(res.stdout).toContain('━━ Episode 3: ');
    expect(res.stdout).toMatch(/Coco fakes her own death — \d+ {2}← wins {2}\(community\)/);
    expect(fs.existsSync(path.join(res.cwd, 'out'))).toBe(false);
    const json = JSON.parse(fs.readFileSync(path.join(res.cwd, 'series.json'), 'utf8'));
    expect(json.series).toMatchObject({
      title: 'Cheek Pouch Confidential',
      tone: 'thriller',
      cast: [
        { name: 'Pip', species: 'hamster' },
        { name: 'Rex', species: 'German Shepherd' },
        { name: 'Coco', species: 'parrot' },
      ],
    });
    expect(json.series.premise).toContain('night-shift parrot');
    expect(json.episodes.map((e: { number: number }) => e.number)).toEqual([1, 2, 3]);
    expect(json.episodes[0].winner).toMatchObject({ label: 'Coco fakes her own death', source: 'community' });
    const writer = json.episodes[1].ballot.filter((o: { source: string }) => o.source === 'writer');
    expect(json.episodes[1].winner.letter).toBe(writer.at(-1).letter);
    expect(json.episodes[2].winner).toBeNull();
    for (const e of json.episodes) {
      expect(e.script.scenes.length).toBeGreaterThanOrEqual(4);
      expect(e).toHaveProperty('story');
      for (const o of e.ballot) expect(Object.keys(o)).toEqual(['letter', 'label', 'teaser', 'source', 'twist']);
    }
  }, 60_000);

  it('explains how to write a `demo --suggest`, a tone or a vote mode it cannot read', () => {
    const bad = cli(['demo', '--no-video', '--suggest', 'Coco fakes her own death']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('Write it as N:twist text');
    expect(bad.stderr).toContain('--suggest "3:Rex was secretly working for the mayor all along"');
    const late = cli(['demo', '--no-video', '--episodes', '2', '--suggest', '2:Coco sings']);
    expect(late.status).toBe(1);
    expect(late.stderr).toContain('N must be from 1 to 1 with --episodes 2');
    expect(cli(['demo', '--tone', 'gloomy']).stderr).toContain('melodrama, romance, comedy, thriller, tragedy');
    expect(cli(['demo', '--votes', 'loudest']).stderr).toContain('first, last, random, crowd');
    expect(cli(['demo', '--help']).stdout).toContain('--no-video');
  }, 60_000);

  it('reads settings from a .env file', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-cli-'));
    fs.writeFileSync(path.join(cwd, '.env'), 'DATA_DIR=./elsewhere\n');
    const res = spawnSync(process.execPath, [BIN, 'migrate'], { cwd, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(fs.existsSync(path.join(cwd, 'elsewhere', 'tailtwist.db'))).toBe(true);
  });

  it.runIf(dialects.includes('postgres'))(
    'runs on PostgreSQL and never logs the database password',
    async () => {
      const name = `tailtwist_cli_${process.pid}`;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${name}`);
      await admin.query(`create database ${name}`);
      try {
        const url = new URL(PG_URL);
        url.password = 'hunter2-secret';
        url.pathname = `/${name}`;
        const { out, code } = await startAndStop({ DATABASE_URL: url.toString(), LOG_LEVEL: 'debug' });
        expect(code).toBe(0);
        expect(out).toContain(':***@');
        expect(out).not.toContain('hunter2-secret');
        const c = new pg.Client({ connectionString: url.toString() });
        await c.connect();
        const tables = await c.query("select count(*)::int as n from information_schema.tables where table_name in ('series','votes','jobs')");
        await c.end();
        expect(tables.rows[0].n).toBe(3);
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
    60_000,
  );
});
