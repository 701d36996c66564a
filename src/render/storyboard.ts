import os from 'node:os';
import type { CastMember } from '../core/ports.js';
import type { Emotion, Scene, Script } from '../writer/script.js';
import { sceneDrama } from '../writer/drama.js';
import { lookOf, looksOf, type Look } from './art/looks.js';
import { faceRows, type Framing, type ShotSpec } from './art/shots.js';
import { NARRATOR_VOICE, speakAnimalese, voiceFor, type Spoken } from './audio/animalese.js';
import { moodOf, type Mood } from './audio/music.js';
import { CAPTION_BOTTOM, captionBlock, captionBottom, type CaptionLine } from './captions.js';
import { oversize } from './assemble.js';
import { previouslyBody } from './art/cards.js';
import { textLanguage } from './text/language.js';
import { t } from '../i18n/i18n.js';

/**
 * From script to timeline: every line is voiced first, and each scene lasts as long as its voice
 * (within limits). The episode is a cold open on the most dramatic shot with the hook, a
 * "Previously on…" card from episode 2, the scenes, "To be continued…" and the ballot end card.
 */

export type Motion = 'push-in' | 'pan-left' | 'pan-right' | 'still';

export type Picture =
  | { kind: 'shot'; shot: ShotSpec }
  | { kind: 'cold-open'; shot: ShotSpec; seriesTitle: string; number: number; credit?: string }
  | { kind: 'previously'; seriesTitle: string; text: string }
  | { kind: 'to-be-continued' }
  | { kind: 'end-card'; options: { letter: string; label: string }[]; shot?: ShotSpec };

export interface Segment {
  picture: Picture;
  start: number;
  duration: number;
  motion: Motion;
  /** The twist beat: a flash and a shake as it lands. */
  jolt: boolean;
  mood: Mood | null;
  /** When each character's words are voiced, in seconds from the segment's start: their mouth moves then. */
  talking: { name: string; windows: [number, number][] }[];
  /** How it follows the segment before: a cut (within a scene, into a card) or a crossfade (a new scene). */
  transition?: 'cut' | 'crossfade';
  /** Who walks out of the frame in this shot (after their last words in it). */
  exits?: string[];
  /** Who walks into the frame at the start of this shot, to their place. */
  entrances?: string[];
}

export interface VoiceClip {
  start: number;
  spoken: Spoken;
}

export interface Storyboard {
  segments: Segment[];
  voice: VoiceClip[];
  captions: CaptionLine[];
  /** Where the captions sit while a picture is on screen, where not the usual place (clear of the faces). */
  captionPlaces: { from: number; to: number; bottom: number }[];
  duration: number;
}

/** How a line becomes sound: the narrator's engine, or a character's animalese. */
export type Speak = (text: string, who: { narrator: true } | { narrator: false; name: string; look: Look }) => Promise<Spoken>;

export interface StoryboardInput {
  script: Script;
  number: number;
  seriesTitle: string;
  cast: CastMember[];
  options: { letter: string; label: string }[];
  /** "Twist by <name>" on the cold open: the community author of the twist this episode pays off. */
  credit?: string;
  /** The series' language (a tag or a name): the narrated "Previously on…" line speaks it. */
  language?: string;
}

const LEAD = 0.35;
const GAP = 0.25;
const MIN_SCENE = 2.5;
const MAX_SCENE = 30;
/** The cold open is a flash of the most dramatic shot: 1.6 to 2 seconds. */
const COLD_OPEN_MIN = 1.6;
const COLD_OPEN_MAX = 2;
const DRAMA: Emotion[] = ['shocked', 'crying', 'angry', 'scared'];

export const animaleseSpeaker: Speak = async (text, who) => speakAnimalese(text, who.narrator ? NARRATOR_VOICE : voiceFor(who.name, who.look));

