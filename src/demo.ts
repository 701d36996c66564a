import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from './app.js';
import { loadConfig, type Config } from './config.js';
import { ManualClock, seededRandom } from './core/clock.js';
import type { DeliveryIds, DeliveryRequest, Place, Publisher, RenderRequest, RenderedEpisode, Renderer } from './core/ports.js';
import { TONES, type Tone } from './core/series.js';
import type { EpisodeStory, TwistOp } from './core/story/model.js';
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

/**
 * `--no-video`: renders nothing. The episode lasts what its scenes say and has no file: its
 * video path is empty, which the loop stores and every view reads as "no video" (the demo's
 * channel opens no file, and nothing is copied to the output folder).
 */
export class ScriptOnlyRenderer implements Renderer {
  async render(req: RenderRequest): Promise<RenderedEpisode> {
    const scenes = (req.script as Partial<Script> | null)?.scenes ?? [];
    const seconds = scenes.reduce((sum, s) => sum + (typeof s.seconds === 'number' ? s.seconds : 0), 0);
    return { videoPath: '', posterPath: null, durationMs: Math.round(seconds * 1000), sizeBytes: 0 };
  }
}

export const DEMO_SERIES = {
  title: 'Paws of Fate',
  premise: 'A Shiba Inu wakes up in a hospital bed with no memory of the wedding, and everyone at the bedside is lying.',
  cast: 'Mochi: Shiba Inu, Luna: black cat, Biscuit: golden retriever',
} as const;

/** Which writer twist wins a ballot when no community suggestion is due. */
export const VOTE_MODES = ['first', 'last', 'random', 'crowd'] as const;
export type VoteMode = (typeof VOTE_MODES)[number];

/** A community twist suggested, approved and voted in after episode `after` is published. */
export interface DemoSuggestion {
  after: number;
  text: string;
}

/** Reads `--suggest "N:twist text"`; throws an error that says how to write it. */
export function parseSuggestion(raw: string): DemoSuggestion {
  const m = /^\s*(\d{1,4})\s*:\s*(.*?)\s*$/s.exec(raw);
  const example = 'e.g. --suggest "3:Rex was secretly working for the mayor all along"';
  if (!m) throw new Error(`--suggest "${raw.slice(0, 40)}": write it as N:twist text, where N is the episode after which the twist is suggested (${example})`);
  const after = Number(m[1]);
  const text = m[2]!;
  if (after < 1) throw new Error(`--suggest "${raw.slice(0, 40)}": the episode number must be 1 or more (${example})`);
  if (text.length < 3) throw new Error(`--suggest "${raw.slice(0, 40)}": the twist text after "${after}:" is missing or too short (${example})`);
  return { after, text };
}

export interface DemoOptions {
  episodes: number;
  seed: number;
  print: (text: string) => void;
  /** Where each episode's video is copied (episode-1.mp4, …); the renderer's default without it. */
  outDir?: string;
  renderer?: Renderer;
  title?: string;
  premise?: string;
  /** "Pip: hamster, Rex: German Shepherd, Coco: parrot" */
  cast?: string;
  tone?: Tone;
  /** Community twists that win the ballot after their episode (one per episode at most). */
  suggestions?: DemoSuggestion[];
  /** Which writer twist wins when no suggestion is due (default: a seeded crowd votes). */
  votes?: VoteMode;
  /** Scripts only: nothing is rendered (unless `renderer` is given), no files, no contact sheet. */
  noVideo?: boolean;
}

/** What `--json` writes, and what the story bench reads. */
export interface DemoBallotOption {
  letter: string;
  label: string;
  teaser: string;
  source: string;
  /** The option's twist as an operation (ballot_options.twist), null when it has none. */
  twist: TwistOp | null;
}

export interface DemoEpisode {
  number: number;
  title: string;
  script: Script;
  /** The active options of the ballot that followed the episode. */
  ballot: DemoBallotOption[];
  /** null for the last episode, whose ballot the demo does not close. */
  winner: { letter: string; label: string; source: string } | null;
  /** What the episode did to the story and the state it left (episodes.story), null when none. */
  story: EpisodeStory | null;
}

