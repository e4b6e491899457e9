import { PGlite } from '@electric-sql/pglite';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './support/own-postgres';

const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/apps/api/main.js');
const PASSWORD = `backup-${randomBytes(6).toString('hex')}`;
const run = promisify(execFile);

/** The built API on the embedded database of `dataDir`, with the demo organisation. */
async function startApi(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      JWT_SECRET: 'backup-test-jwt-secret-'.padEnd(48, 'q1w2e3r4t5y6'),
      MFA_ENCRYPTION_KEY: 'backup-test-mfa-key-'.padEnd(48, 'a9s8d7f6g5h4'),
      DEMO_SEED: 'true',
      DEMO_PASSWORD: PASSWORD,
      SERVE_CONSOLES: 'false',
      LOG_LEVEL: 'warn',
      BCRYPT_COST: '10',
      RATE_LIMIT_GLOBAL_PER_MINUTE: '100000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ready = await fetch(`${url}/health/ready`).catch(() => undefined);
    if (ready?.status === 200) return { child, url };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('The API did not start');
    await new Promise((done) => setTimeout(done, 200));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@poscalls4u.test', password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { token: string } }).data.token;
}

/** Every public table's rows, as one md5 per table (ordered by the whole row's text). */
async function tableDigests(pgliteDir: string): Promise<Record<string, string>> {
  const db = await PGlite.create(pgliteDir);
  try {
    const tables = await db.query<{ name: string }>(
      `select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    );
    const digests: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const { rows } = await db.query<{ digest: string; n: number }>(
        `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest,
                count(*)::int as n from "${name}" t`,
      );
      digests[name] = `${rows[0]?.n} rows ${rows[0]?.digest}`;
    }
    return digests;
  } finally {
    await db.close();
  }
}

async function teamNames(pgliteDir: string): Promise<Set<string>> {
  const db = await PGlite.create(pgliteDir);
  try {
    const { rows } = await db.query<{ name: string }>('select name from teams');
    return new Set(rows.map((row) => row.name));
  } finally {
    await db.close();
  }
}

/**
 * `npm run db:backup` / `npm run db:restore` on the embedded database: a backup taken while the
 * API runs and writes (teams created back to back) holds every write acknowledged before it
 * started and nothing that was not acknowledged by its end; restored into an empty folder, it
 * holds exactly the same rows as the original, and the API starts on it.
 */
describe('embedded database backup and restore (built API)', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: build the API first (nx build api)`);
    dir = mkdtempSync(join(tmpdir(), 'poscalls4u-backup-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('backs up under load, restores into an empty folder, and the data match', async () => {
    const live = join(dir, 'live');
    const api = await startApi(live);
    try {
      const token = await signIn(api.url);
      const acknowledged: { name: string; at: number }[] = [];
      let loading = true;
      const load = (async () => {
        for (let n = 0; loading; n++) {
          const name = `Backup load ${n}`;
          const response = await fetch(`${api.url}/api/teams`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ name }),
          });
          expect(response.status).toBe(201);
          acknowledged.push({ name, at: Date.now() });
        }
      })();
      await new Promise((done) => setTimeout(done, 1_000));

      const backupStarted = Date.now();
      const hot = join(dir, 'hot.tar.gz');
      const { stdout } = await run(process.execPath, ['tools/backup/db-backup.mjs', '--out', hot], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, DATA_DIR: live },
      });
      const backupEnded = Date.now();
      expect(backupEnded).toBeGreaterThan(backupStarted);
      expect(stdout).toMatch(/Backup written by the running API/);
      await new Promise((done) => setTimeout(done, 2_500));
      loading = false;
      await load;

      const hotData = join(dir, 'restored-hot');
      await run(process.execPath, ['tools/backup/db-restore.mjs', hot], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, DATA_DIR: hotData },
      });
      const restoredTeams = await teamNames(join(hotData, 'pglite'));
      const before = acknowledged.filter((team) => team.at < backupStarted);
      const after = acknowledged.filter((team) => team.at > backupEnded + 1_000);
      expect(before.length).toBeGreaterThan(0);
      expect(after.length).toBeGreaterThan(0);
      // Everything acknowledged before the backup started is in it...
      for (const team of before) expect(restoredTeams.has(team.name)).toBe(true);
      // ...and nothing written after it ended, nor anything half-written.
      for (const team of after) expect(restoredTeams.has(team.name)).toBe(false);
      const all = new Set(acknowledged.map((team) => team.name));
      for (const name of restoredTeams)
        if (name.startsWith('Backup load')) expect(all.has(name)).toBe(true);
    } finally {
      await stop(api.child);
    }

    // Stopped: a backup of the folder itself, restored, has the very same rows.
    const cold = join(dir, 'cold.tar.gz');
    await run(process.execPath, ['tools/backup/db-backup.mjs', '--out', cold], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATA_DIR: live },
    });
    const coldData = join(dir, 'restored-cold');
    await run(process.execPath, ['tools/backup/db-restore.mjs', cold], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATA_DIR: coldData },
    });
    const original = await tableDigests(join(live, 'pglite'));
    expect(Object.keys(original).length).toBeGreaterThan(10);
    expect(await tableDigests(join(coldData, 'pglite'))).toEqual(original);

    // A restore never overwrites data.
    await expect(
      run(process.execPath, ['tools/backup/db-restore.mjs', cold], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, DATA_DIR: coldData },
      }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/is not empty/) });

    // And the platform runs on the restored folder.
    const restored = await startApi(coldData);
    try {
      await signIn(restored.url);
    } finally {
      await stop(restored.child);
    }
  }, 240_000);
});
