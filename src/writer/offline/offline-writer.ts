import { hashSeed, seededRandom, type Random } from '../../core/clock.js';
import type { CastMember, WriteRequest, Writer, WrittenEpisode } from '../../core/ports.js';
import type { ArcBeat, Bible, Change, Cliffhanger, Fact, StoryState, TwistOp } from '../../core/story/model.js';
import { offerKey } from '../../core/story/episode.js';
import { arcBeat } from '../../core/story/arc.js';
import { applyChanges, RECENT_SAID, sayHash, sentences } from '../../core/story/state.js';
import { checkTwist, kindsFor, legalTwists, RULE_BY_KIND, twistEffects, type Family } from '../../core/story/twists.js';
import { World } from '../../core/story/world.js';
import { namePattern, repeatClauses, type StoryLanguage } from '../../core/story/language.js';
import { truncate } from '../../core/text.js';
import { LIMITS, ScriptSchema, describeIssues, type Emotion, type Scene, type Script } from '../script.js';
import { stageScenes } from '../stage.js';
import { audienceBonus, FavouredCap, favouredCap, favouredKind } from '../audience.js';
import { speakingSeconds, timeScript, totalSeconds } from '../timing.js';
import type { KindText } from './bank/types.js';
import { canFill, fill, type Person, type Slots } from './fill.js';
import { EN } from './lang/en.js';
import type { WriterLanguage } from './lang/types.js';
import { ZH } from './lang/zh.js';
import { placeSponsor } from './sponsor.js';

export { firstPerson, lightStem, participleOf, retell } from './lang/en.js';

/** The offline writer's languages, by the story's (../../core/story/language.ts). */
const LANGUAGES: Record<StoryLanguage, WriterLanguage> = { en: EN, zh: ZH };

/**
 * The built-in writer, on the story model: a planner (this file) decides what happens from the
 * bible, the state, the voted twist and the arc; the phrase bank (bank/) says it. Each scene has
 * one place and the episode one time; the hook answers the last cliffhanger; the twist is paid off
 * by its own actor and target; nothing said in the series is said again. Seeded and deterministic.
 */
export class OfflineWriter implements Writer {
  async write(request: WriteRequest): Promise<WrittenEpisode> {
    return writeOffline(request);
  }
}

const EMOTIONS_OF: Record<Family, [Emotion, Emotion]> = {
  secret: ['scared', 'shocked'],
  conflict: ['angry', 'shocked'],
  bond: ['happy', 'happy'],
  danger: ['sad', 'crying'],
  case: ['shocked', 'scared'],
  contest: ['smug', 'angry'],
  heart: ['in love', 'shocked'],
  family: ['shocked', 'sad'],
  farce: ['happy', 'shocked'],
};

interface Cast {
  people: Map<string, Person>;
  names: string[];
}

/** One episode being planned: the evolving state, the script taking shape, what was said. */
class Episode {
  readonly rnd: Random;
  readonly said: Set<string>;
  readonly recent: Set<string>;
  /** Clauses said in this episode (Chinese: ../../core/story/language.ts repeatClauses): none comes back in it. */
  readonly heard = new Set<string>();
  readonly spoken: string[] = [];
  /** Keys of the templates spoken, kept with what was said. */
  readonly used: string[] = [];
  /** Which template each chosen text came from, until it is spoken. */
  private readonly templates = new Map<string, string>();
  readonly changes: Change[] = [];
  readonly scenes: Scene[] = [];
  /** Narration that may lengthen a scene (its index → templates), tried before atmosphere. */
  readonly pads = new Map<number, string[]>();
  /** The mood each scene's talk is in, so lines added to it keep to it. */
  readonly stances = new Map<number, Stance>();
  /** The slots each scene was written with, to fill its padding the same way. */
  readonly sceneSlots = new Map<number, Omit<Slots, 'pick' | 'lang'>>();
  state: StoryState;
  readonly time: string;
  /** The language the story is told in: the phrase bank and its grammar. */
  readonly lang: WriterLanguage;

  constructor(
    readonly req: WriteRequest,
    readonly bible: Bible,
    readonly cast: Cast,
  ) {
    this.state = req.story.state;
    this.lang = LANGUAGES[bible.language ?? 'en'];
    this.rnd = seededRandom(hashSeed(`${req.series.seed}:${req.episodeNumber}:${req.story.twist?.label ?? ''}`));
    this.said = new Set(this.state.said);
    // What was said lately (about the last six episodes): a line of dialogue older than that may come back once.
    this.recent = new Set(this.state.said.slice(-RECENT_SAID));
    this.time = this.lang.times[(req.series.seed + req.episodeNumber * 7) % this.lang.times.length]!;
  }

  get world(): World {
    return new World(this.bible, this.state);
  }

  /** Who was taken ill, arrested or lost in this episode: they are not seen going about later in it. */
  benched(): Set<string> {
    const changes = [...(this.req.story.twist?.changes ?? []), ...this.changes];
    return new Set(changes.filter((c) => c.type === 'condition' && c.condition !== 'fine').map((c) => (c as { name: string }).name));
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)]!;
  }

  /** Applies changes the episode makes, and remembers them for core. */
  apply(changes: Change[]): void {
    this.state = applyChanges(this.bible, this.state, changes, this.req.episodeNumber);
    this.changes.push(...changes);
  }

  person(name: string | null | undefined): Person | undefined {
    return name ? this.cast.people.get(name) : undefined;
  }

  /**
   * The first template (from a seeded start) that fills and whose sentences were never said in
   * this series; `ok` filters further (length). Undefined when every one was used.
   */
  say(list: readonly string[], slots: Omit<Slots, 'pick' | 'lang'>, ok: (text: string) => boolean = () => true, score?: (text: string) => number, spoken = true, dialogue = false): string | undefined {
    const full: Slots = { ...slots, pick: (l) => this.pick(l), lang: this.lang };
    const start = Math.floor(this.rnd() * list.length);
    // A template is used once a series while others are left (a viewer notices a sentence's shape
    // coming back even with other names in it); then any whose words were not said; then, for
    // dialogue in a long series, a line not heard lately.
    const passes: ('fresh' | 'unsaid' | 'not lately')[] = spoken ? ['fresh', 'unsaid', ...(dialogue ? (['not lately'] as const) : [])] : ['unsaid'];
    for (const pass of passes) {
      const heard = pass === 'not lately' ? this.recent : this.said;
      let best: { text: string; template: string; score: number } | undefined;
      for (let i = 0; i < list.length; i++) {
        const t = list[(start + i) % list.length]!;
        if (pass === 'fresh' && this.said.has(templateHash(t))) continue;
        if (!canFill(t, full)) continue;
        const text = fill(t, full);
        // The season's question may come back (a deliberate refrain); any other sentence is said once.
        // A line heard long ago may come back once ("r" marks one that already did).
        const blocked = (h: string) => heard.has(h) || (pass === 'not lately' && this.said.has(`r${h}`));
        if (!ok(text) || (spoken && sentences(text).some((s) => s !== this.bible.question && s !== slots.X && blocked(sayHash(s, this.cast.names))))) continue;
        // Not even the season's question twice in one episode.
        if (spoken && this.repeats(text)) continue;
        const value = score ? score(text) : 0;
        if (!best || value > best.score) best = { text, template: t, score: value };
        if (!score) break;
      }
      if (best) {
        if (spoken) this.templates.set(best.text, best.template);
        return best.text;
      }
    }
    return undefined;
  }

  /** Two lines that go together (a line and its answer), both never said before. */
  sayPair(
    pairs: readonly (readonly [string, string])[],
    slots: Omit<Slots, 'pick' | 'lang'>,
    speakers: [string | undefined, string | undefined],
    score?: (text: string) => number,
  ): [string | undefined, string | undefined] {
    // Nobody says their own name.
    const notSelf = (who: string | undefined) => (t: string) => !who || !new RegExp(namePattern(who), 'u').test(t);
    const start = Math.floor(this.rnd() * pairs.length);
    let best: { pair: [string, string]; score: number } | undefined;
    for (let i = 0; i < pairs.length; i++) {
      const [ta, tb] = pairs[(start + i) % pairs.length]!;
      const a = this.say([ta], slots, notSelf(speakers[0]), undefined, true, true);
      const b = a && this.say([tb], slots, (t) => t !== a && notSelf(speakers[1])(t), undefined, true, true);
      if (!a || !b) continue;
      if (!score) return [a, b];
      const value = score(`${a} ${b}`);
      if (!best || value > best.score) best = { pair: [a, b], score: value };
    }
    return best?.pair ?? [undefined, undefined];
  }

  /** Whether `text` says again a clause this episode already said. */
  repeats(text: string): boolean {
    return sentences(text).some((s) => repeatClauses(s).some((c) => this.heard.has(c)));
  }

  /** Records what was said, so nothing is said twice (nor the same template used again). */
  spoke(text: string): string {
    for (const s of sentences(text)) {
      for (const c of repeatClauses(s)) this.heard.add(c);
      const h = sayHash(s, this.cast.names);
      if (this.said.has(h) && s !== this.bible.question) {
        this.said.add(`r${h}`);
        this.used.push(`r${h}`);
      }
      this.said.add(h);
      this.recent.add(h);
    }
    const template = this.templates.get(text);
    if (template) {
      this.said.add(templateHash(template));
      this.used.push(templateHash(template));
    }
    this.spoken.push(text);
    return text;
  }

  slotsFor(a?: string | null, b?: string | null, c?: string | null): Omit<Slots, 'pick' | 'lang'> {
    const incident = this.bible.incident;
    return {
      ...(this.person(a) ? { A: this.person(a)! } : {}),
      ...(this.person(b) ? { B: this.person(b)! } : {}),
      ...(this.person(c) ? { C: this.person(c)! } : {}),
      T: this.time,
      // The question the season asks now (a new season asks a new one).
      Q: this.world.central()?.question ?? this.bible.question,
      ...(incident ? { E: incident.event, e: this.lang.shortEvent(incident.event) } : {}),
    };
  }
}

