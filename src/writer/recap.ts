import type { RecapRequest, RecapWriter } from '../core/ports.js';
import { LIMITS, SceneSchema, ScriptSchema, type Scene, type Script } from './script.js';
import { sceneDrama } from './drama.js';
import { sceneSeconds, speakingSeconds, timeScript } from './timing.js';

/**
 * "The story so far" as a script: the episode script's shape, so the renderer gives it voices,
 * captions, music, the cold open and the ballot's end card like any episode. Each scene reuses the
 * staging of a published episode's most dramatic scene (same setting, cast, actions and props, so
 * the same art); the narrator tells the situation, what happened (each episode's line, the winning
 * twists in order) and what is still open, ending on the open ballot. Told in the story model's
 * language (English or Chinese); 30–60 s once voiced.
 */

type Lang = 'en' | 'zh';

const TEXT: Record<Lang, { title: (t: string) => string; hook: (t: string) => string; then: string[]; open: (q: string) => string; decide: string; coming: string; join: string }> = {
  en: {
    title: (t) => `${t}: the story so far`,
    hook: (t) => `${t}: the story so far.`,
    then: ['Then', 'Next', 'After that', 'And then', 'Soon'],
    open: (q) => `Still unanswered: ${q}`,
    decide: 'What happens next? You decide.',
    coming: 'The votes are in, and the next episode is on its way.',
    join: ' ',
  },
  zh: {
    title: (t) => `${t}·前情提要`,
    hook: (t) => `${t}，前情提要。`,
    then: ['接着', '随后', '后来', '然后', '很快'],
    open: (q) => `悬而未决：${q}`,
    decide: '接下来会怎样？由你决定！',
    coming: '投票已经结束，下一集马上就来。',
    join: '',
  },
};

/** Seconds of narration the middle of the recap may take (the opening, the events, the close). */
const BUDGET = { situation: 9, events: 14, close: 8 } as const;
/** Seconds of words (after the hook) below which a recap takes more of its episodes' own: about 30 s of video with the cards. */
const FLOOR_SECONDS = 33;
/** The scenes a script may have, less the hook and the close. */
const MIDDLE_SCENES = 5;

const BEAT_DRAMA: Partial<Record<Scene['beat'], number>> = { turn: 2, cliffhanger: 1 };

/** How much a scene shows of the drama: its staging first (a slap, a collapse), then its faces. */
function drama(scene: Scene): number {
  return sceneDrama(scene).score + (BEAT_DRAMA[scene.beat] ?? 0) + (scene.characters.length > 1 ? 1 : 0);
}

/** The scenes of a stored script that still read (one broken scene does not lose the episode). */
function scenesOf(script: unknown): Scene[] {
  const raw = (script as { scenes?: unknown } | null)?.scenes;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((s) => {
    const parsed = SceneSchema.safeParse(s);
    return parsed.success ? [parsed.data] : [];
  });
}

/** A summary line as the narrator says it: without its "Ep 3:" tag, each sentence once, the first `max` seconds' worth. */
export function eventLine(summary: string, lang: Lang): string {
  const bare = summary.replace(/^\s*(Ep(isode)?\.?\s*\d+\s*[:：.]|第\s*\d+\s*集\s*[:：]?)\s*/i, '').trim();
  const sentences = bare.match(lang === 'zh' ? /[^。！？!?]+[。！？!?]?/g : /[^.!?]+[.!?]?/g) ?? [];
  const seen = new Set<string>();
  const unique = sentences.map((s) => s.trim()).filter((s) => s && !seen.has(s) && seen.add(s));
  return unique[0] ?? '';
}

/** `text` cut at a word (or, in Chinese, a character) so it fits `max` characters. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const at = cut.lastIndexOf(' ');
  return `${(at > max / 2 ? cut.slice(0, at) : cut).replace(/[\s,;:，；：]+$/, '')}…`;
}

/** Splits 1..n into `k` runs of neighbouring items, as even as they come (the later ones take the remainder). */
function runs<T>(items: T[], k: number): T[][] {
  const out: T[][] = [];
  let from = 0;
  for (let i = 0; i < k; i++) {
    const size = Math.floor((items.length - from) / (k - i));
    out.push(items.slice(from, from + size));
    from += size;
  }
  return out.filter((r) => r.length > 0);
}

function withConnector(sentence: string, connector: string, lang: Lang): string {
  return lang === 'zh' ? `${connector}，${sentence}` : `${connector}, ${sentence}`;
}