export interface DemoResult {
  series: {
    title: string;
    premise: string;
    tone: string;
    cast: { name: string; species: string }[];
    bible: Record<string, unknown> | null;
  };
  episodes: DemoEpisode[];
}

const parseJson = <T>(text: string | null | undefined): T | null => {
  if (text === null || text === undefined || text === '') return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
};

/** A command option in quotes that its text does not contain, so the command reads it whole. */
function quoted(name: string, value: string): string {
  for (const [open, close] of [
    ['"', '"'],
    ['“', '”'],
    ['«', '»'],
  ] as const) {
    if (!value.includes(close)) return `${name}=${open}${value}${close}`;
  }
  return `${name}="${value.replaceAll('"', '”')}"`;
}

/** Checks the options before anything runs: a mistake is one clear message. */
export function checkDemoOptions(opts: DemoOptions): void {
  if (!Number.isInteger(opts.episodes) || opts.episodes < 1) throw new Error('the demo needs a whole number of episodes, 1 or more');
  if (opts.tone !== undefined && !TONES.includes(opts.tone)) throw new Error(`--tone must be one of: ${TONES.join(', ')}`);
  if (opts.votes !== undefined && !VOTE_MODES.includes(opts.votes)) throw new Error(`--votes must be one of: ${VOTE_MODES.join(', ')}`);
  const seen = new Set<number>();
  for (const s of opts.suggestions ?? []) {
    if (!Number.isInteger(s.after) || s.after < 1 || s.after >= opts.episodes) {
      throw new Error(
        `--suggest "${s.after}:${s.text.slice(0, 30)}": a twist suggested after episode ${s.after} must win a ballot before another episode, so N must be from 1 to ${opts.episodes - 1} with --episodes ${opts.episodes}`,
      );
    }
    if (seen.has(s.after)) throw new Error(`--suggest: two suggestions after episode ${s.after}; only one twist can win each ballot`);
    seen.add(s.after);
  }
}

/**
 * A whole series run offline, through the real engine and loop, on a throwaway database:
 * the offline writer, a crowd voting on every ballot (seeded; or for the first, last or a random
 * writer twist; or for a community suggestion a viewer made and a moderator approved), and time
 * that jumps to each close. Returns every episode with its ballot, winner and story.
 */
