import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl in a temp folder, on a free port), so
 * that a test may stop, freeze and restart it without touching the shared server on 5432.
 */
export interface OwnPostgres {
  url: string;
  /** `pg_ctl stop -m immediate`: the server goes away as in a crash. */
  stop(): void;
  start(): void;
  /** SIGSTOP the postmaster and every backend: connections stay open, nothing answers. */
  freeze(): void;
  thaw(): void;
  destroy(): void;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'poscalls4u-pg-'));
  const dataDir = join(dir, 'data');
  const port = await freePort();
  // initdb refuses to run as root: run the cluster as the postgres system user then.
  const owner = process.getuid?.() === 0 ? systemUser('postgres') : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const run = (command: string, args: string[]) =>
    execFileSync(join(bin, command), args, {
      cwd: dir,
      stdio: 'pipe',
      ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
    });
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = () =>
    run('pg_ctl', [
      'start',
      '-w',
      '-t',
      '30',
      '-D',
      dataDir,
      '-l',
      join(dir, 'log'),
      '-o',
      options,
    ]);
  start();
  const processes = (): number[] => {
    const pidFile = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8');
    const postmaster = Number(pidFile.split('\n')[0]);
    return [postmaster, ...childrenOf(postmaster)];
  };
  let frozen: number[] = [];
  const thaw = () => {
    for (const pid of frozen) process.kill(pid, 'SIGCONT');
    frozen = [];
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => run('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', dataDir]),
    start,
    freeze() {
      frozen = processes();
      for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    },
    thaw,
    destroy() {
      thaw();
      try {
        run('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', dataDir]);
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/<major>/bin). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const newest = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`No PostgreSQL under ${root}`);
  return join(root, newest, 'bin');
}

function systemUser(name: string): { uid: number; gid: number } {
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Direct children of a process, read from /proc (the postmaster's backends). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent; the command name (field 2) may hold spaces.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