/** A template's key among what was said (sentence hashes have no "t" prefix). */
function templateHash(template: string): string {
  return `t${hashSeed(template).toString(36)}`;
}
function castOf(req: WriteRequest, bible: Bible): Cast {
  const people = new Map<string, Person>();
  for (const c of req.cast) people.set(c.name, personOf(c, bible, LANGUAGES[bible.language ?? 'en']));
  return { people, names: req.cast.map((c) => c.name) };
}

function personOf(c: CastMember, bible: Bible, lang: WriterLanguage): Person {
  return { name: c.name, species: c.species, personality: c.personality, title: bible.roles.find((r) => r.name === c.name)?.title ?? lang.defaultTitle(c.species) };
}

/** Where a group can meet: where one of them is kept (a hospital bed, a cell), else where wanted. */
function meetingPlace(ep: Episode, names: readonly (string | null | undefined)[], wanted: string): string {
  const w = ep.world;
  const kept = names.find((n): n is string => !!n && w.isCast(n) && ['in hospital', 'arrested', 'unconscious'].includes(w.condition(n)));
  return kept ? w.place(kept) : wanted;
}

function onScreen(ep: Episode, pairs: [string | null | undefined, Emotion][], silentAllowed: readonly string[] = []): Scene['characters'] {
  const seen = new Set<string>();
  const out: Scene['characters'] = [];
  for (const [name, emotion] of pairs) {
    if (!name || seen.has(name) || !ep.cast.people.has(name) || (!ep.world.awake(name) && !silentAllowed.includes(name))) continue;
    seen.add(name);
    out.push({ name, emotion });
  }
  return out.slice(0, 3);
}

/** Moves who is on screen to the scene's place (those who can move). */
function gather(ep: Episode, place: string, names: string[]): void {
  const moves: Change[] = names.filter((n) => ep.world.free(n) && ep.world.place(n) !== place).map((n) => ({ type: 'move', name: n, place }));
  if (moves.length) ep.apply(moves);
}

function dialogue(ep: Episode, scene: Pick<Scene, 'characters'>, lines: [string | undefined, string | undefined][]): Scene['dialogue'] {
  const out: Scene['dialogue'] = [];
  for (const [who, line] of lines) {
    if (!who || !line || !scene.characters.some((c) => c.name === who) || !ep.world.awake(who)) continue;
    out.push({ speaker: who, line: truncate(ep.spoke(line), ep.lang.limits.line) });
  }
  return out;
}

// ---- the episode ------------------------------------------------------------------------------

export function writeOffline(req: WriteRequest): WrittenEpisode {
  const bible = req.story.bible;
  if (req.cast.length === 0) throw new Error('the offline writer needs at least one character');
  const ep = new Episode(req, bible, castOf(req, bible));
  const n = req.episodeNumber;
  const twist = req.story.twist;
  const sceneCount = Math.min(8, Math.max(4, Math.round(req.series.targetSeconds / 12) + 1));

  // Where the episode happens: it picks up where the last one stopped.
  const firstPlace = req.story.cliffhanger?.place ?? bible.places[0]!.name;
  let hookLine: string;
  if (twist) hookLine = payTwist(ep, twist.op, firstPlace);
  else hookLine = openSeries(ep, firstPlace);

  // The middle: the arc moves on by one beat of the episode's own, in a second place.
  const middle = Math.max(0, sceneCount - ep.scenes.length - 2);
  const secondPlace = nextPlace(ep, firstPlace);
  for (let i = 0; i < middle; i++) middleScene(ep, i === 0 ? secondPlace : i % 2 === 1 ? secondPlace : firstPlace, i);

  // The turn brings back something from earlier; the cliffhanger leaves the next question open.
  turnScene(ep, secondPlace);
  // Every episode is about the premise: if none of its places, props or people's parts came up yet, it ends in one of its places.
  const premisePlaces = bible.places.filter((p) => p.fromPremise).map((p) => p.name);
  const cliffhanger = cliffhangerScene(ep, coversPremise(ep) || !premisePlaces.length ? secondPlace : premisePlaces[req.episodeNumber % premisePlaces.length]!);

  tellAnswers(ep);
  if (!coversPremise(ep)) remindOfPremise(ep);
  fitLength(ep, req.series.targetSeconds);
  const twists = nextBallot(ep);
  const kindFamily = twist ? (RULE_BY_KIND.get(twist.op.kind)?.family ?? 'secret') : 'secret';
  const titleSlots = {
    ...ep.slotsFor(twist?.op.actor ?? ep.cast.names[0], twist?.op.target),
    O: ep.bible.props[n % Math.max(1, ep.bible.props.length)] ?? ep.lang.fallback.prop.title,
    P: ep.scenes[1]?.setting ?? firstPlace,
  };
  const titles = ep.lang.titles;
  const title = ep.lang.titleCase(
    truncate(
      ep.spoke(
        ep.say(titles.kinds[twist?.op.kind ?? ''] ?? [], titleSlots) ??
          ep.say(titles.families[kindFamily], titleSlots) ??
          ep.say(titles.general, titleSlots) ??
          ep.say(Object.values(titles.families).flat(), titleSlots) ??
          ep.lang.fallback.title(n),
      ),
      ep.lang.limits.title,
    ),
  );
  const script: Script = timeScript({
    title,
    hook: hookLine,
    previously: twist ? truncate(ep.lang.previously(twist.label), LIMITS.previously) : null,
    scenes: stageScenes(ep.scenes, {
      roles: new Map(req.cast.map((c) => [c.name, `${ep.world.title(c.name)} ${c.personality} ${c.species}`])),
      conditions: new Map(req.cast.map((c) => [c.name, ep.world.condition(c.name)])),
      language: ep.lang.id,
    }),
    cliffhanger: cliffhanger.text,
    twists: twists.map((t) => ({ kind: t.op.kind, label: t.label, teaser: t.teaser })),
  });
  // A sponsor a moderator placed is woven into one scene of the finished plan (./sponsor.ts).
  const checked = ScriptSchema.safeParse(req.sponsor ? placeSponsor(ep, script, req.sponsor) : script);
  if (!checked.success) throw new Error(`offline writer produced an invalid script: ${describeIssues(checked.error)}`);
  const summary = summaryOf(ep, twist?.op ?? null);
  return {
    title: checked.data.title,
    previously: checked.data.previously,
    cliffhanger: checked.data.cliffhanger,
    twists,
    script: checked.data,
    story: { changes: ep.changes, cliffhanger, summary, spoken: ep.spoken, remember: ep.used },
  };
}

