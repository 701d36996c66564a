import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { checkWritten } from '../../src/core/loop.js';
import type { WrittenEpisode } from '../../src/core/ports.js';
import { OfflineWriter } from '../../src/writer/offline/offline-writer.js';
import { request } from '../writer/fixtures.js';

describe('checking what a writer returned', () => {
  let written: WrittenEpisode;
  beforeAll(async () => {
    written = await new OfflineWriter().write(request());
  });

  /** The offline writer's episode, changed by `change`. */
  const edited = (change: (w: WrittenEpisode) => void): WrittenEpisode => {
    const w = structuredClone(written);
    change(w);
    return w;
  };
  /** Why checkWritten refuses `w`: a plain Error (the step fails), never words meant for a chat. */
  const refusal = (w: WrittenEpisode): string => {
    let error: unknown;
    try {
      checkWritten(w);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UserError);
    return (error as Error).message;
  };

  it('passes a good episode as it is', () => {
    expect(written.twists.length).toBeGreaterThanOrEqual(2);
    expect(checkWritten(written)).toEqual(written);
  });

  it('cleans the texts people see: control and invisible characters go, white space collapses, emoji and right-to-left text stay', () => {
    const checked = checkWritten(
      edited((w) => {
        w.title = '  Day\u0000 2:\u202E the   crown 👑 ';
        w.cliffhanger = 'Luna\tfreezes.\nThe door\u200B opens.\u0007';
        w.twists[0]!.label = '\u2066Luna\u2069 lies 🐶‍🦺';
        w.twists[0]!.teaser = 'القطة تعود من الموت\r\n';
      }),
    );
    expect(checked.title).toBe('Day 2: the crown 👑');
    expect(checked.cliffhanger).toBe('Luna freezes. The door opens.');
    expect(checked.twists[0]).toEqual({ label: 'Luna lies 🐶‍🦺', teaser: 'القطة تعود من الموت', op: written.twists[0]!.op });
    expect(checked.script).toEqual(written.script);
    expect(checked.story).toEqual(written.story);
  });

  it('refuses a ballot of fewer than two twists or more than six, and a twist without its operation, naming where', () => {
    expect(refusal(edited((w) => void w.twists.splice(1)))).toMatch(/^writer returned an invalid episode: .+ at twists$/);
    expect(refusal(edited((w) => void (w.twists = Array.from({ length: 7 }, (_, i) => ({ ...written.twists[0]!, label: `Twist ${i}` })))))).toMatch(/ at twists$/);
    expect(refusal(edited((w) => void delete (w.twists[0] as Partial<WrittenEpisode['twists'][0]>).op))).toMatch(/ at twists\.0\.op$/);
    expect(refusal(edited((w) => void ((w.twists[1]!.op as { kind?: string }).kind = undefined)))).toMatch(/ at twists\.1\.op\.kind$/);
    expect(refusal(edited((w) => void ((w.twists[1]!.op as { actor: unknown }).actor = 7)))).toMatch(/ at twists\.1\.op\.actor$/);
  });

  it('refuses a title that is not text and a story without its parts, naming where', () => {
    expect(refusal(edited((w) => void ((w as { title: unknown }).title = 42)))).toMatch(/ at title$/);
    expect(refusal(edited((w) => void delete (w.story as Partial<WrittenEpisode['story']>).summary))).toMatch(/ at story\.summary$/);
    expect(refusal(edited((w) => void ((w.story as { spoken: unknown }).spoken = 'everything')))).toMatch(/ at story\.spoken$/);
  });

  it('refuses two twists with the same label, however they are cased or spaced', () => {
    expect(refusal(edited((w) => void ((w.twists[0]!.label = ' Luna Lies '), (w.twists[1]!.label = 'luna lies'))))).toBe('writer returned an invalid episode: two twists share a label');
  });

  it('refuses an empty or invisible title, cliffhanger, label or teaser', () => {
    expect(refusal(edited((w) => void (w.title = '')))).toBe("writer returned an invalid episode: The episode title can't be empty.");
    expect(refusal(edited((w) => void (w.title = ' \u0000\u200B\u202E ')))).toBe("writer returned an invalid episode: The episode title can't be empty.");
    expect(refusal(edited((w) => void (w.cliffhanger = '\n\t')))).toBe("writer returned an invalid episode: The cliffhanger can't be empty.");
    expect(refusal(edited((w) => void (w.twists[1]!.label = '\u3164')))).toBe("writer returned an invalid episode: A twist label can't be empty.");
    expect(refusal(edited((w) => void (w.twists[0]!.teaser = '\u2060')))).toBe("writer returned an invalid episode: A twist teaser can't be empty.");
  });

  it('refuses texts over their limits, counted as a person counts characters', () => {
    expect(refusal(edited((w) => void (w.title = 'x'.repeat(101))))).toBe('writer returned an invalid episode: The episode title is too long (101 characters); keep it to 100.');
    expect(refusal(edited((w) => void (w.cliffhanger = 'x'.repeat(301))))).toBe('writer returned an invalid episode: The cliffhanger is too long (301 characters); keep it to 300.');
    expect(refusal(edited((w) => void (w.twists[0]!.label = 'x'.repeat(56))))).toBe('writer returned an invalid episode: A twist label is too long (56 characters); keep it to 55.');
    expect(refusal(edited((w) => void (w.twists[0]!.teaser = 'x'.repeat(201))))).toBe('writer returned an invalid episode: A twist teaser is too long (201 characters); keep it to 200.');
    // An emoji family is one character however many code points it takes.
    const checked = checkWritten(
      edited((w) => {
        w.title = '👨‍👩‍👧'.repeat(100);
        w.twists[0]!.label = '👨‍👩‍👧'.repeat(55);
      }),
    );
    expect(checked.title).toBe('👨‍👩‍👧'.repeat(100));
    expect(checked.twists[0]!.label).toBe('👨‍👩‍👧'.repeat(55));
  });
});
