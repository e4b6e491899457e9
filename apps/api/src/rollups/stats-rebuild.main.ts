import { sql } from 'drizzle-orm';
import { join } from 'node:path';

import { ConfigValidationError, loadAppConfig } from '@poscalls4u/server-config';
import { connectDatabase } from '@poscalls4u/server-database';

import { StatsRebuildService } from './stats-rebuild.service';

/** The longest one statement of the rebuild may run. */
const REBUILD_STATEMENT_TIMEOUT_MS = 60 * 60_000;

/**
 * `npm run stats:rebuild`: recomputes the statistics rollups from the calls, events, reviews and
 * presence intervals (docs/metrics.md), against DATABASE_URL or the embedded database under
 * DATA_DIR, and prints one line. Stop the API first when it uses the embedded database (one
 * process at a time can open it); with PostgreSQL it may keep running.
 */
async function main(): Promise<void> {
  try {
    process.loadEnvFile('.env');
  } catch {
    // no .env file
  }
  const config = loadAppConfig(process.env);
  const connection = await connectDatabase({
    url: config.database.url,
    pgliteDir: config.database.pgliteDir,
    migrationsFolder: join(__dirname, 'migrations'),
    // An offline job, not a request: rebuilding a year of a busy center's history takes minutes,
    // far past the API's per-statement limit (30 s); an hour still stops a runaway statement.
    statementTimeoutMs: REBUILD_STATEMENT_TIMEOUT_MS,
  });
  try {
    // A fresh clone's database may not have the rollup tables yet.
    await connection.migrate();
    const summary = await new StatsRebuildService(connection.db).rebuild();
    // The rewritten tables need fresh planner statistics and a visibility map at once (reports
    // rely on index-only scans); autovacuum would get there, but maybe not for a while, or not
    // at all where it is turned off. VACUUM cannot run in the rebuild's transaction.
    await connection.db.execute(sql`vacuum (analyze) team_interval_stats, agent_interval_stats`);
    const where =
      connection.kind === 'pglite' ? config.database.pgliteDir : 'PostgreSQL (DATABASE_URL)';
    console.log(
      `Statistics rebuilt in ${where}: ${summary.teamRows} team rows, ${summary.agentRows} agent rows in ${(summary.milliseconds / 1000).toFixed(1)} s`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigValidationError
      ? error.message
      : `Statistics rebuild failed: ${String(error)}`,
  );
  process.exit(1);
});