/** Episode 1: the premise in pictures and words — its event, its place, its people. */
function openSeries(ep: Episode, firstPlace: string): string {
  const w = ep.world;
  // Where the premise says it happens, the most precise place it names ("the fair's judging tent").
  const told = ep.bible.situation.toLowerCase();
  const place = ep.bible.places.filter((p) => p.fromPremise && told.includes(p.name.toLowerCase().replace(/^(the|a|an)\s/, ''))).sort((a, b) => b.name.length - a.name.length)[0]?.name ?? firstPlace;
  const hero = w.who('protagonist') ?? ep.cast.names[0]!;
  const other =
    ep.bible.incident?.accused && ep.bible.incident.accused !== hero
      ? ep.bible.incident.accused
      : (w.who('antagonist') ?? w.who('rival') ?? w.who('love interest') ?? w.who('victim') ?? ep.cast.names.find((x) => x !== hero));
  const prop = ep.bible.props[0];
  const slots = { ...ep.slotsFor(hero, other), P: place, ...(prop ? { O: prop } : {}) };
  const hook = ep.spoke(ep.say(ep.lang.scenes.openings[ep.bible.genre] ?? ep.lang.scenes.openings.mystery!, slots, (t) => speakingSeconds(t) <= 3) ?? ep.lang.fallback.opening(hero));
  // Whoever the first line names is in the first picture.
  const inHook = [hero, ...(other && hook.includes(other) ? [other] : [])];
  gather(ep, place, inHook);
  ep.scenes.push({
    beat: 'hook',
    setting: place,
    characters: onScreen(ep, [[hero, 'shocked'], ...(inHook.length > 1 ? [[other, 'smug'] as [string | undefined, Emotion]] : [])]),
    narration: hook,
    dialogue: [],
    seconds: 1,
  });

  // The premise: the event (or the situation) and who is caught in it.
  const incident = ep.bible.incident ? (ep.say(ep.lang.scenes.incidents, slots) ?? ep.bible.incident.sentence) : undefined;
  const intro = ep.say(ep.lang.scenes.introductions, ep.slotsFor(hero));
  // Episode 1 tells the premise with its people in it, and asks the season's question.
  const setup = [ep.bible.situation || incident || intro, ep.bible.question].filter((x): x is string => !!x);
  ep.sceneSlots.set(ep.scenes.length, slots);
  ep.pads.set(ep.scenes.length, [
    ...(incident && ep.bible.situation ? [incident] : []),
    ...(intro && (ep.bible.situation || incident) ? [intro] : []),
    ...ep.lang.scenes.introductions.map((t) => t.replace(/\{A/g, '{B')),
  ]);
  const narration = ep.spoke(truncate(setup.length ? ep.lang.join(setup) : ep.lang.fallback.setup(hero, w.title(hero)), ep.lang.limits.narration));
  gather(
    ep,
    place,
    [hero, other].filter((x): x is string => !!x),
  );
  const chars = onScreen(ep, [
    [hero, 'scared'],
    [other, 'smug'],
  ]);
  const [la, lb] = exchange(ep, hero, other);
  ep.scenes.push({
    beat: 'escalation',
    setting: place,
    characters: chars,
    narration,
    dialogue: dialogue(ep, { characters: chars }, [
      [hero, la],
      [other, lb],
    ]),
    seconds: 1,
  });
  return hook;
}

/**
 * The voted twist: the hook answers the cliffhanger with it, then it happens on screen, by its
 * actor to its target, in the place the last episode stopped in — told in the words viewers voted
 * for (the hook, payoff and lines that share most of the label's words are chosen).
 */
function payTwist(ep: Episode, op: TwistOp, wantedPlace: string): string {
  const twist = ep.req.story.twist!;
  const text: KindText = ep.lang.twists[op.kind] ?? ep.lang.twists.community!;
  const [ea, eb] = emotionsOf(op.kind);
  const w = ep.world;
  // In a coma or gone, the actor is seen (in the bed, walking away) but says nothing.
  const silentA = !w.awake(op.actor);
  const third = op.kind === 'jealousy' ? op.object : ep.cast.names.find((n) => n !== op.actor && n !== op.target && w.awake(n));
  const fact = factOf(ep, op);
  const prop = op.object && ep.bible.props.includes(op.object) ? op.object : (ep.bible.props[0] ?? ep.lang.fallback.prop.twist);
  // A twist about a patient happens at the bedside; a vanishing where the one left behind is; a
  // viewer's twist that names a place ("they run away on the ferry") happens there.
  const named = twist.source === 'community' ? ep.lang.placeNamed(twist.teaser || twist.label) : undefined;
  // A collapse or an arrest happens where they were, before anyone is taken away.
  const movedNow = new Set(twist.changes.filter((c) => c.type === 'move').map((c) => (c as { name: string }).name));
  const place = meetingPlace(
    ep,
    (op.kind === 'vanish' ? [op.target] : [op.actor, op.target]).filter((x) => !movedNow.has(x ?? '')),
    named ?? wantedPlace,
  );
  const here = (x: string | null | undefined) => (x && w.awake(x) ? x : undefined);
  const slots = {
    ...ep.slotsFor(op.actor, op.kind === 'community' ? here(op.target) : op.target, third),
    P: place,
    O: prop,
    ...(fact ? { F: ep.lang.clause(fact.text) } : {}),
    ...(op.words ? { W: ep.lang.viewerClause(op.words, ep.cast.names) } : {}),
  };
  const keys = ep.lang.keys(`${twist.label} ${op.kind === 'community' ? twist.teaser : ''}`, ep.cast.names);
  // The lines that say most of what was voted, with the doer doing it (never the target).
  const direction = (t: string) => ep.lang.direction(twist.label, t, op.actor, op.target, ep.cast.names);
  const echo = (t: string) => ep.lang.overlap(keys, t) + direction(t);
  const who = [op.actor, op.target, ...(silentA || op.kind === 'jealousy' ? [third] : [])].filter((x): x is string => !!x);
  gather(ep, place, who);
  // In a coma, the actor is seen in the bed; someone who vanished is not seen at all.
  const cast = (pairs: [string | null | undefined, Emotion][]) => onScreen(ep, pairs, silentA && op.kind === 'coma' ? [op.actor] : []);

  // The hook names only who is on screen.
  const present = (t: string) => ep.cast.names.every((name) => !t.includes(name) || name === op.actor || name === op.target);
  if (op.kind === 'vanish') {
    // The last glimpse: whoever vanishes is seen going; then the scene where they are missed.
    const going = ep.spoke(ep.say(ep.lang.leaving, slots, (t) => speakingSeconds(t) <= 3.4) ?? ep.lang.fallback.leaving(op.actor));
    ep.scenes.push({ beat: 'hook', setting: place, characters: onScreen(ep, [[op.actor, 'sad']], [op.actor]), narration: going, dialogue: [], seconds: 1 });
    return payVanish(ep, op, text, slots, place, going, third);
  }
  const hook = ep.spoke(
    ep.say(text.hooks, slots, (t) => speakingSeconds(t) <= 3 && present(t), echo) ??
      ep.say(text.hooks, slots, (t) => speakingSeconds(t) <= 3.4 && present(t), echo) ??
      ep.lang.fallback.stunned(op.target && w.awake(op.target) ? op.target : op.actor),
  );
  ep.scenes.push({
    beat: 'hook',
    setting: place,
    characters: cast([
      [op.actor, silentA ? 'sad' : ea],
      [op.target, eb],
    ]),
    narration: hook,
    dialogue: [],
    seconds: 1,
  });

  // The twist happens: its actor does it to its target, both on screen and named.
  const community = op.kind === 'community' || twist.source === 'community' ? confession(ep, op, twist.teaser || twist.label) : undefined;
  const payoff = ep.say(text.payoffs, slots, undefined, echo) ?? ep.say(ep.lang.twists.community!.payoffs, { ...slots, W: slots.W ?? ep.lang.clause(fact?.text ?? ep.lang.fallback.move(op.actor)) });
  // Should the chosen words still not say what was voted, the narrator says it: "It is done: Rex has framed Pip."
  // A viewer's own suggestion is told in their words, the tense moved on ("The safe had been empty all along").
  const told = `${hook} ${payoff ?? ''} ${community?.line ?? ''}`;
  const fromViewer = twist.source === 'community' && (ep.lang.retellOwnWords || op.kind !== 'community') ? ep.lang.retell(twist.teaser || twist.label, ep.cast.names) : undefined;
  const confirm =
    fromViewer && !community
      ? fromViewer
      : op.kind !== 'community' && (ep.lang.overlap(keys, told) < 0.6 || direction(told) < 0)
        ? ep.lang.perfect(twist.label, op.actor, (l) => ep.pick(l), ep.cast.names)
        : undefined;
  const narration = ep.spoke(truncate(ep.lang.join([confirm, payoff ?? ep.lang.fallback.turnsTo(op.actor, op.target)].filter((x): x is string => !!x)), ep.lang.limits.narration));
  ep.pads.set(ep.scenes.length, [...text.reactions]);
  ep.sceneSlots.set(ep.scenes.length, slots);
  ep.stances.set(ep.scenes.length, stanceOfKind(op.kind));
  const chars = cast([[op.actor, silentA ? 'sad' : ea], [op.target, eb], ...(op.kind === 'jealousy' || silentA ? [[third, 'shocked'] as [string | undefined, Emotion]] : [])]);
  const speakers: [string | undefined, string | undefined] = silentA ? [op.target ?? undefined, third ?? undefined] : [op.actor, op.target ?? undefined];
  const [pair, answer] = community ? [community.line, community.answer] : ep.sayPair(text.lines, slots, speakers, echo);
  ep.scenes.push({
    beat: 'payoff',
    setting: place,
    characters: chars,
    narration,
    dialogue: dialogue(ep, { characters: chars }, [
      [speakers[0], pair],
      [speakers[1], answer],
    ]),
    seconds: 1,
  });
  return hook;
}

/** Twists in their own words between whoever is awake: for a story where nothing else can happen. */
function fallbackTwists(ep: Episode, w: World): TwistOp[] {
  const awake = ep.cast.names.filter((n) => w.awake(n));
  const out: TwistOp[] = [];
  for (const [i, words] of ep.lang.fallbackMoves.entries()) {
    const a = awake[i % Math.max(1, awake.length)];
    if (!a) break;
    const b = awake.find((n) => n !== a) ?? null;
    const text = words.replace('{A}', a).replace('{B}', b ?? (ep.lang.id === 'zh' ? '大家' : 'everyone'));
    out.push({ kind: 'community', actor: a, target: b, object: null, thread: w.central()?.id ?? null, words: text });
  }
  return out;
}

/** Someone vanished: the one left behind finds them gone, in their own scene. */
function payVanish(ep: Episode, op: TwistOp, text: KindText, slots: Omit<Slots, 'pick' | 'lang'>, place: string, hook: string, third: string | null | undefined): string {
  const twist = ep.req.story.twist!;
  const keys = ep.lang.keys(twist.label, ep.cast.names);
  // A viewer's own words come first ("Baron faked his own death."), then the one left behind,
  // in the words that were voted for ("slips away") — said by the narrator if no line has them.
  const told = twist.source === 'community' ? ep.lang.retell(twist.teaser || twist.label, ep.cast.names) : undefined;
  const found = ep.say(text.payoffs, slots, undefined, (t) => ep.lang.overlap(keys, t)) ?? ep.lang.fallback.findsGone(op.actor, op.target);
  const confirm = !told && ep.lang.overlap(keys, `${hook} ${found}`) < 0.6 ? ep.lang.perfect(twist.label, op.actor, (l) => ep.pick(l), ep.cast.names) : undefined;
  const payoff = ep.lang.join([told ?? confirm, found].filter((x): x is string => !!x));
  ep.pads.set(ep.scenes.length, [...text.reactions]);
  ep.sceneSlots.set(ep.scenes.length, slots);
  ep.stances.set(ep.scenes.length, 'suspicious');
  const chars = onScreen(ep, [
    [op.target, 'shocked'],
    [third, 'scared'],
  ]);
  const [line, answer] = ep.sayPair(text.lines, slots, [op.target ?? undefined, third ?? undefined]);
  ep.scenes.push({
    beat: 'payoff',
    setting: place,
    characters: chars,
    narration: ep.spoke(truncate(payoff, ep.lang.limits.narration)),
    dialogue: dialogue(ep, { characters: chars }, [
      [op.target ?? undefined, line],
      [third ?? undefined, answer],
    ]),
    seconds: 1,
  });
  return hook;
}

/**
 * A community twist told by its own persons: the doer owns it in the first person ("I hid your
 * heart pills, Barnaby."), and the other answers. Undefined when the words name nobody to say it.
 */
function confession(ep: Episode, op: TwistOp, words: string): { line: string; answer: string } | undefined {
  const w = ep.world;
  if (!w.awake(op.actor)) return undefined;
  const line = ep.lang.firstPerson(words, op.actor, op.target, ep.cast.names);
  if (!line) return undefined;
  const answers = ep.lang.confessionAnswers;
  const answer = ep.say(answers, ep.slotsFor(op.target, op.actor)) ?? answers[0]!;
  return { line: ep.spoke(truncate(line, ep.lang.limits.line)), answer };
}

/** The fact a twist is about: the secret it reveals, or what it just made true. */
function factOf(ep: Episode, op: TwistOp): Fact | undefined {
  const w = ep.world;
  return w.fact(op.object) ?? w.facts((f) => f.actor === op.actor && f.kind !== 'incident').at(-1);
}

/** A place of the bible other than `from`, where the rest of the story is waiting. */
function nextPlace(ep: Episode, from: string): string {
  const places = ep.bible.places.map((p) => p.name).filter((p) => p !== from);
  if (!places.length) return from;
  const w = ep.world;
  // Where someone who matters now is (a patient's ward), else the premise's places first.
  const patient = ep.cast.names.find((n) => w.condition(n) === 'in hospital' || w.condition(n) === 'arrested');
  if (patient && w.place(patient) !== from && ep.rnd() < 0.5) return w.place(patient);
  // Every episode visits a place of the premise: if it did not start in one, it goes to one.
  const premise = ep.bible.places.filter((p) => p.fromPremise && p.name !== from).map((p) => p.name);
  const startedInPremise = ep.bible.places.some((p) => p.fromPremise && p.name === from);
  const pool = premise.length && (!startedInPremise || ep.rnd() < 0.4) ? premise : places;
  return pool[(ep.req.episodeNumber + Math.floor(ep.rnd() * pool.length)) % pool.length]!;
}

/** A beat of the episode's own: the arc moves (a clue, a secret overheard, a threat), then people talk. */
function middleScene(ep: Episode, wanted: string, index: number): void {
  const w = ep.world;
  const op = index === 0 ? ownMove(ep, ep.req.story.beat) : undefined;
  let people: string[];
  if (op) {
    // Some moves need no witness: a clue found, evidence planted, a plot sworn — the target is there only if free.
    const targetThere = op.target && (!OPTIONAL_TARGET.has(op.kind) || w.free(op.target));
    const partner = targetThere ? op.target : ep.cast.names.find((n) => n !== op.actor && n !== op.target && w.free(n));
    people = [op.actor, partner].filter((x): x is string => !!x);
  } else {
    // Two who have something between them: an open thread's people first.
    // Those free to go places first, so the story does not stay at one bedside; nobody just taken away.
    const benched = ep.benched();
    const awake = ep.cast.names.filter((n) => w.awake(n) && !benched.has(n)).sort((x, y) => Number(w.free(y)) - Number(w.free(x)));
    const thread = w.openThreads().filter((t) => t.about.some((n) => w.awake(n)))[index % Math.max(1, w.openThreads().length)] ?? w.central();
    const a = thread?.about.find((n) => w.free(n)) ?? awake[index % Math.max(1, awake.length)] ?? ep.cast.names[0]!;
    const others = awake.filter((n) => n !== a);
    const b = others.find((n) => w.free(n) && index % 2 === 0) ?? others[(index + ep.req.episodeNumber) % Math.max(1, others.length)];
    people = [a, b].filter((x): x is string => !!x);
  }
  const place = meetingPlace(ep, people, wanted);
  gather(ep, place, people);
  const [a, b] = people;
  const narration: string[] = [];
  const slots = { ...ep.slotsFor(a, b), P: place, O: op?.object && ep.bible.props.includes(op.object) ? op.object : (ep.bible.props[0] ?? ep.lang.fallback.prop.twist) };
  if (op) {
    const fact = factOf(ep, op);
    // The episode's own move leaves the words of its kind's ballot labels for when viewers vote for it.
    const labelKeys = ep.lang.keys(ep.lang.twists[op.kind]!.labels.join(' ').replace(/\{[^}]*\}/g, ' '), ep.cast.names);
    const said = ep.say(ep.lang.twists[op.kind]!.payoffs, { ...slots, ...(fact ? { F: ep.lang.clause(fact.text) } : {}) }, undefined, (t) => -ep.lang.overlap(labelKeys, t));
    if (said) {
      ep.apply(twistEffects(ep.world, op));
      narration.push(said);
    }
  }
  if (!narration.length) narration.push(...[ep.say(atmosphereFor(ep, place), slots, (t) => !ep.lang.namesOtherPlace(t, place))].filter((x): x is string => !!x));
  const thread = ep.world.threadAbout(...people) ?? ep.world.central();
  const index_ = ep.scenes.length;
  ep.pads.set(index_, [...(thread ? ep.lang.scenes.questions.map((q) => q.replace('{X}', thread.question)) : []), ...(op ? ep.lang.twists[op.kind]!.reactions : [])]);
  ep.sceneSlots.set(index_, slots);
  const stance = op ? stanceOfKind(op.kind) : a && b ? stanceOf(ep, a, b) : undefined;
  const [ea, eb] = op ? emotionsOf(op.kind) : STANCE_EMOTIONS[stance ?? 'suspicious'];
  const chars = onScreen(ep, [
    [a, ea],
    [b, eb],
  ]);
  if (stance) ep.stances.set(ep.scenes.length, stance);
  const [la, lb] = exchange(ep, a, b, stance);
  ep.scenes.push({
    beat: 'escalation',
    setting: place,
    characters: chars.length ? chars : onScreen(ep, [[ep.cast.names.find((x) => ep.world.awake(x)), 'scared']]),
    narration: ep.spoke(truncate(ep.lang.join(narration) || ep.lang.fallback.waits(a), ep.lang.limits.narration)),
    dialogue: dialogue(ep, { characters: chars }, [
      [a, la],
      [b, lb],
    ]),
    seconds: 1,
  });
}

