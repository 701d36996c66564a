import os from 'node:os';

/** A lease owner's name: this host, this process and a random part (so two workers in one process differ). */
export function ownerName(suffix: string): string {
  return `${os.hostname()}:${process.pid}:${suffix}`;
}

/**
 * True when `owner` names a process on this host that no longer exists: its leases can be taken
 * back at once instead of after they lapse. Owners on other hosts, or that cannot be read, are
 * never called dead.
 */
export function isDeadLocalOwner(owner: string): boolean {
  const parts = owner.split(':');
  if (parts.length < 3) return false;
  const pid = Number(parts[parts.length - 2]);
  const host = parts.slice(0, -2).join(':');
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
