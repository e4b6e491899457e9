// `npm run db:backup [-- --out <file>]`: a backup of the embedded PGlite database (DATA_DIR, default
// .data), consistent even while the platform runs. For a PostgreSQL server (DATABASE_URL set) use
// pg_dump instead: see docs/operations.md ("Backups").
//
// A running API owns its PGlite folder, so it is asked to write the backup (SIGUSR2 to the pid in
// DATA_DIR/api.pid; apps/api/src/platform/health/embedded-backup.ts); a stopped one's folder is
// opened here. Either way the result is a gzipped tar of the data folder, taken between
// transactions, that `npm run db:restore` loads into an empty folder.
import { PGlite } from '@electric-sql/pglite';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (process.env.DATABASE_URL) {
  console.error(
    'DATABASE_URL is set: back up the PostgreSQL server with pg_dump (docs/operations.md, "Backups").',
  );
  process.exit(2);
}
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const pgliteDir = join(dataDir, 'pglite');
const backupDir = join(dataDir, 'backups');
if (!existsSync(pgliteDir)) {
  console.error(`No embedded database in ${pgliteDir} (DATA_DIR=${dataDir}).`);
  process.exit(1);
}

function runningApi() {
  try {
    const pid = Number(readFileSync(join(dataDir, 'api.pid'), 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');
let file;
const pid = runningApi();
if (pid) {
  const before = new Set(existsSync(backupDir) ? readdirSync(backupDir) : []);
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 120_000;
  while (!file) {
    const fresh = (existsSync(backupDir) ? readdirSync(backupDir) : []).filter(
      (name) => name.endsWith('.tar.gz') && !before.has(name),
    );
    if (fresh.length) file = join(backupDir, fresh.sort().at(-1));
    else if (Date.now() > deadline) {
      console.error(`The running API (pid ${pid}) wrote no backup within 120 s: see its log.`);
      process.exit(1);
    } else await new Promise((done) => setTimeout(done, 100));
  }
  console.log(`Backup written by the running API (pid ${pid}): ${file}`);
} else {
  const db = await PGlite.create(pgliteDir);
  try {
    const dump = await db.dumpDataDir('gzip');
    mkdirSync(backupDir, { recursive: true });
    file = join(backupDir, `pglite-${stamp()}.tar.gz`);
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
  console.log(`Backup written (the API is not running): ${file}`);
}
if (values.out) {
  mkdirSync(dirname(resolve(values.out)), { recursive: true });
  copyFileSync(file, resolve(values.out));
  console.log(`Copied to ${resolve(values.out)}`);
}