const OPTIONAL_TARGET = new Set(['clue', 'frame', 'sabotage', 'will', 'sibling', 'revenge_plot', 'steal_credit']);

/** Atmosphere lines for a place: its own kind's, then anywhere's. */
function atmosphereFor(ep: Episode, place: string): string[] {
  return [...(ep.lang.scenes.atmosphere[atmosphereKey(ep, place)] ?? []), ...(ep.lang.scenes.atmosphere.any ?? [])];
}

/** Two lines between A and B in the tone their relation has. */
type Stance = 'tense' | 'warm' | 'suspicious' | 'grieving';

/** How a scene's move leaves two people: what they say next follows from it. */
const STANCE_OF: Record<Family, Stance> = {
  secret: 'suspicious',
  conflict: 'tense',
  bond: 'warm',
  danger: 'grieving',
  case: 'suspicious',
  contest: 'tense',
  heart: 'warm',
  family: 'suspicious',
  farce: 'tense',
};
/** Faces of kinds whose family's would be wrong: being saved or getting well is a happy sight. */
const EMOTIONS_OF_KIND: Record<string, [Emotion, Emotion]> = { rescue: ['happy', 'happy'], recover: ['happy', 'happy'], wake: ['shocked', 'happy'], donor: ['sad', 'shocked'], win: ['happy', 'sad'] };
const emotionsOf = (kind: string): [Emotion, Emotion] => EMOTIONS_OF_KIND[kind] ?? EMOTIONS_OF[RULE_BY_KIND.get(kind)?.family ?? 'secret'];

