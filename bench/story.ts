import { performance } from 'node:perf_hooks';
import { runDemo, type DemoResult, type DemoSuggestion, type VoteMode } from '../src/demo.js';
import type { Tone } from '../src/core/series.js';
import { measureSeries, type Count, type Finding, type SeriesMetrics } from './story-metrics.js';
import type { Print } from './setup.js';

/**
 * Reads whole 20-episode offline series as a viewer would and counts what does not follow
 * (see story-metrics.ts for what each figure measures). Each premise runs four series through
 * the real engine (`runDemo`, no video): votes for the first writer twist, the last, a random
 * one, and random votes with community suggestions that win at spread-out episodes.
 *
 * `npm run bench -- story --verbose` adds, per premise, its figures and the worst examples.
 */

interface Premise {
  name: string;
  genre: string;
  title: string;
  premise: string;
  cast: string;
  tone?: Tone;
  /** Written the way viewers write; they win after episodes 3, 8, 13 and 17. */
  suggestions: string[];
}

export const PREMISES: Premise[] = [
  {
    name: 'bakery-takings',
    genre: 'mystery',
    title: 'Crumbs of Doubt',
    premise: "A guinea pig bookkeeper is accused of stealing the bakery's takings, and only the night-shift budgie saw who opened the safe.",
    cast: 'Pip: guinea pig, Juniper: budgie, Bruno: bulldog',
    tone: 'thriller',
    suggestions: [
      'Bruno was secretly working for the baker all along',
      'juniper has been lying about what she saw!!',
      'Pip hid the spare key in his cheek pouch',
      'The safe was already empty before the night shift started',
    ],
  },
  {
    name: 'museum-egg',
    genre: 'mystery',
    title: 'The Golden Egg Affair',
    premise: 'A retired police fox investigates the disappearance of the golden egg from the natural history museum during a thunderstorm.',
    cast: 'Vesper: fox, Dot: duck, Oscar: tabby cat',
    tone: 'thriller',
    suggestions: ['Dot swapped the golden egg for a painted stone', 'what if Oscar is the thief’s accomplice', 'Vesper finds feathers in the display case'],
  },
  {
    name: 'pie-contest',
    genre: 'rivalry',
    title: 'Snowed In',
    premise: "Two rival pie bakers, a rabbit and a poodle, are snowed in together in the county fair's judging tent the night before the pie contest.",
    cast: 'Clover: rabbit, Duchess: poodle, Percy: pig',
    tone: 'comedy',
    suggestions: ['Percy sabotages both pies', 'Duchess and Clover share the last blanket', 'Clover steals Duchess’s secret recipe', 'the judge is Percy in disguise lol'],
  },
  {
    name: 'last-summer',
    genre: 'medical',
    title: 'One Last Summer',
    premise: "An old sheepdog learns his heart is failing and has one summer left to teach the farm's new duckling to lead the flock.",
    cast: 'Barnaby: Old English Sheepdog, Pudding: duck, Mabel: calico cat',
    tone: 'tragedy',
    suggestions: ['Mabel hides Barnaby’s heart pills', 'Pudding leads the flock through the storm alone', 'Barnaby collapses at the sheep trials'],
  },
  {
    name: 'flower-shop',
    genre: 'romance',
    title: 'Petals and Songs',
    premise: "A shy hamster florist falls for the parrot who sings outside her flower shop every morning, but he is promised to the alderman's Persian cat.",
    cast: 'Hazel: hamster, Rio: parrot, Sultana: Persian cat',
    tone: 'romance',
    suggestions: ['Rio loses his voice before the big serenade', 'Sultana sends Hazel a bouquet of poison ivy', 'Hazel and Rio run away on the ferry', 'Sultana was in love with Hazel the whole time'],
  },
  {
    name: 'circus-comeback',
    genre: 'revenge',
    title: 'The Ringmaster Returns',
    premise: 'Thrown out of the circus by the ringmaster, a pot-bellied pig returns ten years later as a celebrity chef to ruin his comeback show.',
    cast: 'Truffle: pot-bellied pig, Baron: Great Dane, Pixie: ferret',
    tone: 'melodrama',
    suggestions: ['Pixie was the one who got Truffle fired', 'Baron fakes his own death', 'Truffle poisons the opening-night cake'],
  },
  {
    name: 'lighthouse-deed',
    genre: 'family',
    title: 'The Lighthouse Deed',
    premise: 'When the old tortoise who kept the lighthouse passes away, her will leaves everything to whichever of her three adopted pets finds the hidden deed.',
    cast: 'Marigold: corgi, Figaro: cockatiel, Nutmeg: Siamese cat',
    tone: 'melodrama',
    suggestions: ['Figaro forged the will', 'Nutmeg is the tortoise’s real granddaughter', 'Marigold burns the deed', 'the deed was in the foghorn the whole time'],
  },
  {
    name: 'houseboat-wedding',
    genre: 'comedy',
    title: 'Cold Feet, Wet Paws',
    premise: "A chaotic guinea pig wedding planner has three days to save a duck's wedding on a houseboat after the groom swallows the ring.",
    cast: 'Biscuit: guinea pig, Quackers: duck, Sergeant: German Shepherd',
    tone: 'comedy',
    suggestions: ['Sergeant arrests the wedding cake', 'Quackers gets cold feet and flies south', 'Biscuit falls for the best man'],
  },
  {
    name: 'aquarium-pearls',
    genre: 'mystery',
    title: 'Pearls at the Aquarium',
    premise: 'A rabbit pickpocket and the dachshund detective who keeps arresting her must work together when a pearl necklace vanishes from the harbour aquarium.',
    cast: 'Lola: rabbit, Frank: dachshund, Kiwi: budgie',
    tone: 'thriller',
    suggestions: ['Frank planted the necklace in Lola’s burrow', 'Kiwi is the real pickpocket', 'Lola and Frank get locked in the shark tunnel overnight'],
  },
];