/** The recap script for `req`; throws when fewer than two episodes can be shown. */
export function recapScript(req: RecapRequest): Script {
  const lang: Lang = req.bible.language === 'zh' ? 'zh' : 'en';
  const words = TEXT[lang];
  const episodes = req.episodes
    .map((e) => {
      const scenes = scenesOf(e.script);
      const key = scenes.reduce<Scene | undefined>((best, s) => (!best || drama(s) >= drama(best) ? s : best), undefined);
      return { ...e, scenes, key, line: eventLine(e.summary, lang), drama: key ? drama(key) : -1 };
    })
    .filter((e) => e.scenes.length > 0);
  if (episodes.length < 2) throw new Error(`a recap needs two episodes with scenes; ${episodes.length} found`);

  // The middle: the episodes in runs, one scene each, shown by the run's most dramatic episode (the
  // last run by the latest episode: what just happened) and told by its line, then by the lines of
  // the most dramatic others while the time allows.
  const groups = runs(episodes, Math.min(MIDDLE_SCENES, episodes.length)).map((run, i, all) => ({
    run,
    shown: i === all.length - 1 ? run.at(-1)! : run.reduce((best, e) => (e.drama >= best.drama ? e : best)),
  }));
  const told = new Set<number>();
  let spent = 0;
  const tell = (e: (typeof episodes)[number], always: boolean) => {
    const seconds = speakingSeconds(e.line);
    if (!e.line || told.has(e.number) || (!always && spent + seconds > BUDGET.events)) return;
    told.add(e.number);
    spent += seconds;
  };
  for (const g of groups) tell(g.shown, true);
  for (const e of [...episodes].sort((a, b) => b.drama - a.drama || b.number - a.number)) tell(e, false);

  const situation = clip(req.bible.situation || req.bible.incident?.sentence || '', 200);
  let connector = 0;
  const middle: Scene[] = groups.map((g, i) => {
    const lines = g.run.filter((e) => told.has(e.number)).map((e) => e.line);
    const events = lines.map((line, k) => (i === 0 && k === 0 ? line : withConnector(line, words.then[connector++ % words.then.length]!, lang)));
    const parts = [...(i === 0 && situation && speakingSeconds(situation) <= BUDGET.situation ? [situation] : []), ...events];
    // Within the script's limit for a scene: the later lines give way.
    while (parts.length > 1 && parts.join(words.join).length > LIMITS.narration) parts.pop();
    const narration = parts.join(words.join);
    return {
      ...stagingOf(g.shown.key!),
      beat: i === 0 ? 'payoff' : i === groups.length - 1 ? 'turn' : 'escalation',
      narration: clip(narration || g.shown.title, LIMITS.narration),
      dialogue: [],
      seconds: 1,
    };
  });

  // The close: the last episode's cliffhanger, the question still open, and the ballot.
  const last = episodes.at(-1)!;
  const open = req.state.threads.filter((t) => t.status === 'open');
  const question = (open.find((t) => t.central) ?? open.at(-1))?.question ?? req.bible.question;
  const cliffhanger = req.state.cliffhanger?.text ?? (last.script as { cliffhanger?: string } | null)?.cliffhanger ?? '';
  // Ends on the vote while the ballot is open; after it closed, on the episode to come.
  const closing = [cliffhanger, words.open(question), req.ballot.open ? words.decide : words.coming].filter(Boolean);
  while (closing.length > 1 && speakingSeconds(closing.join(words.join)) > BUDGET.close) closing.shift();
  const close: Scene = {
    ...stagingOf(last.scenes.at(-1)!),
    beat: 'cliffhanger',
    narration: clip(closing.join(words.join), LIMITS.narration),
    dialogue: [],
    seconds: 1,
  };

  // A short story (two or three episodes) still makes a recap of half a minute: the key shots get
  // their own words back (a line of dialogue, then the scene's narration), and the close its cliffhanger.
  const fill: (() => void)[] = [
    () => {
      if (cliffhanger && !close.narration.startsWith(cliffhanger)) close.narration = clip(`${cliffhanger}${words.join}${close.narration}`, LIMITS.narration);
    },
    ...groups
      .map((g, i) => () => {
        const line = g.shown.key!.dialogue[0];
        if (line) middle[i]!.dialogue = [line];
      })
      .reverse(),
    ...groups
      .map((g, i) => () => {
        const joined = `${g.shown.key!.narration}${words.join}${middle[i]!.narration}`;
        if (joined.length <= LIMITS.narration) middle[i]!.narration = joined;
      })
      .reverse(),
  ];
  for (const add of fill) {
    if ([...middle, close].reduce((sum, scene) => sum + sceneSeconds(scene), 0) >= FLOOR_SECONDS) break;
    add();
  }

  const first = episodes[0]!;
  const hook: Scene = { ...stagingOf(first.scenes[0]!), beat: 'hook', narration: clip(words.hook(req.series.title), LIMITS.narration), dialogue: [], seconds: 1 };
  const twists = ballotTwists(req.ballot.options);
  const script = timeScript({
    title: clip(words.title(req.series.title), LIMITS.title),
    hook: clip(hook.narration, LIMITS.hook),
    previously: null,
    scenes: [hook, ...middle, close],
    cliffhanger: clip(cliffhanger || close.narration, LIMITS.cliffhanger),
    twists,
  });
  // The renderer checks it again; a recap that fails here is a bug in this file, not in an episode.
  return ScriptSchema.parse(script);
}

/** Where a scene happens and who is in it, as the episode staged it (its words are the recap's own). */
function stagingOf(scene: Scene): Pick<Scene, 'setting' | 'characters' | 'props'> {
  return {
    setting: scene.setting,
    characters: scene.characters,
    ...(scene.props?.length ? { props: scene.props } : {}),
  };
}

/** The open ballot as the script's twists (2–4, labels all different); the end card shows the ballot itself. */
function ballotTwists(options: RecapRequest['ballot']['options']): Script['twists'] {
  const seen = new Set<string>();
  const twists = options
    .map((o) => ({ kind: clip(o.kind || 'community', 30), label: clip(o.label, LIMITS.label), teaser: clip(o.teaser || o.label, LIMITS.teaser) }))
    .filter((t) => !seen.has(t.label.toLowerCase()) && seen.add(t.label.toLowerCase()))
    .slice(0, 4);
  const spare = ['Something nobody expects', 'A secret comes out'];
  while (twists.length < 2) {
    const label = spare.find((s) => !seen.has(s.toLowerCase()))!;
    seen.add(label.toLowerCase());
    twists.push({ kind: 'community', label, teaser: label });
  }
  return twists;
}

/** The recap writer every process uses: the story model's own words, offline. */
export class StoryRecapWriter implements RecapWriter {
  async recap(request: RecapRequest): Promise<Script> {
    return recapScript(request);
  }
}
