import { describe, expect, it } from 'vitest';
import { lookOf } from '../../src/render/art/looks.js';
import { endCardCanvas } from '../../src/render/art/cards.js';
import { placements, shotCanvas, type ShotSpec } from '../../src/render/art/shots.js';
import { framesOf } from '../../src/render/assemble.js';
import { planStoryboard, previouslyLine, type Speak } from '../../src/render/storyboard.js';
import { CAST, shortScript } from './helpers.js';

/** A speaker that takes a fixed time per word, so that timings can be checked exactly. */
const speaker =
  (secondsPerWord: number): Speak =>
  async (text) => {
    const words = text.split(/\s+/).filter(Boolean);
    return {
      samples: new Float32Array(Math.round(words.length * secondsPerWord * 24_000)),
      words: words.map((word, i) => ({ word, start: i * secondsPerWord, end: (i + 1) * secondsPerWord })),
    };
  };

const OPTIONS = [
  { letter: 'A', label: 'Luna is an impostor' },
  { letter: 'B', label: 'Mochi collapses' },
];

async function plan(hook: string, secondsPerWord: number, number = 2) {
  const script = shortScript();
  script.scenes[0]!.narration = hook;
  return planStoryboard({ script, number, seriesTitle: 'Paws of Fate', cast: CAST, options: OPTIONS }, speaker(secondsPerWord));
}

describe('the storyboard', () => {
  it('opens cold on the most dramatic shot for 1.6 to 2 seconds, however long the hook line is', async () => {
    for (const [hook, perWord] of [
      ['Luna lied.', 0.2],
      ['Luna lied again, at the wedding.', 0.3],
      ['Nobody at the wedding saw Luna lie, and nobody ever will.', 0.4],
    ] as const) {
      const board = await plan(hook, perWord);
      const cold = board.segments[0]!;
      expect(cold.picture.kind).toBe('cold-open');
      expect(cold.motion).toBe('push-in');
      expect(cold.duration).toBeGreaterThanOrEqual(1.6);
      expect(cold.duration).toBeLessThanOrEqual(2);
      // The most dramatic scene: the last one with a shocked, crying, angry or scared character.
      expect(cold.picture.kind === 'cold-open' && cold.picture.shot.setting).toBe('wedding hall');
    }
  });

  it('opens cold on the scene that shows the most drama, everyone in it, when someone acts it out', async () => {
    const script = shortScript();
    script.scenes[1] = {
      ...script.scenes[1]!,
      setting: 'gala ballroom',
      characters: [
        { name: 'Luna', emotion: 'angry', action: 'slap' },
        { name: 'Mochi', emotion: 'shocked' },
      ],
    };
    const board = await planStoryboard({ script, number: 2, seriesTitle: 'Paws of Fate', cast: CAST, options: OPTIONS }, speaker(0.2));
    const cold = board.segments[0]!.picture;
    expect(cold.kind).toBe('cold-open');
    expect(cold.kind === 'cold-open' && cold.shot).toMatchObject({ setting: 'gala ballroom', framing: 'two' });
  });

  it('lets a long hook line finish over the next picture, and starts the next line only after it', async () => {
    const board = await plan('Nobody at the wedding saw Luna lie, and nobody ever will.', 0.4);
    const [hook, next] = board.voice;
    const hookEnds = hook!.start + hook!.spoken.samples.length / 24_000;
    expect(hookEnds).toBeGreaterThan(board.segments[0]!.duration);
    expect(next!.start).toBeGreaterThanOrEqual(hookEnds);
    expect(board.segments[1]!.picture.kind).toBe('previously');
    // The "Previously" card lasts until its own line is over.
    const card = board.segments[1]!;
    expect(card.start + card.duration).toBeGreaterThan(next!.start + next!.spoken.samples.length / 24_000);
  });

  it('never lets two voices or two captions overlap, and lays the pictures end to end', async () => {
    for (const number of [1, 2]) {
      const board = await plan('Nobody at the wedding saw Luna lie, and nobody ever will.', 0.35, number);
      const spans = board.voice.map((v) => [v.start, v.start + v.spoken.samples.length / 24_000] as const).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
      const lines = board.captions.map((c) => [c.words[0]!.start, c.words.at(-1)!.end] as const).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < lines.length; i++) expect(lines[i]![0]).toBeGreaterThanOrEqual(lines[i - 1]![1]);
      for (let i = 1; i < board.segments.length; i++) expect(board.segments[i]!.start).toBeCloseTo(board.segments[i - 1]!.start + board.segments[i - 1]!.duration, 6);
      const last = board.segments.at(-1)!;
      expect(board.duration).toBeCloseTo(last.start + last.duration, 6);
      expect(last.picture.kind).toBe('end-card');
    }
  });
});