/** Kinds whose mood is not their family's: getting well or saved is warm, a collapse worried (not mourned). */
const STANCE_OF_KIND: Record<string, Stance> = {
  recover: 'warm',
  wake: 'warm',
  rescue: 'warm',
  donor: 'warm',
  collapse: 'warm',
  vanish: 'suspicious',
  breakup: 'tense',
  reject: 'tense',
  jealousy: 'tense',
};
const stanceOfKind = (kind: string): Stance => STANCE_OF_KIND[kind] ?? STANCE_OF[RULE_BY_KIND.get(kind)?.family ?? 'secret'];

/** How two look while they talk in a mood. */
const STANCE_EMOTIONS: Record<Stance, [Emotion, Emotion]> = { tense: ['angry', 'angry'], warm: ['happy', 'happy'], suspicious: ['scared', 'smug'], grieving: ['sad', 'crying'] };

/** How two stand with each other now, for what they say. */
function stanceOf(ep: Episode, a: string, b: string): Stance {
  const w = ep.world;
  // Grief is for someone gone or out cold, not for a patient who can talk.
  if (ep.cast.names.some((n) => n !== a && n !== b && ['unconscious', 'dead'].includes(w.condition(n)))) return 'grieving';
  const feeling = w.feeling(a, b);
  if (feeling === 'love' || feeling === 'loyal') return 'warm';
  if (feeling === 'grudge' || feeling === 'rivalry' || w.trust(a, b) < 0) return 'tense';
  return w.trust(a, b) >= 2 ? 'warm' : 'suspicious';
}

function exchange(ep: Episode, a?: string | null, b?: string | null, stance?: Stance): [string | undefined, string | undefined] {
  if (!a || !b) return [undefined, undefined];
  const mood = stance ?? stanceOf(ep, a, b);
  const inLove = ep.world.feeling(a, b) === 'love' && ep.world.feeling(b, a) === 'love';
  // No alibis and culprits where there is no case.
  const caseTalk = ep.bible.incident ? null : ep.lang.talk.crime;
  // "You came back" only after someone did.
  const returned = ['rescue', 'wake', 'recover'].includes(ep.req.story.twist?.op.kind ?? '');
  const { romantic, returned: back } = ep.lang.talk;
  const fits = (x: string) => (inLove || !romantic.test(x)) && !(caseTalk && caseTalk.test(x)) && (returned || !back.test(x));
  const pairs = ep.lang.scenes.exchanges[mood].filter(([x, y]) => fits(x) && fits(y));
  return ep.sayPair(pairs, ep.slotsFor(a, b), [a, b]);
}