export async function runDemo(opts: DemoOptions, base?: Config): Promise<DemoResult> {
  checkDemoOptions(opts);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-demo-'));
  const fresh = loadConfig({ DATA_DIR: dir, DEFAULT_VOTE_WINDOW: '1h', LOG_LEVEL: 'silent' });
  // Rendering follows the caller's settings (resolution, ffmpeg, narrator, shared cache); the rest is throwaway.
  const config: Config = base ? { ...fresh, render: { ...base.render, mediaDir: fresh.render.mediaDir } } : fresh;
  const handle = openDb({ kind: 'sqlite', file: ':memory:' });
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const crowd = seededRandom(opts.seed ^ 0x5eed);
  const channel = new DemoChannel();
  const renderer = opts.renderer ?? (opts.noVideo ? new ScriptOnlyRenderer() : undefined);
  const suggestions = new Map((opts.suggestions ?? []).map((s) => [s.after, s.text]));
  const votes = opts.votes ?? 'crowd';
  const host = { id: 'web:demo-host', isModerator: true };
  const place: Place = { platform: 'web', chatId: 'demo' };
  const episodes: DemoEpisode[] = [];
  let app: App | undefined;
  try {
    await migrateToLatest(handle);
    app = createApp({
      config,
      db: handle,
      log: silentLogger,
      clock,
      random: seededRandom(opts.seed),
      writer: new OfflineWriter(),
      publishers: [channel],
      ...(renderer ? { renderer } : {}),
    });
    const command = [
      '/series new',
      quoted('title', opts.title ?? DEMO_SERIES.title),
      quoted('premise', opts.premise ?? DEMO_SERIES.premise),
      ...(opts.tone ? [`tone=${opts.tone}`] : []),
      'ties=random',
      quoted('cast', opts.cast ?? DEMO_SERIES.cast),
    ].join(' ');
    const reply = await app.commandText(command, host, place);
    const seriesRow = await handle.db.selectFrom('series').selectAll().executeTakeFirst();
    // The command refused (a bad cast, a premise too short): its answer is the reason.
    if (!seriesRow) throw new Error(reply.text);
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
      const stored = await handle.db.selectFrom('episodes').select(['script', 'title', 'story']).where('id', '=', post.episode.id).executeTakeFirstOrThrow();
      const script = JSON.parse(stored.script!) as Script;
      opts.print(formatScript(script, n));
      const episode: DemoEpisode = { number: n, title: stored.title ?? script.title, script, ballot: [], winner: null, story: parseJson<EpisodeStory>(stored.story) };
      episodes.push(episode);
      if (opts.outDir && post.episode.videoPath) {
        await fs.promises.mkdir(opts.outDir, { recursive: true });
        const target = path.join(opts.outDir, `episode-${n}${path.extname(post.episode.videoPath)}`);
        await fs.promises.copyFile(post.episode.videoPath, target);
        if (post.episode.posterPath) await fs.promises.copyFile(post.episode.posterPath, path.join(opts.outDir, `episode-${n}.png`));
        opts.print(`\n▶ ${target} (${Math.round((post.episode.durationMs ?? 0) / 1000)} s, ${((post.episode.sizeBytes ?? 0) / 1048576).toFixed(1)} MiB)`);
      }
      if (n === opts.episodes) {
        episode.ballot = await ballotOf(post.ballot.id);
        break;
      }
      const suggestion = suggestions.get(n);
      const target = suggestion ? await suggestAndApprove(app, suggestion, n) : undefined;
      const ballotNow = await app.engine.ballots.view(await handle.db.selectFrom('ballots').selectAll().where('id', '=', post.ballot.id).executeTakeFirstOrThrow());
      const active = ballotNow.options.filter((o) => o.status === 'active');
      const writerOptions = active.filter((o) => o.source === 'writer');
      const pool = writerOptions.length ? writerOptions : active;
      const wanted = target ?? (votes === 'first' ? pool[0]!.letter : votes === 'last' ? pool.at(-1)!.letter : votes === 'random' ? pool[Math.floor(crowd() * pool.length)]!.letter : undefined);
      if (wanted === undefined) {
        // The crowd votes: each viewer leans toward one twist, some change their minds.
        const voters = 5 + Math.floor(crowd() * 30);
        for (let v = 0; v < voters; v++) {
          const pick = active[Math.floor(crowd() ** 1.6 * active.length)]!;
          await app.commandText(`/vote ${pick.letter}`, { id: `web:viewer${v}`, isModerator: false }, place);
        }
      } else {
        await voteFor(
          app,
          place,
          active.map((o) => o.letter),
          wanted,
          crowd,
        );
      }
      clock.advance(config.defaults.voteWindowMs);
      await app.tick();
      const ballot = await handle.db.selectFrom('ballots').selectAll().where('episode_id', '=', post.episode.id).executeTakeFirstOrThrow();
      const result = await app.engine.ballots.view(ballot);
      const lines = result.options
        .filter((o) => o.status === 'active')
        .map((o) => `   ${o.letter}. ${o.label} — ${o.votes}${o.letter === result.winnerLetter ? '  ← wins' : ''}${o.source === 'community' ? '  (community)' : ''}`);
      opts.print(['', 'The vote:', ...lines, ''].join('\n'));
      episode.ballot = await ballotOf(ballot.id);
      const winner = result.options.find((o) => o.letter === result.winnerLetter);
      episode.winner = winner ? { letter: winner.letter, label: winner.label, source: winner.source } : null;
      if (target && result.winnerLetter !== target) throw new Error(`the suggestion after episode ${n} did not win its ballot (${result.winnerLetter ?? 'no winner'} did)`);
    }
    await app.stop();
    app = undefined;
    const first = channel.posts[0]?.episode.videoPath;
    if (opts.outDir && !opts.noVideo && first?.endsWith('.mp4')) {
      const sheet = path.join(opts.outDir, 'contact.png');
      await contactSheet(resolveBinaries({ ffmpegPath: config.render.ffmpegPath, ffprobePath: config.render.ffprobePath }), first, sheet, { every: 4, columns: 6, rows: 3 });
      opts.print(`\n▦ ${sheet}: frames of episode 1 every 4 s`);
    }
    const finalSeries = await handle.db.selectFrom('series').selectAll().where('id', '=', seriesRow.id).executeTakeFirstOrThrow();
    const cast = await handle.db.selectFrom('characters').select(['name', 'species']).where('series_id', '=', seriesRow.id).orderBy('position').execute();
    return {
      series: {
        title: finalSeries.title,
        premise: finalSeries.premise,
        tone: finalSeries.tone,
        cast: cast.map((c) => ({ name: c.name, species: c.species })),
        bible: parseJson<Record<string, unknown>>(finalSeries.bible),
      },
      episodes,
    };
  } finally {
    await app?.stop();
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  async function ballotOf(ballotId: string): Promise<DemoBallotOption[]> {
    const rows = await handle.db
      .selectFrom('ballot_options')
      .select(['position', 'label', 'teaser', 'source', 'twist'])
      .where('ballot_id', '=', ballotId)
      .where('status', '=', 'active')
      .orderBy('position')
      .execute();
    return rows.map((r) => ({ letter: String.fromCharCode(65 + r.position), label: r.label, teaser: r.teaser, source: r.source, twist: parseJson<TwistOp>(r.twist) }));
  }

  /** A viewer suggests the twist; the moderator approves it onto the open ballot. Returns its letter. */
  async function suggestAndApprove(app: App, text: string, after: number): Promise<string> {
    const viewer = { id: `web:suggester${after}`, isModerator: false };
    const said = await app.commandText(`/suggest ${quoted('twist', text)}`, viewer, place);
    // Replies come in the series' language: the number follows #, the option's letter ends the reply.
    const number = /#(\d+)/.exec(said.text)?.[1];
    if (!number) throw new Error(`--suggest "${after}:${text.slice(0, 30)}": the suggestion was refused: ${said.text}`);
    const approved = await app.commandText(`/mod approve ${number}`, host, place);
    const letter = /(?:^|[^A-Za-z])([A-H])[^A-Za-z]*$/.exec(approved.text)?.[1];
    if (!letter) throw new Error(`--suggest "${after}:${text.slice(0, 30)}": the moderator could not put it on the ballot: ${approved.text}`);
    opts.print(`\n💡 A viewer suggests: “${text}” — approved as option ${letter}.`);
    return letter;
  }
}

/** A crowd that favours `wanted`: a few seeded votes elsewhere, and a clear majority for it. */
async function voteFor(app: App, place: Place, letters: string[], wanted: string, crowd: () => number): Promise<void> {
  const others = letters.filter((l) => l !== wanted);
  const tally = new Map<string, number>();
  let v = 0;
  const stray = others.length ? Math.floor(crowd() * 8) : 0;
  for (let i = 0; i < stray; i++) {
    const pick = others[Math.floor(crowd() * others.length)]!;
    tally.set(pick, (tally.get(pick) ?? 0) + 1);
    await app.commandText(`/vote ${pick}`, { id: `web:viewer${v++}`, isModerator: false }, place);
  }
  const needed = Math.max(0, ...tally.values()) + 1 + Math.floor(crowd() * 10);
  for (let i = 0; i < needed; i++) await app.commandText(`/vote ${wanted}`, { id: `web:viewer${v++}`, isModerator: false }, place);
}
