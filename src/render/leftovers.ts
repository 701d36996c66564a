import fs from 'node:fs/promises';
import path from 'node:path';
import { pidIsGone, processTag } from '../core/owners.js';

/** A temp file name of this machine's processes: `<file>.<tag>-<pid>.<8 hex>.tmp[.mp4|.pam]`. */
export const tempName = (file: string, unique: string, ext = '.tmp') => `${file}.${processTag()}-${process.pid}.${unique}${ext}`;
const TEMP_FILE = /\.([0-9a-f]{8})-(\d+)\.[0-9a-f]{8}\.tmp(?:\.mp4|\.pam)?$/;

const alive = (pid: number): boolean => pid === process.pid || !pidIsGone(pid);

/**
 * The pid that owns a temp file name, when it is a process of this machine (another container
 * sharing the folder has another tag: its files are never judged here).
 */
const ownerOf = (name: string): number | undefined => {
  const m = TEMP_FILE.exec(name);
  return m && m[1] === processTag() ? Number(m[2]) : undefined;
};

/**
 * What a render killed with SIGKILL leaves behind: ffmpeg processes still encoding into a temp file
 * of a process that is gone (killed at once), and the temp files of dead processes (removed).
 * Linux only for the processes (it reads /proc); elsewhere only files are cleaned.
 */
export async function cleanLeftovers(dirs: string[]): Promise<{ killed: number; removed: number }> {
  let killed = 0;
  let removed = 0;
  const procs = await fs.readdir('/proc').catch(() => [] as string[]);
  for (const entry of procs) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (!args[0] || !path.basename(args[0]).includes('ffmpeg')) continue;
    const orphan = args.some((arg) => {
      const owner = ownerOf(arg);
      return owner !== undefined && !alive(owner);
    });
    if (!orphan) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
      killed++;
    } catch {
      // gone meanwhile, or not ours to kill
    }
  }
  const sweep = async (dir: string, depth: number): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (depth > 0) await sweep(full, depth - 1);
        continue;
      }
      const owner = ownerOf(e.name);
      if (owner !== undefined && !alive(owner)) {
        await fs.rm(full, { force: true });
        removed++;
      }
    }
  };
  for (const dir of dirs) await sweep(dir, 2);
  return { killed, removed };
}