describe('the shot grammar', () => {
  it('establishes a place wide the first time, frames confrontations together, and cuts to a reaction when the scene turns', async () => {
    const script = shortScript();
    script.scenes[2] = {
      ...script.scenes[2]!,
      setting: 'hospital room',
      characters: [
        { name: 'Mochi', emotion: 'angry' },
        { name: 'Luna', emotion: 'shocked' },
      ],
      narration: 'Then the lights go out, and Mochi finally sees the truth.',
      dialogue: [{ speaker: 'Mochi', line: 'You were never my sister.' }],
    };
    const board = await planStoryboard({ script, number: 2, seriesTitle: 'Paws of Fate', cast: CAST, options: OPTIONS }, speaker(0.2));
    const shots = board.segments.flatMap((s) => (s.picture.kind === 'shot' ? [s.picture.shot] : []));
    const cold = board.segments[0]!.picture;
    expect(cold.kind === 'cold-open' && cold.shot.framing).toBe('close');
    // The first shot of each place is wide; a place seen again starts on the characters.
    const firsts = new Map<string, string>();
    for (const s of shots) if (!firsts.has(s.setting)) firsts.set(s.setting, s.framing ?? 'two');
    expect([...firsts.values()].every((f) => f === 'wide')).toBe(true);
    expect(shots.some((s) => s.framing === 'two' && s.characters.length >= 2)).toBe(true);
    // The turn lands on a close-up of whoever hears it, with the flash and a push-in.
    const reaction = board.segments.find((s) => s.jolt)!;
    expect(reaction.picture.kind === 'shot' && reaction.picture.shot).toMatchObject({ framing: 'close', focus: 'Luna' });
    expect(reaction.motion).toBe('push-in');
    expect(new Set(shots.map((s) => `${s.setting}/${s.framing}/${s.focus ?? ''}`)).size).toBeGreaterThanOrEqual(4);
  });

  it('dissolves into a scene in a new place, and cuts into the next scene in the same place', async () => {
    const script = shortScript();
    const places = script.scenes.map((sc) => sc.setting);
    script.scenes[1] = { ...script.scenes[1]!, setting: places[0]! };
    script.scenes[2] = { ...script.scenes[2]!, setting: 'hospital room' };
    const board = await planStoryboard({ script, number: 1, seriesTitle: 'Paws of Fate', cast: CAST, options: OPTIONS }, speaker(0.2));
    const shots = board.segments.flatMap((seg, i) => (seg.picture.kind === 'shot' ? [{ seg, previous: board.segments[i - 1]?.picture }] : []));
    const opening = shots.filter(({ seg, previous }) => previous?.kind === 'shot' && previous.shot.setting !== (seg.picture.kind === 'shot' && seg.picture.shot.setting));
    expect(opening.length).toBeGreaterThan(0);
    for (const { seg } of opening) if (!seg.jolt) expect(seg.transition).toBe('crossfade');
    for (const { seg, previous } of shots) if (previous?.kind === 'shot' && seg.picture.kind === 'shot' && previous.shot.setting === seg.picture.shot.setting) expect(seg.transition).toBe('cut');
  });

  it('moves a mouth only while its words are voiced, and only for the one who speaks', async () => {
    const board = await plan('Luna lied.', 0.2);
    for (const seg of board.segments) {
      for (const t of seg.talking) {
        const lines = board.captions.filter((c) => c.speaker === t.name);
        for (const [a, b] of t.windows) {
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(seg.duration + 1e-6);
          // Each window lies within one of that character's own words.
          const at = seg.start + (a + b) / 2;
          expect(lines.some((l) => l.words.some((w) => w.start - 1e-6 <= at && at <= w.end + 1e-6))).toBe(true);
        }
      }
    }
    expect(board.segments.some((s) => s.talking.length > 0)).toBe(true);
  });
});

