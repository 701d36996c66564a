import { describe, expect, it } from 'vitest';
import { sentences } from '../../src/core/story/state.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { TWIST_TEXT_ZH } from '../../src/writer/offline/bank/zh/twists.js';
import { RULES } from '../../src/core/story/twists.js';
import { ScriptSchema, type Script } from '../../src/writer/script.js';
import { checkStory } from '../../src/writer/story-check.js';
import { speakingSeconds } from '../../src/writer/timing.js';
import type { CastMember } from '../../src/core/ports.js';
import { ZH } from '../../src/writer/offline/lang/zh.js';
import { repeatClauses } from '../../src/core/story/language.js';
import { runSeries, type SeriesRun } from './fixtures.js';

/** A Chinese premise and cast, as a viewer in Shanghai would type them. */
const PREMISE = '一只仓鼠会计被指控偷了面包店的营业款，只有夜班的鹦鹉看见是谁打开了保险箱。';
const CAST: CastMember[] = [
  { name: '豆豆', species: '仓鼠', look: {}, personality: '焦虑', voice: '' },
  { name: '团子', species: '鹦鹉', look: {}, personality: '话多', voice: '' },
  { name: '可乐', species: '柴犬', look: {}, personality: '忠心', voice: '' },
  { name: '年糕', species: '橘猫', look: {}, personality: '高冷', voice: '' },
];
/** Suggestions as viewers write them, winning after episodes 3 and 7. */
const COMMUNITY: Record<number, string> = { 3: '其实可乐一直在替面包师打工', 7: '团子在撒谎!!' };

const scriptOf = (e: SeriesRun['episodes'][number]) => e.written.script as Script;
const textOf = (s: Script['scenes'][number]) => [s.narration, ...s.dialogue.map((d) => d.line)].join('');
const HAN = /\p{Script=Han}/u;

let series: SeriesRun | undefined;
async function zhSeries(): Promise<SeriesRun> {
  series ??= await runSeries(new OfflineWriter(), {
    premise: PREMISE,
    cast: CAST,
    tone: 'thriller',
    seed: 19,
    episodes: 12,
    pick: (n, options) => COMMUNITY[n] ?? (n * 5) % options.length,
  });
  return series;
}