/**
 * Chinese premises, written as a Chinese audience would (Douyin 短剧: 反转, 打脸, 豪门, 身世之谜), with
 * Chinese names and species: the offline writer tells them in Chinese. Their figures print as
 * `story.zh.<figure>`, counted the same way (two-character words stand for English words).
 */
export const PREMISES_ZH: Premise[] = [
  {
    name: 'zh-bakery-takings',
    genre: 'mystery',
    title: '面包店疑云',
    premise: '一只仓鼠会计被指控偷了面包店的营业款，只有夜班的鹦鹉看见是谁打开了保险箱。',
    cast: '豆豆: 仓鼠, 团子: 鹦鹉, 可乐: 柴犬',
    tone: 'thriller',
    suggestions: ['其实可乐一直在替面包师打工', '团子在撒谎!!', '豆豆把备用钥匙藏在了颊囊里', '保险箱早就空了'],
  },
  {
    name: 'zh-heiress-returns',
    genre: 'revenge',
    title: '千金归来',
    premise: '豪门千金橘猫年糕被赶出家门，十年后她以神秘总裁的身份归来，誓要让害她的继母付出代价。',
    cast: '年糕: 橘猫, 雪球: 波斯猫, 旺财: 金毛',
    tone: 'melodrama',
    suggestions: ['旺财才是年糕的亲哥哥', '雪球伪造了遗嘱', '年糕当众打了雪球的脸'],
  },
  {
    name: 'zh-flower-shop',
    genre: 'romance',
    title: '花店情歌',
    premise: '害羞的仓鼠花艺师爱上了每天在花店门口唱歌的鹦鹉，可他早已和市长家的波斯猫订了婚。',
    cast: '团子: 仓鼠, 可乐: 鹦鹉, 公主: 波斯猫',
    tone: 'romance',
    suggestions: ['可乐在演唱会前失声了', '公主其实一直暗恋团子', '团子和可乐坐渡轮私奔'],
  },
];

const EPISODES = 20;
const COMMUNITY_AFTER = [3, 8, 13, 17];

interface SeriesRun {
  premise: Premise;
  votes: string;
  demo: DemoResult;
  metrics: SeriesMetrics;
}

