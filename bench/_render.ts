import { performance } from 'node:perf_hooks';
import { VideoRenderer } from '../src/render/renderer.js';
import { resolveBinaries, probe } from '../src/render/ffmpeg.js';
import { writeOffline } from '../src/writer/offline/offline-writer.js';
import { createLogger } from '../src/log.js'; const silentLogger = createLogger('debug', { pretty: false });
const cast = [
  { name: 'Mochi', species: 'Shiba Inu', look: {}, personality: 'proud, secretly tender', voice: '' },
  { name: 'Luna', species: 'black cat', look: {}, personality: 'mysterious, sharp-tongued', voice: '' },
  { name: 'Biscuit', species: 'golden retriever', look: {}, personality: 'loyal to a fault', voice: '' },
];
const script = writeOffline({ series: { id: 's', title: 'Paws of Fate', premise: 'A Shiba Inu wakes up in hospital with no memory of the wedding.', tone: 'melodrama', language: 'en', bible: {}, synopsis: '', targetSeconds: Number(process.argv[3] ?? 60), seed: 3, allowFallback: true }, cast, episodeNumber: 2, twist: { label: 'Luna has a secret twin', teaser: 'Same eyes, a different heart.', source: 'writer' }, previous: [] });
const bins = resolveBinaries({ ffmpegPath: process.env.FFMPEG_PATH, ffprobePath: process.env.FFPROBE_PATH });
const r = new VideoRenderer({ bins, width: 720, height: 1280, fps: 24, mediaDir: '/tmp/art/media-' + Date.now(), cacheDir: '/tmp/art/cache-' + Date.now(), log: silentLogger, narrator: (process.argv[2] as any) ?? 'animalese' });
const t = performance.now();
const out = await r.render({ episodeId: 'ep1', seriesId: 's', seriesTitle: 'Paws of Fate', language: 'en', number: 2, title: script.title, script, cast, options: script.twists.map((t, i) => ({ letter: 'ABCD'[i]!, label: t.label })), maxBytes: 10 * 1024 * 1024 });
console.log(out, ((performance.now() - t) / 1000).toFixed(1), 's');
console.log(await probe(bins, out.videoPath));