/** Every line of the episode, voiced up front and side by side (system voices are slow processes). */
const lineKey = (text: string, who: Parameters<Speak>[1]) => `${who.narrator ? '' : who.name}\u0000${text}`;

async function voiceAll(lines: { text: string; who: Parameters<Speak>[1] }[], speak: Speak): Promise<Map<string, Spoken>> {
  const unique = [...new Map(lines.map((l) => [lineKey(l.text, l.who), l])).values()];
  const done = new Map<string, Spoken>();
  let next = 0;
  const lanes = Math.max(1, Math.min(4, os.availableParallelism()));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < unique.length) {
        const line = unique[next++]!;
        done.set(lineKey(line.text, line.who), await speak(line.text, line.who));
      }
    }),
  );
  return done;
}

/** What the narrator says over the "Previously on…" card, in the series' language. */
export function previouslyLine(seriesTitle: string, previously: string, language = 'en'): string {
  return t(textLanguage(language).locale, 'cards:previouslyLine', { title: seriesTitle, text: previouslyBody(previously) });
}

/** How long the camera holds on a reaction after the scene's last line. */
const REACTION = 1.3;

/** Who looks most shaken in a scene: the face a close-up is on. */
function mostDramatic(scene: Scene, not?: string): string {
  const rank = (e: Emotion) => (DRAMA.includes(e) ? DRAMA.length - DRAMA.indexOf(e) : 0);
  // A face, not the back of a head, and not someone on their way out.
  const candidates = scene.characters.filter((c) => c.name !== not && c.action !== 'turn away' && c.action !== 'storm out');
  return [...(candidates.length ? candidates : scene.characters)].sort((a, b) => rank(b.emotion) - rank(a.emotion))[0]!.name;
}

/**
 * The cold open (and the poster): the scene whose staging shows the most drama — a slap, a
 * proposal, a collapse — framed on everyone in it; the later and the closer to the hook's
 * characters the better. Without an action, the most shaken face in close-up.
 */
function coldOpenShot(scenes: readonly Scene[], hook: Scene): { scene: Scene; framing: Framing } {
  const hookNames = new Set(hook.characters.map((c) => c.name));
  const scored = scenes.map((scene, i) => {
    const { action, score } = sceneDrama(scene);
    const known = scene.characters.some((c) => hookNames.has(c.name)) ? 1 : 0;
    return { scene, action, score: score + known * 2 + i * 0.1 };
  });
  const best = scored.reduce((a, b) => (b.score >= a.score ? b : a));
  return { scene: best.scene, framing: best.action > 0 && best.scene.characters.length > 1 ? 'two' : 'close' };
}

/** A nominal 9:16 frame: where faces and captions fall is a matter of shares, not pixels. */
const FRAME = { width: 540, height: 960 };

/** Per shot, where its captions keep clear of the faces (see captions.ts `captionBottom`). */
function captionPlaces(segments: readonly Segment[]): Storyboard['captionPlaces'] {
  const big = oversize(FRAME.width, FRAME.height);
  const block = captionBlock(FRAME.width, FRAME.height);
  const places: Storyboard['captionPlaces'] = [];
  for (const seg of segments) {
    if (seg.picture.kind !== 'shot' && seg.picture.kind !== 'cold-open') continue;
    // Rows of the oversized still as shares of the frame, as the camera starts (centred) and, for
    // a push-in, as it ends (10 % closer about the middle).
    const faces = faceRows(seg.picture.shot, big.width, big.height).flatMap(([top, end]): [number, number][] => {
      const held = (y: number) => (y - (big.height - FRAME.height) / 2) / FRAME.height;
      const pushed = (y: number) => ((y - big.height / 2) * 1.1) / big.height + 0.5;
      return seg.motion === 'push-in'
        ? [
            [held(top), held(end)],
            [pushed(top), pushed(end)],
          ]
        : [[held(top), held(end)]];
    });
    const bottom = captionBottom(faces, block);
    if (bottom !== CAPTION_BOTTOM) places.push({ from: seg.start, to: seg.start + seg.duration, bottom });
  }
  return places;
}