/** The series of one premise: votes for the first, last and a random twist, and the community's. */
export async function runPremise(p: Premise, seed: number, timing = { seconds: 0 }): Promise<SeriesRun[]> {
  const runs: { votes: VoteMode; label: string; suggestions: DemoSuggestion[] }[] = [
    { votes: 'first', label: 'first', suggestions: [] },
    { votes: 'last', label: 'last', suggestions: [] },
    { votes: 'random', label: 'random', suggestions: [] },
    { votes: 'random', label: 'community', suggestions: p.suggestions.slice(0, COMMUNITY_AFTER.length).map((text, i) => ({ after: COMMUNITY_AFTER[i]!, text })) },
  ];
  const out: SeriesRun[] = [];
  for (const [i, r] of runs.entries()) {
    const start = performance.now();
    const demo = await runDemo({
      episodes: EPISODES,
      seed: seed * 10 + i,
      print: () => {},
      noVideo: true,
      title: p.title,
      premise: p.premise,
      cast: p.cast,
      ...(p.tone ? { tone: p.tone } : {}),
      votes: r.votes,
      suggestions: r.suggestions,
    });
    timing.seconds += (performance.now() - start) / 1000;
    out.push({ premise: p, votes: r.label, demo, metrics: measureSeries(demo) });
  }
  return out;
}

const sum = (runs: SeriesRun[], pick: (m: SeriesMetrics) => Count) =>
  runs.reduce((acc, r) => ({ hits: acc.hits + pick(r.metrics).hits, total: acc.total + pick(r.metrics).total }), { hits: 0, total: 0 });
const ratio = (c: { hits: number; total: number }, empty = 0) => (c.total ? c.hits / c.total : empty);
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

function figures(runs: SeriesRun[]) {
  const payoff = sum(runs, (m) => m.payoff);
  const community = sum(runs, (m) => m.payoff.community);
  return {
    premise_coverage: ratio(sum(runs, (m) => m.premiseCoverage)),
    presupposition_failures: sum(runs, (m) => m.presuppositions).hits,
    payoff_mismatch: ratio(payoff),
    community_paid_off: ratio(community, 1),
    community_total: community.total,
    place_clashes: sum(runs, (m) => m.placeClashes).hits,
    place_clash_total: sum(runs, (m) => m.placeClashes).total,
    distinct_sentences_masked: runs.reduce((a, r) => a + ratio(r.metrics.distinct, 1), 0) / Math.max(1, runs.length),
    max_line_repeats: Math.max(0, ...runs.map((r) => r.metrics.lineRepeats.max)),
    self_address: sum(runs, (m) => m.selfAddress).hits,
    unfit_speakers: sum(runs, (m) => m.unfitSpeakers).hits,
    species_mismatches: sum(runs, (m) => m.species).hits,
    hook_offscreen: ratio(sum(runs, (m) => m.hook)),
    places_per_episode: ratio(sum(runs, (m) => m.places)),
    repeated_winning_templates: Math.max(0, ...runs.map((r) => r.metrics.templates.max)),
  };
}

