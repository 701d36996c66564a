import type { Script } from './script.js';
import { totalSeconds } from './timing.js';

/** A script as a person reads it in a terminal. */
export function formatScript(script: Script, number: number): string {
  const out: string[] = [`━━ Episode ${number}: ${script.title}  (${Math.round(totalSeconds(script))} s)`];
  if (script.previously) out.push(`   ${script.previously}`);
  for (const scene of script.scenes) {
    const who = scene.characters.map((c) => `${c.name} (${c.emotion})`).join(', ');
    out.push('', `[${scene.beat.toUpperCase()} · ${scene.setting} · ${who}]`, `   ${scene.narration}`);
    for (const d of scene.dialogue) out.push(`   ${d.speaker}: “${d.line}”`);
  }
  out.push('', `To be continued… ${script.cliffhanger}`);
  return out.join('\n');
}