interface Cut {
  /** Seconds from the scene's start. */
  at: number;
  framing: Framing;
  focus?: string;
  /** A reaction shot: held after the last line. */
  reaction?: boolean;
}

/**
 * The shot grammar of a scene: a wide establishing shot the first time a place is seen, the
 * characters together while they talk (a two-shot for a confrontation), a close-up when one
 * character carries the scene alone, and, when the scene turns or ends on a hook, a close-up
 * reaction of whoever hears it.
 */
export function shotsOf(scene: Scene, at: { firstVisit: boolean; narrationEnds: number; voiceEnds: number }): Cut[] {
  const cuts: Cut[] = [{ at: 0, framing: at.firstVisit ? 'wide' : 'two' }];
  const lines = scene.dialogue.length;
  if (lines && at.narrationEnds > 1.2) {
    const speakers = [...new Set(scene.dialogue.map((d) => d.speaker))];
    // Someone who storms out is seen saying their piece and leaving, all in one shot.
    const leaving = scene.characters.length > 1 && scene.characters.some((c) => c.action === 'storm out');
    cuts.push((scene.characters.length === 1 || speakers.length === 1) && !leaving ? { at: at.narrationEnds, framing: 'close', focus: speakers[0]! } : { at: at.narrationEnds, framing: 'two' });
  } else if (!lines && scene.characters.length === 1 && !at.firstVisit) cuts[0] = { at: 0, framing: 'close', focus: scene.characters[0]!.name };
  const dramatic = scene.beat === 'turn' || scene.beat === 'cliffhanger' || scene.characters.some((c) => c.emotion === 'shocked' || c.emotion === 'crying');
  if (dramatic && scene.characters.length > 1) {
    const last = scene.dialogue.at(-1)?.speaker;
    cuts.push({ at: at.voiceEnds, framing: 'close', focus: mostDramatic(scene, last), reaction: true });
  }
  // Two neighbouring shots the same are one shot.
  return cuts.filter((c, i) => i === 0 || c.framing !== cuts[i - 1]!.framing || c.focus !== cuts[i - 1]!.focus);
}