/**
 * The episode's own move, chosen by the arc: set-up and complications gather clues and secrets,
 * the midpoint turns things over, the crisis endangers, the answer solves the case if the votes
 * have not, and the last episode of a season opens the next question.
 */
function ownMove(ep: Episode, beat: ArcBeat): TwistOp | undefined {
  const w = ep.world;
  const n = ep.req.episodeNumber;
  const seasonLeft = ep.bible.seasonLength - (((n - 1) % ep.bible.seasonLength) + 1);
  if (beat === 'new season' || !w.central()) {
    openNextQuestion(ep);
    return undefined;
  }
  const wanted: Record<ArcBeat, string[]> = {
    setup: ['clue', 'witness', 'ally', 'eavesdrop'],
    complications: ['clue', 'alibi', 'eavesdrop', 'witness', 'confront', 'sabotage', 'jealousy', 'hide_diagnosis', 'revenge_plot', 'recover'],
    midpoint: ['eavesdrop', 'reveal', 'alibi', 'frame', 'sibling', 'will'],
    crisis: ['accuse', 'frame', 'collapse', 'confront', 'humiliate', 'expose', 'recover'],
    answer: ['clue', 'alibi', 'eavesdrop', 'confront', 'reveal'],
    'new season': [],
  };
  const twistKind = ep.req.story.twist?.op.kind;
  if (beat === 'answer' && seasonLeft <= 1) {
    // The season's last chance: whatever answers the central question, if the votes have not.
    const central = w.central()!.id;
    // A choice is answered by what was chosen; anything else by a twist of the genre that answers it.
    const choice = ep.lang.isChoice(w.central()!.question);
    const closers = choice ? [] : legalTwists(w, { beat, kinds: kindsFor(ep.bible.genre) }).filter((op) => twistEffects(w, op).some((c) => c.type === 'close' && c.thread === central));
    if (closers.length) return ep.pick(closers);
    ep.apply([{ type: 'close', thread: central, answer: truncate(answerFor(ep, w), 240) }]);
    return undefined;
  }
  // Nobody gets well in the episode that made them ill.
  const changed = new Set((ep.req.story.twist?.changes ?? []).filter((c) => c.type === 'condition').map((c) => (c as { name: string }).name));
  const candidates = legalTwists(w, { beat, kinds: wanted[beat].filter((k) => k !== twistKind) }).filter(
    (op) => ep.lang.twists[op.kind] && !(['recover', 'wake', 'rescue'].includes(op.kind) && (changed.has(op.actor) || changed.has(op.target ?? ''))),
  );
  if (!candidates.length) return undefined;
  // The least used kinds first, then chance.
  const least = Math.min(...candidates.map((c) => w.timesPaid(c.kind) + ep.state.facts.filter((f) => f.kind === c.kind).length));
  const pool = candidates.filter((c) => w.timesPaid(c.kind) + ep.state.facts.filter((f) => f.kind === c.kind).length === least);
  return ep.pick(pool);
}

/** The answer the season gives its question when no twist did: who it was, or what was chosen. */
function answerFor(ep: Episode, w: World): string {
  const q = w.central()!.question;
  const hero = w.who('protagonist') ?? ep.cast.names[0]!;
  const it = (w.caseOpen() && w.state.culprit) || w.who('antagonist') || w.who('rival') || ep.cast.names.find((n) => n !== hero) || hero;
  return ep.lang.answerFor(q, it, hero);
}

function openNextQuestion(ep: Episode): void {
  const w = ep.world;
  if (w.central()) return;
  const awake = ep.cast.names.filter((n) => w.awake(n));
  const a = w.who('protagonist') && w.awake(w.who('protagonist')!) ? w.who('protagonist')! : (awake[0] ?? ep.cast.names[0]!);
  const b = awake.find((n) => n !== a) ?? ep.cast.names.find((n) => n !== a) ?? a;
  const slots = { ...ep.slotsFor(a, b), O: ep.bible.props.at(-1) ?? ep.lang.fallback.prop.newSeason };
  const question = ep.say(ep.lang.newSeasonQuestions[ep.bible.genre], slots) ?? ep.lang.fallback.nextQuestion(a);
  ep.apply([{ type: 'open', question, about: [a, b].filter((x, i, all) => all.indexOf(x) === i), central: true }]);
}

const UNMEMORABLE = new Set(['suspected', 'culprit', 'revealed', 'confessed', 'confronted', 'overheard', 'exposed', 'allied', 'truce']);

/** The turn: an earlier fact comes back, said by someone who knows it — the newest first, the premise's last. */
function turnScene(ep: Episode, wanted: string): void {
  const w = ep.world;
  const n = ep.req.episodeNumber;
  const benched = ep.benched();
  // Something that happened (not a telling of it), and never the case's secret truth.
  // A coma or a vanishing is remembered only while it lasts (recalled after it, it reads as happening again).
  const over = (f: Fact) =>
    (f.kind === 'coma' && w.condition(f.actor ?? '') !== 'unconscious') ||
    (f.kind === 'vanished' && w.condition(f.actor ?? '') !== 'missing') ||
    (f.kind === 'collapsed' && w.condition(f.actor ?? '') === 'fine');
  const facts = w.facts((f) => f.episode < n && !UNMEMORABLE.has(f.kind) && !over(f)).sort((a, b) => (a.kind === 'incident' ? 1 : 0) - (b.kind === 'incident' ? 1 : 0) || b.episode - a.episode);
  let speaker: string | undefined;
  let line: string | undefined;
  let place = wanted;
  for (const f of facts) {
    const knowers = ep.cast.names.filter((x) => w.awake(x) && w.knows(x, f) && !benched.has(x)).sort((x, y) => Number(w.free(y)) - Number(w.free(x)));
    speaker = knowers.find((x) => x !== f.actor) ?? knowers[0];
    if (!speaker) continue;
    place = meetingPlace(ep, [speaker], wanted);
    // A memory of somewhere else would name another place than this scene's.
    if (ep.lang.namesOtherPlace(f.text, place)) continue;
    line = ep.say(ep.lang.scenes.callbacks, { ...ep.slotsFor(speaker), P: place, F: ep.lang.clause(f.text) });
    if (line) break;
  }
  const who = speaker ?? ep.cast.names.find((x) => w.awake(x) && !benched.has(x)) ?? ep.cast.names.find((x) => w.awake(x)) ?? ep.cast.names[0]!;
  place = meetingPlace(ep, [who], wanted);
  const other = ep.cast.names.find((x) => x !== who && w.awake(x) && !benched.has(x) && (w.free(x) || w.place(x) === place));
  gather(
    ep,
    place,
    [who, other].filter((x): x is string => !!x),
  );
  const slots = { ...ep.slotsFor(who, other), P: place };
  const narration = line ?? ep.say(atmosphereFor(ep, place), slots, (t) => !ep.lang.namesOtherPlace(t, place)) ?? ep.lang.fallback.still(who);
  ep.sceneSlots.set(ep.scenes.length, slots);
  // Faces follow how the two stand: a memory between friends hurts, between enemies it is a weapon.
  const mood = other ? stanceOf(ep, who, other) : 'suspicious';
  const faces: Record<Stance, [Emotion, Emotion]> = { warm: ['sad', 'sad'], tense: ['angry', 'smug'], suspicious: ['shocked', 'smug'], grieving: ['crying', 'sad'] };
  ep.scenes.push({
    beat: 'turn',
    setting: place,
    characters: onScreen(ep, [
      [who, faces[mood][0]],
      [other, faces[mood][1]],
    ]),
    narration: ep.spoke(truncate(narration, ep.lang.limits.narration)),
    dialogue: [],
    seconds: 1,
  });
}

