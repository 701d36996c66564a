import { planStoryboard, animaleseSpeaker } from '../src/render/storyboard.js';
import { writeOffline } from '../src/writer/offline/offline-writer.js';
import { performance } from 'node:perf_hooks';
const cast = [
  { name: 'Mochi', species: 'Shiba Inu', look: {}, personality: 'proud', voice: '' },
  { name: 'Luna', species: 'black cat', look: {}, personality: 'mysterious', voice: '' },
];
const script = writeOffline({ series: { id: 's', title: 'Paws of Fate', premise: 'A Shiba Inu wakes up in hospital with no memory of the wedding.', tone: 'melodrama', language: 'en', bible: {}, synopsis: '', targetSeconds: 60, seed: 3, allowFallback: true }, cast, episodeNumber: 2, twist: { label: 'Luna has a secret twin', teaser: 'x', source: 'writer' }, previous: [] });
const t = performance.now();
const b = await planStoryboard({ script, number: 2, seriesTitle: 'Paws', cast, options: [] }, animaleseSpeaker);
console.log((performance.now() - t).toFixed(0), 'ms');
for (const s of b.segments) console.log(s.picture.kind, s.start.toFixed(2), s.duration.toFixed(2), s.motion);
console.log('previously:', script.previously);
