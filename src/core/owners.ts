import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

/**
 * Who "this machine" is for telling live processes from dead ones: the host name, the boot, and
 * the PID namespace. Containers on the host network share a host name but not a PID namespace,
 * so a PID is only judged by a process that can see it.
 */
function machineIdentity(): string {
  const read = (fn: () => string) => {
    try {
      return fn();
    } catch {
      return '';
    }
  };
  const boot = read(() => fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().slice(0, 8));
  const pidNamespace = read(() => fs.readlinkSync('/proc/self/ns/pid').replace(/\D/g, ''));
  return [os.hostname(), boot, pidNamespace].filter(Boolean).join('/');
}

const SELF = machineIdentity();
/** Owner names this process made: the same PID with a name it did not make was an earlier process. */
const mine = new Set<string>();

/** This machine and PID namespace, as owner names spell it. */
export const localIdentity = (): string => SELF;

/** A short tag of the identity, for file names (temp files of a killed process are recognised by it). */
export const processTag = (): string => createHash('sha256').update(SELF).digest('hex').slice(0, 8);

/** A lease owner's name: this machine, this process and a random part (so two workers in one process differ). */
export function ownerName(suffix: string): string {
  const name = `${SELF}:${process.pid}:${suffix}`;
  mine.add(name);
  return name;
}

/** Whether a process of this machine and PID namespace is gone. */
export function pidIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * True when `owner` names a process of this machine and PID namespace that no longer exists: its
 * leases can be taken back at once instead of after they lapse. Owners elsewhere (another host,
 * another container), or that cannot be read, are never called dead.
 */
export function isDeadLocalOwner(owner: string): boolean {
  const parts = owner.split(':');
  if (parts.length < 3) return false;
  const pid = Number(parts[parts.length - 2]);
  const identity = parts.slice(0, -2).join(':');
  if (identity !== SELF || !Number.isInteger(pid) || pid <= 0) return false;
  // This PID is ours: the owner was an earlier process that had it (a restarted container), unless we made the name.
  if (pid === process.pid) return !mine.has(owner);
  return pidIsGone(pid);
}
