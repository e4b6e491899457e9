// `npm run db:restore -- <backup.tar.gz>`: loads a backup made by `npm run db:backup` into the
// embedded database folder of DATA_DIR (default .data), which must be empty or absent: a restore
// never overwrites data. Stop the API first; move the old folder away to restore over it.
// For a PostgreSQL server use pg_restore: see docs/operations.md ("Backups").
import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const source = process.argv[2];
if (!source || !existsSync(source)) {
  console.error('Usage: npm run db:restore -- <backup.tar.gz> (made by npm run db:backup)');
  process.exit(2);
}
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const pgliteDir = join(dataDir, 'pglite');
if (existsSync(pgliteDir) && readdirSync(pgliteDir).length > 0) {
  console.error(
    `${pgliteDir} is not empty: restore into an empty DATA_DIR, or move that folder away first.`,
  );
  process.exit(1);
}
mkdirSync(dataDir, { recursive: true });
const db = await PGlite.create(pgliteDir, {
  loadDataDir: new Blob([readFileSync(source)]),
});
try {
  const { rows } = await db.query(
    'select count(*)::int as n from information_schema.tables where table_schema = $1',
    ['public'],
  );
  console.log(`Restored ${resolve(source)} into ${pgliteDir} (${rows[0].n} tables).`);
} finally {
  await db.close();
}