describe('the offline writer in Simplified Chinese', () => {
  it('reads a Chinese premise into a Chinese bible: the accused, the event, its places and props, the question', async () => {
    const { bible } = await zhSeries();
    expect(bible.language).toBe('zh');
    expect(bible.genre).toBe('mystery');
    expect(bible.roles.find((r) => r.name === '豆豆')).toMatchObject({ role: 'protagonist', title: '仓鼠会计' });
    expect(bible.roles.find((r) => r.name === '团子')?.title).toBe('夜班的鹦鹉');
    expect(bible.incident).toMatchObject({ event: '面包店的营业款失窃案', accused: '豆豆' });
    expect(bible.places[0]).toEqual({ name: '面包店', fromPremise: true });
    expect(bible.props).toEqual(expect.arrayContaining(['营业款', '保险箱']));
    expect(bible.question).toBe('到底是谁偷走了面包店的营业款？');
    expect(bible.situation).toBe('仓鼠会计豆豆被指控偷了面包店的营业款，只有夜班的鹦鹉团子看见是谁打开了保险箱。');
  });

  it('writes a 12-episode series whose every line, title, label and teaser is Chinese, with no English template words', async () => {
    const { episodes } = await zhSeries();
    expect(episodes).toHaveLength(12);
    for (const e of episodes) {
      const script = scriptOf(e);
      expect(ScriptSchema.safeParse(script).success).toBe(true);
      const texts = [script.title, script.hook, script.cliffhanger, script.previously ?? '', ...script.scenes.flatMap((s) => [s.setting, s.narration, ...s.dialogue.map((d) => d.line)])];
      const ballot = e.written.twists.flatMap((t) => [t.label, t.teaser]);
      for (const text of [...texts, ...ballot].filter(Boolean)) {
        // Names here are Chinese too: a Latin letter would be a leftover of an English template or slot.
        expect(text, `episode ${e.request.episodeNumber}`).not.toMatch(/[A-Za-z{}]/);
        expect(text).toMatch(HAN);
      }
      for (const s of script.scenes) {
        expect(s.characters.length).toBeGreaterThan(0);
        for (const sentence of sentences(s.narration)) expect(sentence).toMatch(/[。！？…”」]$/u);
      }
    }
  });

  it('names its characters, keeps scenes in the bible places and times episodes by characters spoken', async () => {
    const { episodes, bible } = await zhSeries();
    const places = new Set(bible.places.map((p) => p.name));
    for (const e of episodes) {
      const script = scriptOf(e);
      const all = script.scenes.map(textOf).join('');
      expect(CAST.some((c) => all.includes(c.name))).toBe(true);
      for (const s of script.scenes) {
        expect(places.has(s.setting)).toBe(true);
        // About 4.5 characters a second, not a word a second: a 60-character narration lasts over ten seconds.
        expect(s.seconds).toBeGreaterThanOrEqual(speakingSeconds(s.narration));
      }
      const total = script.scenes.reduce((sum, s) => sum + s.seconds, 0);
      expect(total).toBeGreaterThan(40);
      expect(total).toBeLessThan(80);
    }
  });

  it('pays off the winning twist in the next episode, by its own persons, in the words voted for', async () => {
    const { episodes } = await zhSeries();
    for (const e of episodes.slice(1)) {
      const twist = e.request.story.twist!;
      const opening = scriptOf(e).scenes.slice(0, 3);
      const onScreen = new Set(opening.flatMap((s) => s.characters.map((c) => c.name)));
      const text = opening.map(textOf).join('') + scriptOf(e).hook;
      expect(onScreen.has(twist.op.actor), `${e.request.episodeNumber}: ${twist.label}`).toBe(true);
      if (twist.op.target && twist.op.kind !== 'vanish' && twist.source !== 'community') expect(onScreen.has(twist.op.target)).toBe(true);
      // Most of the label's two-character words are said (names aside), not the label read out.
      const words = new Set<string>();
      const bare = CAST.reduce((t, c) => t.split(c.name).join('|'), twist.label.replace(/[!！?？。]+$/u, ''));
      for (const part of bare.split('|')) for (let i = 0; i + 2 <= part.length; i++) words.add(part.slice(i, i + 2));
      const said = [...words].filter((w) => text.includes(w)).length / Math.max(1, words.size);
      expect(said, `${e.request.episodeNumber}: ${twist.label} — ${text}`).toBeGreaterThanOrEqual(0.6);
    }
  });

  it("pays off a viewer's Chinese suggestion in its own words, and it becomes a fact of the story", async () => {
    const { episodes } = await zhSeries();
    for (const [after, words] of Object.entries(COMMUNITY)) {
      const e = episodes[Number(after)]!;
      expect(e.request.story.twist?.source).toBe('community');
      const text = scriptOf(e).scenes.slice(0, 3).map(textOf).join('');
      const core = words.replace(/^其实/u, '').replace(/!+$/u, '');
      expect(text).toContain(core);
      expect(e.story.state.facts.some((f) => f.kind === 'community' && f.text.includes(core))).toBe(true);
    }
  });

  it('passes the story checker, the one the LLM writer is held to', async () => {
    const { episodes } = await zhSeries();
    for (const e of episodes) {
      const { problems } = checkStory(
        e.request.story,
        { script: scriptOf(e), twists: e.written.twists, changes: e.written.story.changes, cliffhanger: e.written.story.cliffhanger },
        { episode: e.request.episodeNumber, cast: CAST },
      );
      expect(problems, `episode ${e.request.episodeNumber}`).toEqual([]);
    }
  });

  it('has Chinese text for every twist kind the story model has', () => {
    for (const rule of RULES) {
      const text = TWIST_TEXT_ZH[rule.kind];
      expect(text, rule.kind).toBeDefined();
      expect(text!.labels.length).toBeGreaterThanOrEqual(1);
      expect(text!.hooks.length).toBeGreaterThanOrEqual(3);
      expect(text!.payoffs.length).toBeGreaterThanOrEqual(3);
      expect(text!.lines.length).toBeGreaterThanOrEqual(6);
      for (const t of [...text!.labels, ...text!.hooks, ...text!.payoffs, ...text!.teasers]) expect(t.replace(/\{[A-Za-z](?:\.[a-z]+)?\}/g, '')).not.toMatch(/[A-Za-z]/);
    }
  });

  it('tells every label of every twist kind as done with 了 where Chinese puts it', () => {
    const slots: Record<string, string> = { A: '豆豆', B: '团子', C: '可乐', O: '保险箱', P: '面包店' };
    const pick = <T>(list: readonly T[]) => list[0]!;
    const labels = [...Object.entries(TWIST_TEXT_ZH).flatMap(([kind, t]) => (kind === 'community' ? [] : t.labels)), ...ZH.fallbackMoves];
    for (const template of labels) {
      const label = template.replace(/\{([A-Z])\}/g, (_, k: string) => slots[k]!);
      const done = ZH.perfect(label, '豆豆', pick, ['豆豆', '团子', '可乐'])!;
      const told = done.replace(/^(就这样，)/u, '');
      expect(done, label).toMatch(/。$/u);
      // No 了 twice, none after 一起 or a word that leads a verb (把, 被, 不…), none between a verb and its complement.
      expect(told, label).not.toMatch(/了了|一起了|[把被不没只再]了|(?:过|回|起|进|出|下|上)了(?:来|去)|了(?:住|到|成|见|完)/u);
      // Every name, prop and place comes through whole ("保了险箱" is no prop).
      for (const [k, v] of Object.entries(slots)) if (template.includes(`{${k}}`)) expect(told, label).toContain(v);
      // Told as done: with 了, or a label that already says it is over.
      expect(/了/u.test(told) || /再也没|不醒|原来|竟然|就是/u.test(told), label).toBe(true);
    }
    // A viewer's words are told as they wrote them, with nothing put inside.
    expect(ZH.perfect('豆豆其实是卧底', '豆豆', pick, ['豆豆'])).toBe('就这样，豆豆其实是卧底。');
  });

  it("says no clause twice in one episode: not a gesture, not the season's question, not a fact (3 seeds × 8 episodes)", async () => {
    const cast: CastMember[] = [
      { name: '咪咪', species: '橘猫', look: {}, personality: '高冷', voice: '' },
      { name: '可乐', species: '柴犬', look: {}, personality: '忠心', voice: '' },
      { name: '豆豆', species: '仓鼠', look: {}, personality: '话多', voice: '' },
    ];
    for (const seed of [1, 2, 3]) {
      const run = await runSeries(new OfflineWriter(), {
        premise: '高冷的橘猫咪咪偷偷爱上了楼下咖啡店的柴犬可乐，可可乐早就和别人订了婚。',
        cast,
        tone: 'romance',
        seed,
        episodes: 8,
        pick: (n, options) => (n * 3 + seed) % options.length,
      });
      for (const e of run.episodes) {
        const script = scriptOf(e);
        const where = `seed ${seed}, episode ${e.request.episodeNumber}`;
        // The hook is said again as the first scene's first line, on purpose.
        const heard = script.scenes
          .flatMap((s) => [s.narration, ...s.dialogue.map((d) => d.line)])
          .flatMap((t) => sentences(t))
          .flatMap(repeatClauses);
        expect(
          heard.filter((c, i) => heard.indexOf(c) !== i),
          where,
        ).toEqual([]);
        const { problems } = checkStory(
          e.request.story,
          { script, twists: e.written.twists, changes: e.written.story.changes, cliffhanger: e.written.story.cliffhanger },
          { episode: e.request.episodeNumber, cast },
        );
        expect(problems, where).toEqual([]);
      }
    }
  });

  it('sums an episode up without saying its twist twice', async () => {
    const { episodes } = await zhSeries();
    for (const e of episodes) {
      const told = sentences(e.written.story.summary.replace(/^第\d+集：/u, ''));
      expect(told.length, e.written.story.summary).toBeGreaterThan(0);
      expect(new Set(told).size, e.written.story.summary).toBe(told.length);
    }
  });

  it('tells an English premise in Chinese when the series is in Chinese: read in English, written in Chinese', async () => {
    const cast: CastMember[] = [
      { name: 'Mochi', species: 'Shiba Inu', look: {}, personality: 'proud', voice: '' },
      { name: 'Luna', species: 'black cat', look: {}, personality: 'mysterious', voice: '' },
      { name: 'Biscuit', species: 'golden retriever', look: {}, personality: 'loyal', voice: '' },
    ];
    const run = await runSeries(new OfflineWriter(), {
      premise: 'A Shiba Inu wakes up in a hospital bed with no memory of the wedding, and everyone at the bedside is lying.',
      cast,
      tone: 'melodrama',
      language: 'zh',
      seed: 4,
      episodes: 6,
      pick: (n, options) => n % options.length,
    });
    expect(run.bible.genre).toBe('medical');
    for (const e of run.episodes) {
      const script = scriptOf(e);
      const texts = [script.title, script.hook, script.cliffhanger, ...script.scenes.flatMap((s) => [s.setting, s.narration, ...s.dialogue.map((d) => d.line)])];
      // Chinese throughout; only the cast's own names are in letters.
      for (const text of [...texts, ...e.written.twists.flatMap((t) => [t.label, t.teaser])]) {
        expect(
          cast.reduce((t, c) => t.split(c.name).join(''), text),
          `episode ${e.request.episodeNumber}`,
        ).not.toMatch(/[A-Za-z]/);
      }
      expect(texts.join('')).toMatch(HAN);
    }
    expect(scriptOf(run.episodes[0]!).scenes.map((s) => s.setting)).toEqual(expect.arrayContaining(['医院']));
  });
});