/** A season's question answered in this episode is said out loud, with its answer, before the cliffhanger. */
function tellAnswers(ep: Episode): void {
  const n = ep.req.episodeNumber;
  const answered = ep.state.threads.filter((t) => t.closed === n && t.answer && (t.central || t.question === ep.bible.question));
  const turn = ep.scenes.find((s) => s.beat === 'turn');
  for (const t of answered) {
    if (!turn) break;
    const answer = t.answer!.replace(/[.!?。！？]+$/, '');
    const said = ep.cast.names.some((n) => answer.startsWith(n)) ? answer : answer.charAt(0).toLowerCase() + answer.slice(1);
    const line = ep.say(
      ep.lang.answers.map((a) => a.replace('{answer}', said.replace(/[{}]/g, ''))),
      { ...ep.slotsFor(turn.characters[0]?.name), X: t.question, P: turn.setting },
    );
    if (line) turn.narration = truncate(ep.lang.join([ep.spoke(line), turn.narration]), ep.lang.limits.narration);
  }
}

/** Nobody could go to a place of the premise: the turn recalls who they are in it ("Pip, the hamster chef, …"). */
function remindOfPremise(ep: Episode): void {
  const turn = ep.scenes.find((s) => s.beat === 'turn');
  const who = turn?.characters[0]?.name;
  if (!turn || !who) return;
  // The season's question when it is about the premise, else who they are in it.
  const premiseWords = new Set(ep.lang.premiseWords(ep.req.series.premise));
  // (Only while a question is open: an answered one is not asked again.)
  const asked = ep.world.central()?.question;
  const asksPremise = !!asked && ep.lang.premiseWords(asked).some((w) => premiseWords.has(w));
  const titled = asksPremise ? ep.lang.scenes.questions.filter((t) => t.includes('{Q}')) : ep.lang.scenes.introductions.filter((t) => t.includes('{A.title}'));
  const line = ep.say(titled, { ...ep.slotsFor(who), P: turn.setting }, (t) => turn.narration.length + t.length + 1 <= ep.lang.limits.narration);
  if (line) turn.narration = ep.lang.join([ep.spoke(line), turn.narration]);
}

/** Whether the episode so far shows a place, a prop, the event or a part of the premise. */
function coversPremise(ep: Episode): boolean {
  const b = ep.bible;
  const terms = [
    ...b.places.filter((p) => p.fromPremise).map((p) => p.name),
    // Props the premise named (the genre's own, like "a muddy pawprint", do not count).
    ...b.props.filter((p) => ep.req.series.premise.toLowerCase().includes(p.toLowerCase().split(' ').at(-1)!)),
    ...(b.incident ? [ep.lang.shortEvent(b.incident.event)] : []),
    // A part the premise gave ("the hamster chef"), not a bare species ("the german shepherd").
    ...b.roles.filter((r) => r.title.toLowerCase() !== ep.lang.defaultTitle(r.species ?? '').toLowerCase()).map((r) => r.title),
  ].map((t) => t.toLowerCase().replace(/^(the|a|an)\s/, ''));
  const text = ep.scenes
    .map((s) => `${s.setting} ${s.narration} ${s.dialogue.map((d) => d.line).join(' ')}`)
    .join(' ')
    .toLowerCase();
  return terms.some((t) => text.includes(t));
}

/** The closing moment, open-ended, about an open thread and the people in it. */
function cliffhangerScene(ep: Episode, wanted: string): Cliffhanger {
  const w = ep.world;
  const thread = w.central() ?? w.openThreads()[0];
  const benched = ep.benched();
  const awake = ep.cast.names.filter((n) => w.awake(n)).sort((x, y) => Number(!benched.has(y)) - Number(!benched.has(x)) || Number(w.free(y)) - Number(w.free(x)));
  const a = thread?.about.find((n) => w.free(n) && !benched.has(n)) ?? awake[0] ?? ep.cast.names[0]!;
  const place = meetingPlace(ep, [a], wanted);
  const b = awake.find((n) => n !== a && !benched.has(n) && (w.free(n) || w.place(n) === place));
  gather(
    ep,
    place,
    [a, b].filter((x): x is string => !!x),
  );
  const slots = { ...ep.slotsFor(a, b), P: place, O: ep.bible.props[(ep.req.episodeNumber + 1) % Math.max(1, ep.bible.props.length)] ?? ep.lang.fallback.prop.cliffhanger };
  const text = truncate(ep.spoke(ep.say(ep.lang.scenes.cliffhangers, slots, (t) => t.length <= ep.lang.limits.cliffhanger) ?? ep.lang.fallback.cliffhanger(a)), ep.lang.limits.cliffhanger);
  // The one on the edge is scared; the other's face says how they stand with them.
  const other: Record<Stance, Emotion> = { warm: 'scared', tense: 'angry', suspicious: 'smug', grieving: 'crying' };
  ep.scenes.push({
    beat: 'cliffhanger',
    setting: place,
    characters: onScreen(ep, [
      [a, 'scared'],
      [b, b ? other[stanceOf(ep, b, a)] : 'shocked'],
    ]),
    narration: text,
    dialogue: [],
    seconds: 1,
  });
  return { text, who: [a, b].filter((x): x is string => !!x && text.includes(x)).slice(0, 3), place, thread: thread?.id ?? null };
}

function atmosphereKey(ep: Episode, place: string): string {
  return ep.lang.placeKeys.find(([re]) => re.test(place))?.[1] ?? 'any';
}

/**
 * Lengthens the middle scenes until the spoken length is near the target: each scene's own
 * padding first (a reaction, the thread's question), then talk, then atmosphere of its place;
 * too long, it drops closing sentences, then lines — never a scene's first sentence.
 */
function fitLength(ep: Episode, target: number): void {
  const scenes = ep.scenes;
  const middle = scenes.map((s, i) => ({ s, i })).filter(({ s }) => s.beat !== 'hook' && s.beat !== 'cliffhanger');
  const total = () => totalSeconds(timeScript({ scenes }));
  for (let round = 0; total() < target * 0.92 && round < 30; round++) {
    const { s: scene, i } = middle[round % middle.length]!;
    const names = scene.characters.map((c) => c.name);
    const slots = { ...(ep.sceneSlots.get(i) ?? ep.slotsFor(names[0], names[1])), P: scene.setting };
    const fits = (t: string) => scene.narration.length + t.length + 1 <= ep.lang.limits.narration && !ep.lang.namesOtherPlace(t, scene.setting);
    const own = ep.pads.get(i);
    const pad = own?.length ? ep.say(own, slots, fits) : undefined;
    if (pad) {
      ep.pads.set(
        i,
        own!.filter((t) => !t.includes(pad.slice(0, 12))),
      );
      scene.narration = ep.lang.join([scene.narration, ep.spoke(pad)]);
      continue;
    }
    ep.pads.delete(i);
    if (round % 2 === 1 && names.length >= 2 && scene.dialogue.length < 3) {
      const [la, lb] = exchange(ep, names[0], names[1], ep.stances.get(i));
      if (la && lb) {
        scene.dialogue.push({ speaker: names[0]!, line: truncate(ep.spoke(la), ep.lang.limits.line) });
        if (scene.dialogue.length < 3) scene.dialogue.push({ speaker: names[1]!, line: truncate(ep.spoke(lb), ep.lang.limits.line) });
        continue;
      }
    }
    const extra = ep.say(atmosphereFor(ep, scene.setting), slots, fits);
    if (extra) scene.narration = ep.lang.join([scene.narration, ep.spoke(extra)]);
  }
  const over = () => total() > target * 1.1;
  for (let pass = 0; pass < 4 && over(); pass++) {
    for (const { s: scene } of [...middle].reverse()) {
      if (!over()) break;
      const parts = sentences(scene.narration);
      if (parts.length > 1) scene.narration = ep.lang.join(parts.slice(0, -1));
    }
  }
  for (let pass = 0; pass < 3 && over(); pass++) {
    for (const { s: scene } of [...middle].reverse()) {
      if (!over()) break;
      scene.dialogue = scene.dialogue.slice(0, Math.max(0, scene.dialogue.length - 1));
    }
  }
  scenes.splice(0, scenes.length, ...timeScript({ scenes }).scenes);
}