const clip = (text: string, max = 110) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A premise's figures and its worst examples, for a developer to see what fails. */
function breakdown(p: Premise, runs: SeriesRun[]): string[] {
  const f = figures(runs);
  const lines = [
    `story[${p.name}, ${p.genre}]: coverage ${round(f.premise_coverage)}, presuppositions ${f.presupposition_failures}, payoff mismatch ${round(f.payoff_mismatch)}, community ${round(f.community_paid_off)} of ${f.community_total}, place clashes ${f.place_clashes}/${f.place_clash_total}, distinct ${round(f.distinct_sentences_masked)}, line repeats ${f.max_line_repeats}, self-address ${f.self_address}, unfit ${f.unfit_speakers}, species ${f.species_mismatches}, hook off ${round(f.hook_offscreen)}, places/ep ${round(f.places_per_episode)}, template wins ${f.repeated_winning_templates}`,
  ];
  const show = (what: string, pick: (m: SeriesMetrics) => Finding[], n = 2) => {
    const found = runs.flatMap((r) => pick(r.metrics).map((x) => ({ ...x, votes: r.votes })));
    for (const x of found.slice(0, n)) lines.push(`    ${what} [${x.votes} ep ${x.episode}] ${x.what} — “${clip(x.text)}”`);
  };
  show('community', (m) => m.payoff.community.findings, 2);
  show('payoff', (m) => m.payoff.findings.filter((x) => !x.what.startsWith('community')), 2);
  show('presupposes', (m) => m.presuppositions.findings);
  show('premise', (m) => m.premiseCoverage.findings, 1);
  show('place', (m) => m.placeClashes.findings);
  show('unfit', (m) => m.unfitSpeakers.findings);
  show('species', (m) => m.species.findings);
  show('self', (m) => m.selfAddress.findings, 1);
  show('hook', (m) => m.hook.findings, 1);
  const worstLine = runs.map((r) => ({ ...r.metrics.lineRepeats, votes: r.votes })).sort((a, b) => b.max - a.max)[0];
  if (worstLine && worstLine.max > 1) lines.push(`    repeats [${worstLine.votes}] ${worstLine.max}× “${clip(worstLine.line)}”`);
  const worstTemplate = runs.map((r) => ({ ...r.metrics.templates, votes: r.votes })).sort((a, b) => b.max - a.max)[0];
  if (worstTemplate && worstTemplate.max > 1)
    lines.push(
      `    template [${worstTemplate.votes}] ${worstTemplate.max}× “${worstTemplate.template}”: ${worstTemplate.labels
        .slice(0, 3)
        .map((l) => `“${l}”`)
        .join(', ')}`,
    );
  return lines;
}

export async function run(print: Print, opts: { verbose?: boolean; log?: (line: string) => void } = {}): Promise<void> {
  const verbose = opts.verbose ?? process.argv.includes('--verbose');
  const log = opts.log ?? ((line: string) => console.log(line));
  // The time it takes to run the series (engine, writer, votes), not to measure them.
  const timing = { seconds: 0 };
  const all: SeriesRun[] = [];
  for (const [i, p] of PREMISES.entries()) {
    const runs = await runPremise(p, i + 1, timing);
    all.push(...runs);
    if (verbose) for (const line of breakdown(p, runs)) log(line);
  }
  printFigures(print, 'story', figures(all));
  // The same figures for the Chinese series, under story.zh.
  const zh: SeriesRun[] = [];
  for (const [i, p] of PREMISES_ZH.entries()) {
    const runs = await runPremise(p, 100 + i, timing);
    zh.push(...runs);
    if (verbose) for (const line of breakdown(p, runs)) log(line);
  }
  printFigures(print, 'story.zh', figures(zh));
  print('story.series_seconds', round(timing.seconds, 1), `s for ${all.length + zh.length} series`);
}

function printFigures(print: Print, prefix: string, f: ReturnType<typeof figures>): void {
  print(`${prefix}.premise_coverage`, round(f.premise_coverage), 'of episodes 2-20');
  print(`${prefix}.presupposition_failures`, f.presupposition_failures, 'winning twists');
  print(`${prefix}.payoff_mismatch`, round(f.payoff_mismatch), 'of episodes 2-20');
  print(`${prefix}.community_paid_off`, round(f.community_paid_off), `of ${f.community_total} community twists`);
  print(`${prefix}.place_clashes`, f.place_clashes, `scenes (of ${f.place_clash_total} naming a place)`);
  print(`${prefix}.distinct_sentences_masked`, round(f.distinct_sentences_masked), 'distinct/all');
  print(`${prefix}.max_line_repeats`, f.max_line_repeats, 'times');
  print(`${prefix}.self_address`, f.self_address, 'lines');
  print(`${prefix}.unfit_speakers`, f.unfit_speakers, 'lines');
  print(`${prefix}.species_mismatches`, f.species_mismatches, 'mentions');
  print(`${prefix}.hook_offscreen`, round(f.hook_offscreen), 'of episodes');
  print(`${prefix}.places_per_episode`, round(f.places_per_episode), 'settings');
  print(`${prefix}.repeated_winning_templates`, f.repeated_winning_templates, 'wins');
}
