import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL server of a test's own (initdb + pg_ctl from the machine's PostgreSQL packages),
 * for faults that would disturb every other suite on the shared server, such as a restart.
 * As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
 */
export interface PgCluster {
  url: string;
  /** A fast restart: every connection is cut, the server is back when it resolves. */
  restart(): Promise<void>;
  stop(): void;
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const version = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  const dir = version && path.join(root, version, 'bin');
  return dir && fs.existsSync(path.join(dir, 'pg_ctl')) ? dir : undefined;
}

const asRoot = process.getuid?.() === 0;

/** Whether a private server can be started here (the binaries, and a user to run it as). */
export function canStartCluster(): boolean {
  if (!binDir()) return false;
  if (!asRoot) return true;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startCluster(): Promise<PgCluster> {
  const bin = binDir();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tailtwist-pg-'));
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const command = (tool: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args]);
  const run = (tool: string, args: string[]) => execFileSync(...command(tool, args), { stdio: 'pipe', timeout: 60_000 });
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  // fsync off: a throwaway server; the socket in its own folder, not the system's.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctlArgs = (...args: string[]) => ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', options, ...args];
  run('pg_ctl', ctlArgs('start'));
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    // Not blocking: the app under test must go on running while the server goes down and up.
    restart: async () => void (await promisify(execFile)(...command('pg_ctl', ctlArgs('restart', '-m', 'fast')), { timeout: 60_000 })),
    stop: () => {
      try {
        run('pg_ctl', ctlArgs('stop', '-m', 'immediate'));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
