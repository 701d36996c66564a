import { describe, expect, it } from 'vitest';
import { writeOffline } from '../../src/writer/offline/offline-writer.js';
import { ScriptSchema, type Script } from '../../src/writer/script.js';
import { speakingSeconds } from '../../src/writer/timing.js';
import { request } from './fixtures.js';

const valid = (): Script => structuredClone(writeOffline(request()).script as Script);
const issues = (s: unknown) => {
  const r = ScriptSchema.safeParse(s);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('the episode script', () => {
  it('accepts what the offline writer writes', () => {
    expect(issues(valid())).toEqual([]);
  });

  it('wants twist options with different labels of at most 55 characters', () => {
    const s = valid();
    s.twists = s.twists.map((t) => ({ ...t, label: 'The same twist' }));
    expect(issues(s)).toContain('twist labels must all be different');
    const t = valid();
    t.twists[0]!.label = 'x'.repeat(56);
    expect(issues(t).join()).toMatch(/55/);
  });

  it('wants the beat sheet: a hook first, a cliffhanger last, speakers on screen', () => {
    const s = valid();
    s.scenes[0]!.beat = 'turn';
    s.scenes.at(-1)!.beat = 'turn';
    s.scenes[1]!.dialogue = [{ speaker: 'Nobody', line: 'Hi.' }];
    expect(issues(s)).toEqual(expect.arrayContaining(['the first scene must be the hook', 'the last scene must be the cliffhanger', 'Nobody speaks but is not on screen']));
  });

  it('counts seconds from words, and CJK text by characters', () => {
    expect(speakingSeconds('one two three four five six seven eight nine ten eleven twelve thirteen')).toBe(5);
    expect(speakingSeconds('柴犬が病院で目を覚ます')).toBeCloseTo(11 / 4.5, 5);
    expect(speakingSeconds('🐶💔 !!')).toBe(0);
  });
});
