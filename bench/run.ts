/**
 * `npm run bench` runs every benchmark; `npm run bench -- votes` runs one. Each figure is printed
 * as `<name>.<figure> = <number> <unit>` so that runs compare line by line.
 */
import type { Print } from './setup.js';

const benchmarks: Record<string, () => Promise<{ run(print: Print): Promise<void> }>> = {
  votes: () => import('./votes.js'),
  writer: () => import('./writer.js'),
  render: () => import('./render.js'),
  load: () => import('./load.js'),
  workers: () => import('./workers.js'),
  story: () => import('./story.js'),
  discord: () => import('./discord.js'),
  export: () => import('./export.js'),
  recap: () => import('./recap.js'),
  stats: () => import('./stats.js'),
};

const print: Print = (name, value, unit) => console.log(`${name} = ${value} ${unit}`);

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !benchmarks[w]);
if (unknown.length) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(benchmarks).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : Object.keys(benchmarks)) {
  await (await benchmarks[name]!()).run(print);
}