describe('staging on the timeline', () => {
  it('lands a twist once, walks a leaver out in the last shot that shows everyone, and never drifts a frame', async () => {
    const script = shortScript();
    script.scenes[2] = {
      ...script.scenes[2]!,
      characters: [
        { name: 'Mochi', emotion: 'angry', action: 'storm out' },
        { name: 'Luna', emotion: 'shocked' },
      ],
      narration: 'Then the lights go out, and Mochi has heard enough.',
      dialogue: [{ speaker: 'Mochi', line: 'Goodbye, Luna.' }],
    };
    const board = await planStoryboard({ script, number: 2, seriesTitle: 'Paws of Fate', cast: CAST, options: OPTIONS }, speaker(0.2));
    const turn = board.segments.filter((s) => s.picture.kind === 'shot' && s.picture.shot.setting === 'neon street at night');
    expect(turn.filter((s) => s.jolt)).toHaveLength(1);
    const exits = turn.filter((s) => s.exits?.length);
    expect(turn.some((s) => s.entrances?.length)).toBe(false);
    expect(exits).toHaveLength(1);
    expect(exits[0]!.exits).toEqual(['Mochi']);
    expect(exits[0]!.picture.kind === 'shot' && exits[0]!.picture.shot.framing).not.toBe('close');
    // The reaction is on the one who stays, not the back of the one who leaves.
    const reaction = turn.at(-1)!;
    expect(reaction.jolt).toBe(true);
    expect(reaction?.picture.kind === 'shot' && reaction.picture.shot.focus).toBe('Luna');
    // Frames counted from the start: the segments' frames add up to the whole.
    for (const fps of [24, 25, 30]) expect(board.segments.reduce((n, s) => n + framesOf(s, fps), 0)).toBe(Math.round(board.duration * fps));
  });

  it('walks an arrival in at the start of the first shot that shows everyone', async () => {
    const script = shortScript();
    script.scenes[1] = {
      ...script.scenes[1]!,
      characters: [
        { name: 'Mochi', emotion: 'crying' },
        { name: 'Luna', emotion: 'smug', action: 'enter' },
      ],
    };
    const board = await planStoryboard({ script, number: 2, seriesTitle: 'Paws of Fate', cast: CAST, options: OPTIONS }, speaker(0.2));
    const scene = board.segments.filter((s) => s.picture.kind === 'shot' && s.picture.shot.setting === 'hospital room');
    expect(scene[0]!.entrances).toEqual(['Luna']);
    expect(scene.slice(1).some((s) => s.entrances?.length)).toBe(false);
  });

  it('keeps whole characters in the frame: a patient and the bedside, and no slivers of others in a close-up', () => {
    const [mochi, luna, rex] = ['Mochi', 'Luna', 'Rex'].map((name, i) => ({
      look: lookOf({ name, species: ['rabbit', 'parrot', 'German Shepherd'][i]!, personality: '', look: {} }),
      emotion: 'sad' as const,
      speaking: false,
    }));
    const [w, h] = [400, 700];
    const bedside = placements({ setting: 'hospital room', characters: [{ ...mochi!, action: 'lie in bed' }, luna!, rex!] }, w, h);
    for (const p of bedside) {
      const lying = p.character.action === 'lie in bed';
      // The pillow end of a bed reaches 0.84 sizes left; someone standing, 0.3 either side.
      expect(p.x - (lying ? 0.84 : 0.3) * p.size, p.character.look.name).toBeGreaterThanOrEqual(w * 0.1 - 1);
      expect(p.x + (lying ? 0.63 : 0.3) * p.size, p.character.look.name).toBeLessThanOrEqual(w * 0.9 + 1);
    }
    const close = placements({ setting: 'office', characters: [mochi!, luna!, rex!], framing: 'close', focus: 'Luna' }, w, h);
    expect(close.map((p) => p.character.look.name)).toContain('Luna');
    for (const p of close) if (p.character.look.name !== 'Luna') expect(p.x + 0.3 * p.size > w * 0.1 && p.x - 0.3 * p.size < w * 0.9).toBe(true);
    expect(close.length).toBeLessThan(3);
  });

  it('keeps a bed, a doorway and an exit where they are when others hug or stand at the bedside', () => {
    const [mochi, luna, rex] = ['Mochi', 'Luna', 'Rex'].map((name) => ({ look: lookOf({ name, species: 'corgi', personality: '', look: {} }), emotion: 'sad' as const, speaking: false }));
    const at = (spec: ShotSpec) => Object.fromEntries(placements(spec, 400, 700).map((p) => [p.character.look.name, p]));
    const bedside = at({
      setting: 'hospital room',
      characters: [
        { ...mochi!, action: 'lie in bed' },
        { ...luna!, action: 'storm out' },
        { ...rex!, action: 'lie in bed' },
      ],
    });
    expect(bedside.Mochi!.character.action).toBe('lie in bed');
    expect(bedside.Rex!.character.action).toBe('sit');
    expect(bedside.Luna!.x).toBeGreaterThan(300);
    expect(bedside.Luna!.facing).toBe('right');
    const hug = at({
      setting: 'park',
      characters: [
        { ...mochi!, action: 'storm out' },
        { ...luna!, action: 'hug' },
      ],
    });
    expect(hug.Mochi!.x).toBeLessThan(100);
    expect(hug.Mochi!.facing).toBe('left');
  });
});

