import { indexCommands, type CommandDef } from '../src/core/commands.js';
import { cast } from './cast.js';
import { episode } from './episode.js';
import { helpCommand } from './help.js';
import { me } from './me.js';
import { mod } from './mod.js';
import { series } from './series.js';
import { suggest } from './suggest.js';
import { vote } from './vote.js';

/** Every chat command, in the order help lists them. */
export const commands: readonly CommandDef[] = indexCommands([series, vote, suggest, episode, cast, mod, me, helpCommand(() => commands)]);
