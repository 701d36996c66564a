import { arcBeat } from './arc.js';
import { SILENT_CONDITIONS, type Bible, type Condition, type Fact, type Feeling, type Role, type StoryState, type Thread } from './model.js';

/** Read-only questions about a story state, for preconditions and planners. */
export class World {
  constructor(
    readonly bible: Bible,
    readonly state: StoryState,
  ) {}

  get names(): string[] {
    return this.bible.roles.map((r) => r.name);
  }

  isCast(name: string | null): name is string {
    return !!name && this.bible.roles.some((r) => r.name === name);
  }

  role(name: string): Role | undefined {
    return this.bible.roles.find((r) => r.name === name)?.role;
  }

  /** Who plays `role` (the first one). */
  who(role: Role): string | undefined {
    return this.bible.roles.find((r) => r.role === role)?.name;
  }

  /** The species a cast member was given (from their title when the bible has nothing better). */
  species(name: string): string {
    const r = this.bible.roles.find((x) => x.name === name);
    return r?.species ?? r?.title ?? name;
  }

  title(name: string): string {
    return this.bible.roles.find((r) => r.name === name)?.title ?? name;
  }

  condition(name: string): Condition {
    return this.state.characters[name]?.condition ?? 'fine';
  }

  place(name: string): string {
    return this.state.characters[name]?.place ?? this.bible.places[0]!.name;
  }

  /** Awake and present: can be on screen and speak. */
  awake(name: string): boolean {
    return this.isCast(name) && !SILENT_CONDITIONS.includes(this.condition(name));
  }

  /** Free to go places and do things (not locked up, not bedridden). */
  free(name: string): boolean {
    return this.awake(name) && this.condition(name) !== 'arrested' && this.condition(name) !== 'in hospital';
  }

  trust(from: string, to: string): number {
    return this.state.relations.find((r) => r.from === from && r.to === to)?.trust ?? 0;
  }

  feeling(from: string, to: string): Feeling {
    return this.state.relations.find((r) => r.from === from && r.to === to)?.feeling ?? 'neutral';
  }

  facts(pred: (f: Fact) => boolean = () => true): Fact[] {
    return this.state.facts.filter(pred);
  }

  fact(id: string | null): Fact | undefined {
    return id ? this.state.facts.find((f) => f.id === id) : undefined;
  }

  has(kind: string, actor?: string | null, target?: string | null): boolean {
    return this.state.facts.some((f) => f.kind === kind && (actor === undefined || f.actor === actor) && (target === undefined || f.target === target));
  }

  /**
   * Whether it happened lately: this season, within the last few episodes (eight for a cast of four or more). What was done long
   * ago may be done again (a new betrayal, a new quarrel); what is presupposed uses has().
   */
  did(kind: string, actor?: string | null, target?: string | null): boolean {
    // A small cast repeats itself sooner: two characters can quarrel again after four episodes.
    const since = Math.max(this.seasonStart(), this.state.episode - Math.min(8, 2 * this.names.length));
    return this.state.facts.some((f) => f.episode > since && f.kind === kind && (actor === undefined || f.actor === actor) && (target === undefined || f.target === target));
  }

  /** The episode the current season's question was opened in (0 for the first season). */
  seasonStart(): number {
    return this.state.threads.filter((t) => t.central).reduce((max, t) => Math.max(max, t.opened), 0);
  }

  knows(name: string, fact: Fact): boolean {
    return fact.public || fact.known.includes(name);
  }

  /** Secrets: facts not public. */
  secrets(): Fact[] {
    return this.state.facts.filter((f) => !f.public);
  }

  central(): Thread | undefined {
    return this.state.threads.find((t) => t.central && t.status === 'open');
  }

  openThreads(): Thread[] {
    return this.state.threads.filter((t) => t.status === 'open');
  }

  /** The open thread about these people, if any (the central one last). */
  threadAbout(...names: string[]): Thread | undefined {
    const open = this.openThreads().filter((t) => !t.central);
    return open.find((t) => names.every((n) => t.about.includes(n))) ?? open.find((t) => names.some((n) => t.about.includes(n)));
  }

  timesPaid(kind: string): number {
    return this.state.kinds[kind] ?? 0;
  }

  carePlace(): string {
    return carePlaceOf(this.bible);
  }

  /** Where the arrested are kept. */
  cellPlace(): string {
    return (
      this.bible.places.find((p) => /police|jail|prison|cell|station house|警察局|派出所|监狱|看守所|审讯室/i.test(p.name))?.name ?? (this.bible.language === 'zh' ? '警察局' : 'the police station')
    );
  }

  /** Whether the next episode is in the last part of the season, where the central question is answered. */
  late(): boolean {
    const beat = arcBeat(this.state.episode + 1, this.bible.seasonLength);
    // A question opened a moment ago (a new season's) is not answered at once.
    const central = this.central();
    return (beat === 'answer' || beat === 'new season') && !!central && central.opened <= this.state.episode - 3;
  }

  /** The event of the premise, when there is one and it is still a question. */
  caseOpen(): boolean {
    // The case is the question the season started with; a new season's question is another story.
    return !!this.bible.incident && this.state.threads.some((t) => t.central && t.opened === 0 && t.status === 'open');
  }
}

/** Where patients are seen: the bible's hospital or clinic, else a hospital room. */
export function carePlaceOf(bible: Bible): string {
  return bible.places.find((p) => /hospital|clinic|ward|vet|infirmary|医院|病房|诊所|急诊/i.test(p.name))?.name ?? (bible.language === 'zh' ? '医院病房' : 'the hospital room');
}
