import { ADMIN, DiscordRig, buttonsOf } from '../test/fakes/discord/rig.js';
import type { FakeMember, InteractionRecord } from '../test/fakes/discord/server.js';
import { percentile, type Print } from './setup.js';

/**
 * How fast Discord interactions are acknowledged: the real discord.js client, the engine on
 * SQLite and the Discord fake on this machine. The figure is what Discord would see, from the
 * gateway event to the interaction callback; the budget is p99 ≤ 300 ms and never over 3 s
 * (Discord drops an interaction not answered within three seconds).
 * Bursts of 20 members clicking vote buttons at once, then slash commands (/help, /vote,
 * /series status) in bursts of 10.
 */
export async function run(print: Print): Promise<void> {
  const rig = new DiscordRig();
  await rig.boot({ tallyEveryMs: 1000 });
  try {
    const { post } = await rig.startSeries();
    const buttons = buttonsOf(post);
    const member = (n: number): FakeMember => ({ id: String(700000000000000000n + BigInt(n)), username: `bench${n}` });
    const acks: number[] = [];
    const burst = async (interactions: InteractionRecord[]) => {
      await Promise.all(interactions.map((i) => rig.answered(i)));
      for (const i of interactions) acks.push(i.response!.at - i.createdAt);
    };
    let n = 0;
    for (let round = 0; round < 25; round++) {
      await burst(Array.from({ length: 20 }, (_, k) => rig.fake.click(member(n++), post, buttons[k % buttons.length]!.custom_id)));
    }
    for (let round = 0; round < 10; round++) {
      await burst(
        Array.from({ length: 10 }, (_, k) => {
          const who = member(n++);
          if (k % 3 === 0) return rig.fake.slash(who, ['help']);
          if (k % 3 === 1) return rig.fake.slash(who, ['vote'], { option: 'B' });
          return rig.fake.slash(ADMIN, ['series', 'status']);
        }),
      );
    }
    acks.sort((a, b) => a - b);
    print('discord.ack.count', acks.length, 'interactions');
    print('discord.ack.p50', percentile(acks, 50), 'ms');
    print('discord.ack.p99', percentile(acks, 99), 'ms');
    print('discord.ack.max', acks.at(-1) ?? 0, 'ms');
    const late = acks.filter((ms) => ms > 3000).length;
    if (late) throw new Error(`bench: ${late} interaction(s) acknowledged after Discord's three seconds`);
  } finally {
    await rig.close();
  }
}
