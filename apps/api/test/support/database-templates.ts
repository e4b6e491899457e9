import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

// A relative import: Jest loads globalSetup without its moduleNameMapper, so `@poscalls4u/...`
// would not resolve there.
// eslint-disable-next-line @nx/enforce-module-boundaries -- see above
import { connectDatabase } from '../../../../libs/server/database/src/lib/database';

/**
 * Migrated databases made once per Jest run, which the integration suites clone instead of
 * migrating their own (initdb plus 25+ migrations cost PGlite 5-20 s per start):
 * - PGlite: a data folder migrated and closed; `startTestApi` copies it into the suite's DATA_DIR.
 * - PostgreSQL: a database migrated and closed to connections; `startTestApi` creates its database
 *   with `CREATE DATABASE ... TEMPLATE` it (a file copy on the server).
 * The API still runs its migrations on start and finds them applied. `startTestApi(kind, env,
 * { fromEmpty: true })` skips the template, and libs/server/database's migrations.spec.ts migrates
 * empty databases, so the path from nothing stays tested on both.
 *
 * Names are unique per run (several engineers run Jest against the same server) and carry the
 * migrations' hash and the creation time, so that a run killed before its teardown leaves a
 * template the next setup recognises and drops once it is older than STALE_AFTER_MS.
 */
export const MIGRATIONS_FOLDER = resolve(__dirname, '../../../../libs/server/database/migrations');

/** Environment variables through which the setup hands the templates to the test workers. */
export const PGLITE_TEMPLATE_ENV = 'POSCALLS4U_TEST_PGLITE_TEMPLATE';
export const POSTGRES_TEMPLATE_ENV = 'POSCALLS4U_TEST_POSTGRES_TEMPLATE';

const PREFIX = 'poscalls4u_tpl_';
/** No Jest run lasts this long: a template older than this was left by a run that was killed. */
const STALE_AFTER_MS = 6 * 3600_000;

/** A short hash of the migration files (names and contents): a template is for one set only. */
export function migrationsHash(folder = MIGRATIONS_FOLDER): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(`${path.slice(folder.length)}\0`).update(readFileSync(path));
    }
  };
  walk(folder);
  return hash.digest('hex').slice(0, 10);
}

function templateName(): string {
  return `${PREFIX}${migrationsHash()}_${Date.now()}_${randomBytes(3).toString('hex')}`;
}

/** The creation time in a template's name, or undefined when the name is not one of ours. */
function createdAt(name: string): number | undefined {
  const match = new RegExp(`^${PREFIX}[0-9a-f]+_(\\d+)_[0-9a-f]+$`).exec(name);
  return match ? Number(match[1]) : undefined;
}

/** Creates a migrated PGlite data folder; returns its path. */
export async function createPgliteTemplate(): Promise<string> {
  for (const entry of readdirSync(tmpdir())) {
    const at = createdAt(entry);
    if (at !== undefined && Date.now() - at > STALE_AFTER_MS) {
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
  const folder = join(tmpdir(), templateName());
  const connection = await connectDatabase({
    pgliteDir: folder,
    migrationsFolder: MIGRATIONS_FOLDER,
  });
  try {
    await connection.migrate();
  } finally {
    await connection.close();
  }
  return folder;
}

export function dropPgliteTemplate(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

/** Creates a migrated database on the server of `adminUrl`, closed to connections; returns its name. */
export async function createPostgresTemplate(adminUrl: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const existing = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like '${PREFIX}%'`,
    );
    for (const { datname } of existing.rows) {
      const at = createdAt(datname);
      if (at !== undefined && Date.now() - at > STALE_AFTER_MS) {
        await admin.query(`drop database if exists ${datname} with (force)`);
      }
    }
    const name = templateName();
    await admin.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const connection = await connectDatabase({
      url: url.toString(),
      pgliteDir: '',
      migrationsFolder: MIGRATIONS_FOLDER,
    });
    try {
      await connection.migrate();
    } finally {
      await connection.close();
    }
    // CREATE DATABASE ... TEMPLATE fails while anyone is connected to the template: nobody may.
    await admin.query(`alter database ${name} allow_connections false`);
    return name;
  } finally {
    await admin.end();
  }
}

export async function dropPostgresTemplate(adminUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