export async function planStoryboard(input: StoryboardInput, speak: Speak): Promise<Storyboard> {
  const { script } = input;
  const looks = looksOf(input.cast);
  const lookFor = (name: string) => looks.get(name) ?? lookOf({ name, species: 'cat', personality: '', look: {} });
  // The scene a sponsor is placed in carries it: its sign on the wall, its product in the holder's paw.
  const sponsorScene = script.sponsor ? script.scenes[script.sponsor.scene] : undefined;
  const sponsorMark = script.sponsor && { brand: script.sponsor.brand, product: script.sponsor.product, tier: script.sponsor.tier };
  const shotOf = (scene: Scene, framing: Framing = 'two', focus?: string): ShotSpec => ({
    setting: scene.setting,
    ...(sponsorMark && scene === sponsorScene ? { sponsor: sponsorMark } : {}),
    characters: scene.characters.map((c) => ({
      look: lookFor(c.name),
      emotion: c.emotion,
      speaking: scene.dialogue.some((d) => d.speaker === c.name),
      ...(c.action ? { action: c.action } : {}),
      ...(c.wardrobe?.length ? { wardrobe: c.wardrobe } : {}),
      ...(c.holding !== undefined ? { holding: c.holding } : {}),
      ...(sponsorMark && scene === sponsorScene && script.sponsor?.holder === c.name ? { sponsor: sponsorMark } : {}),
    })),
    ...(scene.props?.length ? { props: scene.props } : {}),
    framing,
    ...(focus ? { focus } : {}),
  });
  const segments: Segment[] = [];
  const voice: VoiceClip[] = [];
  const captions: CaptionLine[] = [];
  let t = 0;

  const lookOfSpeaker = (name: string) => lookFor(name);
  const previously = script.previously && input.number > 1 ? previouslyLine(input.seriesTitle, script.previously, input.language) : undefined;
  const voiced = await voiceAll(
    [
      ...script.scenes.map((s) => ({ text: s.narration, who: { narrator: true as const } })),
      ...(previously ? [{ text: previously, who: { narrator: true as const } }] : []),
      ...script.scenes.flatMap((s) => s.dialogue.map((d) => ({ text: d.line, who: { narrator: false as const, name: d.speaker, look: lookOfSpeaker(d.speaker) } }))),
    ],
    speak,
  );
  /** Lays a line at `at`; returns its length and its words' spans (absolute seconds). */
  const voiceLine = async (text: string, who: Parameters<Speak>[1], at: number, color = '#ffffff'): Promise<{ seconds: number; words: [number, number][] }> => {
    const spoken = voiced.get(lineKey(text, who)) ?? (await speak(text, who));
    voice.push({ start: at, spoken });
    const words = spoken.words.map((w) => ({ ...w, start: w.start + at, end: w.end + at }));
    captions.push({ speaker: who.narrator ? null : who.name, color, words });
    return { seconds: spoken.samples.length / 24_000, words: words.map((w) => [w.start, w.end]) };
  };
  const say = async (text: string, who: Parameters<Speak>[1], at: number): Promise<number> => (await voiceLine(text, who, at)).seconds;

  // Cold open: the most dramatic shot, the hook line, the title — for 1.6 to 2 seconds. A longer
  // hook line carries on over the next picture, whose own voice waits for it.
  const hookScene = script.scenes[0]!;
  const { scene: dramatic, framing: coldFraming } = coldOpenShot(script.scenes, hookScene);
  const hookEnds = LEAD + (await say(hookScene.narration, { narrator: true }, LEAD));
  const coldOpen = Math.min(COLD_OPEN_MAX, Math.max(COLD_OPEN_MIN, hookEnds + 0.2));
  segments.push({
    picture: {
      kind: 'cold-open',
      shot: shotOf(dramatic, coldFraming, coldFraming === 'close' ? mostDramatic(dramatic) : undefined),
      seriesTitle: input.seriesTitle,
      number: input.number,
      credit: input.credit,
    },
    start: 0,
    duration: coldOpen,
    motion: 'push-in',
    jolt: false,
    mood: 'tense',
    talking: [],
  });
  t = coldOpen;
  /** When the next line may start: after its picture's lead-in, and never over the hook line. */
  const firstLine = (start: number) => Math.max(start + LEAD, hookEnds + GAP);

  if (previously && script.previously) {
    const at = firstLine(t);
    const spoken = await say(previously, { narrator: true }, at);
    const duration = Math.max(2.5, at - t + spoken + 0.4);
    segments.push({ picture: { kind: 'previously', seriesTitle: input.seriesTitle, text: script.previously }, start: t, duration, motion: 'still', jolt: false, mood: 'tender', talking: [] });
    t += duration;
  }

  // Pans are cheap (a moving crop); a push-in resamples every frame, so the cold open and the
  // twist's reaction get one and the rest pan or hold.
  const pans: Motion[] = ['pan-left', 'pan-right'];
  let panned = 0;
  const seen = new Set<string>();
  for (const scene of script.scenes.slice(1)) {
    const start = t;
    let cursor = firstLine(start);
    cursor += (await say(scene.narration, { narrator: true }, cursor)) + GAP;
    const narrationEnds = cursor - GAP / 2;
    const talk = new Map<string, [number, number][]>();
    for (const line of scene.dialogue) {
      const look = lookFor(line.speaker);
      const spoken = await voiceLine(line.line, { narrator: false, name: line.speaker, look }, cursor, look.accent);
      talk.set(line.speaker, [...(talk.get(line.speaker) ?? []), ...spoken.words]);
      cursor += spoken.seconds + GAP;
    }
    const cuts = shotsOf(scene, { firstVisit: !seen.has(scene.setting.toLowerCase()), narrationEnds: narrationEnds - start, voiceEnds: cursor - start });
    seen.add(scene.setting.toLowerCase());
    const duration = Math.min(MAX_SCENE, Math.max(MIN_SCENE, cursor - start + 0.2 + (cuts.at(-1)?.reaction ? REACTION : 0)));
    const mood = moodOf(scene.characters.map((c) => c.emotion));
    // Cuts too short to see are folded into the one before.
    const kept = cuts.filter((c, k) => k === 0 || Math.min(c.at, duration) - Math.min(cuts[k - 1]!.at, duration) > 0.05);
    const spans = kept.map((c, k) => ({ cut: c, from: start + Math.min(c.at, duration), to: k + 1 < kept.length ? start + Math.min(kept[k + 1]!.at, duration) : start + duration }));
    // Whoever storms out walks off in the scene's last shot that shows everyone, after their lines.
    const exitShot = spans.findLastIndex((x) => x.cut.framing !== 'close');
    const leavers = scene.characters.filter((c) => c.action === 'storm out' && scene.characters.length > 1).map((c) => c.name);
    // Whoever arrives walks in at the start of the scene's first shot that shows everyone.
    const entryShot = spans.findIndex((x) => x.cut.framing !== 'close');
    const arrivals = scene.characters.filter((c) => c.action === 'enter').map((c) => c.name);
    // The twist lands once: on the reaction if there is one, else on the scene's first shot.
    const joltAt =
      scene.beat === 'turn'
        ? Math.max(
            0,
            spans.findIndex((x) => x.cut.reaction),
          )
        : -1;
    // A dissolve says "elsewhere": between scenes in two places. The next scene in the same place
    // cuts (a dissolve between two framings of one room leaves a ghost of a face over it).
    const before = segments.at(-1)?.picture;
    const elsewhere = before?.kind === 'shot' && before.shot.setting !== scene.setting;
    for (const [k, { cut, from, to }] of spans.entries()) {
      const visible = cut.framing === 'close' ? [cut.focus] : scene.characters.map((c) => c.name);
      const jolt = k === joltAt;
      const exits = k === exitShot ? leavers : [];
      const entrances = k === entryShot ? arrivals : [];
      segments.push({
        picture: { kind: 'shot', shot: shotOf(scene, cut.framing, cut.focus) },
        // Scenes in new places dissolve in; shots within a scene, and a twist that lands, cut.
        transition: k === 0 && !jolt && elsewhere ? 'crossfade' : 'cut',
        start: from,
        duration: to - from,
        motion: cut.reaction && jolt ? 'push-in' : cut.framing === 'close' ? 'still' : pans[panned++ % pans.length]!,
        jolt,
        mood,
        talking: [...talk]
          .filter(([name]) => visible.includes(name))
          .map(([name, spans]) => ({ name, windows: spans.filter(([a, b]) => b > from && a < to).map(([a, b]) => [Math.max(0, a - from), Math.min(to, b) - from] as [number, number]) }))
          .filter((x) => x.windows.length > 0),
        ...(exits.length ? { exits } : {}),
        ...(entrances.length ? { entrances } : {}),
      });
    }
    t += duration;
  }

  segments.push({ picture: { kind: 'to-be-continued' }, start: t, duration: 2.2, motion: 'still', jolt: false, mood: 'tense', talking: [] });
  t += 2.2;
  const endCard = Math.max(4, 1 + input.options.length * 0.8);
  segments.push({
    picture: { kind: 'end-card', options: input.options, shot: shotOf(script.scenes.at(-1)!, 'two') },
    start: t,
    duration: endCard,
    motion: 'still',
    jolt: false,
    mood: 'triumphant',
    talking: [],
  });
  t += endCard;
  return { segments, voice, captions, captionPlaces: captionPlaces(segments), duration: t };
}