describe('the previously line', () => {
  it("is narrated in the series' language, without the label a writer put before it", () => {
    expect(previouslyLine('豪门喵事', '前情提要：咪咪和可乐一起追查。', 'zh')).toBe('《豪门喵事》前情提要：咪咪和可乐一起追查。');
    expect(previouslyLine('Paws of Fate', 'Previously: Luna lied.', 'en')).toBe('Previously on Paws of Fate: Luna lied.');
    expect(previouslyLine('قلوب', 'كذبت لونا.', 'ar')).toMatch(/^في الحلقات السابقة/);
  });
});

describe('the end card', () => {
  it('lays the ballot over the last scene, its cast showing below, and says how to vote', async () => {
    const script = shortScript();
    const board = await planStoryboard({ script, number: 2, seriesTitle: 'Paws of Fate', cast: CAST, options: OPTIONS }, speaker(0.2));
    const end = board.segments.at(-1)!.picture;
    expect(end.kind).toBe('end-card');
    expect(end.kind === 'end-card' && end.shot?.setting).toBe(script.scenes.at(-1)!.setting);
    const over = endCardCanvas(OPTIONS, 270, 480, 'en', shotCanvas(end.kind === 'end-card' ? end.shot! : (undefined as never), 270, 480));
    const plain = endCardCanvas(OPTIONS, 270, 480, 'en');
    const a = over.getContext('2d').getImageData(0, 380, 270, 100).data;
    const b = plain.getContext('2d').getImageData(0, 380, 270, 100).data;
    let differ = 0;
    for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 40) differ++;
    expect(differ).toBeGreaterThan(2000);
  });
});
