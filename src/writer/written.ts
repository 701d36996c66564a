import type { WriteRequest, WrittenEpisode } from '../core/ports.js';
import { readBible, remember } from './memory.js';
import type { Script } from './script.js';

/** What a writer hands the engine: the script, the ballot it ends on, and the updated memory. */
export function toWritten(script: Script, req: WriteRequest): WrittenEpisode {
  const memory = remember(
    { bible: readBible(req.series.bible, { setting: req.series.premise, tone: req.series.tone }), synopsis: req.series.synopsis },
    { number: req.episodeNumber, script, ...(req.twist ? { twist: req.twist.label } : {}) },
  );
  return {
    title: script.title,
    previously: script.previously,
    cliffhanger: script.cliffhanger,
    twists: script.twists.map((t) => ({ label: t.label, teaser: t.teaser })),
    script,
    synopsis: memory.synopsis,
    bible: { ...memory.bible },
  };
}