// ---- the next ballot --------------------------------------------------------------------------

/**
 * Three or four twists that can happen now, of different families, about the people of the
 * cliffhanger and the open threads; kinds already paid off twice wait, and at the end of a season
 * the answer to the central question is always on offer.
 */
function nextBallot(ep: Episode): WrittenEpisode['twists'] {
  // As core will see it: with this episode's twist counted among those paid off.
  const paid = ep.req.story.twist?.op.kind;
  const w = new World(ep.bible, paid ? { ...ep.state, kinds: { ...ep.state.kinds, [paid]: (ep.state.kinds[paid] ?? 0) + 1 } } : ep.state);
  const n = ep.req.episodeNumber;
  const beat = ep.req.story.beat;
  const legal = legalTwists(w, { beat: arcBeat(n + 1, ep.bible.seasonLength) }).filter((op) => ep.lang.twists[op.kind]);
  // Twists that move a thread or open one; others only when too few do.
  const moving = legal.filter((op) => op.thread !== null);
  const all = new Set(moving.map((op) => op.kind)).size >= 3 ? moving : legal;
  const lastKind = ep.req.story.twist?.op.kind;
  const cliffPeople = new Set(ep.scenes.at(-1)?.characters.map((c) => c.name) ?? []);
  // What this community keeps choosing gets more room (audience.ts): its kinds are not held back for having won.
  const taste = ep.req.audience;
  const score = (op: TwistOp) =>
    (op.thread && op.thread !== 'new' ? 2 : op.thread === 'new' ? 1 : 0) +
    (cliffPeople.has(op.actor) ? 1 : 0) +
    (op.target && cliffPeople.has(op.target) ? 0.5 : 0) +
    audienceBonus(op, taste) -
    (favouredKind(op, taste) ? 0 : w.timesPaid(op.kind) * 1.5) -
    (w.state.offered[offerKey(op)] ?? 0) * 0.8 -
    (op.kind === lastKind ? 3 : 0) +
    ep.rnd() * 1.2;
  const ranked = all.map((op) => ({ op, s: score(op) })).sort((a, b) => b.s - a.s);
  const count = ep.rnd() < 0.35 ? 4 : 3;
  const cap = new FavouredCap(taste, count);
  const chosen: TwistOp[] = [];
  const families = new Set<Family>();
  const pairs = new Set<string>();
  const take = (op: TwistOp) => {
    chosen.push(op);
    cap.take(op);
    families.add(RULE_BY_KIND.get(op.kind)!.family);
    pairs.add(`${op.actor}>${op.target}`);
  };
  const unmask = ranked.find((r) => r.op.kind === 'unmask');
  if (unmask && (beat === 'answer' || beat === 'crisis')) take(unmask.op);
  for (const { op } of ranked) {
    if (chosen.length >= count) break;
    const family = RULE_BY_KIND.get(op.kind)!.family;
    // A kind that already won twice this season waits, unless nothing else can happen.
    if (families.has(family) || chosen.some((c) => c.kind === op.kind) || pairs.has(`${op.actor}>${op.target}`) || (w.timesPaid(op.kind) >= 2 && !favouredKind(op, taste))) continue;
    if (!cap.fits(op, { characters: true })) continue;
    take(op);
  }
  // A small cast or a quiet story: relax the family rule before giving up on a ballot.
  for (const { op } of ranked) {
    if (chosen.length >= 3) break;
    if (!chosen.some((c) => c.kind === op.kind) && cap.fits(op, { characters: false })) take(op);
  }
  const out: WrittenEpisode['twists'] = [];
  const labels = new Set<string>();
  const phrase = (op: TwistOp): WrittenEpisode['twists'][number] | undefined => {
    const text = ep.lang.twists[op.kind]!;
    const fact = w.fact(op.object);
    const slots = {
      ...ep.slotsFor(op.actor, op.target, op.kind === 'jealousy' ? op.object : undefined),
      P: w.place(op.actor),
      O: op.object && ep.bible.props.includes(op.object) ? op.object : (ep.bible.props[0] ?? ep.lang.fallback.prop.twist),
      ...(fact ? { F: ep.lang.clause(fact.text) } : {}),
    };
    // Ballot text is read, not spoken: it may say again what a scene said.
    const label = ep.say(text.labels, slots, (t) => t.length <= ep.lang.limits.label && !labels.has(t.toLowerCase()), undefined, false);
    const teaser = ep.say(text.teasers, slots, (t) => t.length <= ep.lang.limits.teaser, undefined, false);
    if (!label || !teaser) return undefined;
    labels.add(label.toLowerCase());
    return { label, teaser, op };
  };
  for (const op of chosen) {
    const t = phrase(op);
    if (t) out.push(t);
  }
  // Fewer than three could be worded: the next best twists of other kinds fill in, then (a quiet
  // story, few people free) the same kinds between other people.
  for (const sameKind of [false, true]) {
    for (const { op } of ranked) {
      if (out.length >= 3) break;
      if (out.some((o) => (sameKind ? offerKey(o.op) === offerKey(op) : o.op.kind === op.kind))) continue;
      if (favouredKind(op, taste) && out.filter((o) => favouredKind(o.op, taste)).length >= favouredCap(3)) continue;
      const t = phrase(op);
      if (t) out.push(t);
    }
  }
  // Favourites beyond their share (a planned option that could not be worded, a shorter ballot):
  // the next best twist of another kind stands in, else the extra favourite goes.
  for (let i = out.length - 1; i >= 0; i--) {
    if (out.filter((o) => favouredKind(o.op, taste)).length <= favouredCap(out.length)) break;
    if (!favouredKind(out[i]!.op, taste)) continue;
    let stand: WrittenEpisode['twists'][number] | undefined;
    for (const { op } of ranked) {
      if (favouredKind(op, taste) || out.some((o) => o.op.kind === op.kind)) continue;
      if ((stand = phrase(op))) break;
    }
    if (stand) out[i] = stand;
    else if (out.length > 2) out.splice(i, 1);
  }
  // A story with almost nothing left to happen still gets a ballot: moves any two people can make.
  for (const op of out.length < 2 ? fallbackTwists(ep, w) : []) {
    if (out.length >= 3) break;
    if (checkTwist(w, op) !== null || out.some((o) => o.label === op.words)) continue;
    out.push({ label: truncate(op.words!, ep.lang.limits.label), teaser: op.words!, op });
  }
  if (out.length < 2) {
    const who = ep.cast.names.map((x) => `${x}: ${w.condition(x)}`).join(', ');
    throw new Error(`offline writer found only ${out.length} twist(s) that can happen after episode ${n} (${all.length} legal; ${who})`);
  }
  return out;
}

function summaryOf(ep: Episode, op: TwistOp | null): string {
  const n = ep.req.episodeNumber;
  const facts = ep.state.facts.filter((f) => f.episode === n).map((f) => f.text);
  const lead = op ? (ep.req.story.twist?.changes.find((c) => c.type === 'fact') as { text?: string } | undefined)?.text : ep.bible.incident?.sentence;
  // The twist's fact is also one of this episode's facts (core applied it at this episode): said once.
  const lines = [...new Set([lead, ...facts].filter((x): x is string => !!x))];
  return truncate(ep.lang.summary(n, ep.lang.join(lines.slice(0, 2)) || ep.bible.question), 300);
}
