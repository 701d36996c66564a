import { describe, expect, it } from 'vitest';
import type { RecapRequest } from '../../src/core/ports.js';
import type { Bible } from '../../src/core/story/model.js';
import { runDemo, type DemoResult } from '../../src/demo.js';
import { eventLine, recapScript } from '../../src/writer/recap.js';
import { ScriptSchema } from '../../src/writer/script.js';
import { totalSeconds } from '../../src/writer/timing.js';

/** What the loop would hand the recap writer after the demo's last episode. */
function requestOf(demo: DemoResult): RecapRequest {
  const last = demo.episodes.at(-1)!;
  return {
    series: { id: 'sr_test', title: demo.series.title, language: 'en', seed: 1 },
    bible: demo.series.bible as unknown as Bible,
    state: last.story!.state,
    episodes: demo.episodes.map((e, i) => ({
      number: e.number,
      title: e.title,
      script: e.script,
      summary: e.story?.summary ?? '',
      twist: i ? { label: demo.episodes[i - 1]!.winner!.label, source: 'writer' } : null,
    })),
    ballot: { open: true, options: last.ballot.map((o) => ({ letter: o.letter, label: o.label, teaser: o.teaser, kind: o.twist?.kind ?? 'community' })) },
  };
}

const staging = (s: { setting: string; characters: { name: string; action?: string | undefined }[] }) => JSON.stringify([s.setting, s.characters.map((c) => [c.name, c.action])]);

describe('the recap script', () => {
  it('tells twenty episodes in at most eight scenes, each staged as an episode staged it, ending on the latest episode and the ballot', async () => {
    const demo = await runDemo({ episodes: 20, seed: 11, print: () => {}, noVideo: true });
    const script = recapScript(requestOf(demo));
    expect(ScriptSchema.safeParse(script).success).toBe(true);
    expect(script.scenes.length).toBeGreaterThanOrEqual(4);
    expect(script.scenes.length).toBeLessThanOrEqual(8);
    const staged = new Set(demo.episodes.flatMap((e) => e.script.scenes.map(staging)));
    for (const scene of script.scenes) expect(staged).toContain(staging(scene));
    // What just happened is told before the close, and the close hands over to the vote.
    const latest = eventLine(demo.episodes.at(-1)!.story!.summary, 'en');
    expect(script.scenes.at(-2)!.narration).toContain(latest.slice(0, 30));
    expect(script.scenes.at(-1)!.narration).toMatch(/You decide\.$/);
    expect(script.twists.map((t) => t.label)).toEqual(
      demo.episodes
        .at(-1)!
        .ballot.slice(0, 4)
        .map((o) => o.label),
    );
    // Words for 30 to 60 seconds of video, cards included (the cold open, "to be continued", the ballot).
    expect(totalSeconds(script)).toBeGreaterThan(28);
    expect(totalSeconds(script)).toBeLessThan(46);
  });

  it('fills a short story out to half a minute with its key shots’ own words', async () => {
    const demo = await runDemo({ episodes: 2, seed: 3, print: () => {}, noVideo: true });
    const script = recapScript(requestOf(demo));
    expect(script.scenes).toHaveLength(4);
    expect(totalSeconds(script)).toBeGreaterThan(30);
  });

  it('is told in Chinese for a Chinese story', async () => {
    const demo = await runDemo({
      episodes: 3,
      seed: 5,
      print: () => {},
      noVideo: true,
      title: '爪爪的命运',
      premise: '柴犬在医院醒来，不记得婚礼上发生了什么，床边的每个人都在撒谎。',
      cast: '豆豆: 柴犬, 月月: 黑猫',
    });
    const script = recapScript(requestOf(demo));
    expect(script.title).toBe('爪爪的命运·前情提要');
    expect(script.scenes[0]!.narration).toBe('爪爪的命运，前情提要。');
    expect(script.scenes.at(-1)!.narration).toContain('由你决定');
    expect(script.scenes.slice(1).every((s) => /[\u4e00-\u9fff]/.test(s.narration))).toBe(true);
  });

  it('says each event once, without its episode tag', () => {
    expect(eventLine('Ep 4: Luna forgave Biscuit. Luna forgave Biscuit.', 'en')).toBe('Luna forgave Biscuit.');
    expect(eventLine('第 3 集：月月原谅了豆豆。月月原谅了豆豆。', 'zh')).toBe('月月原谅了豆豆。');
  });
});
