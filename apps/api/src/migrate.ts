import { join } from 'node:path';

import { ConfigValidationError, loadAppConfig } from '@poscalls4u/server-config';
import { connectDatabase } from '@poscalls4u/server-database';

/** `npm run db:migrate`: applies the pending migrations and exits (the API also does this at start). */
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
  });
  try {
    await connection.migrate();
    console.log(
      `Migrations applied to ${connection.kind === 'pglite' ? config.database.pgliteDir : 'PostgreSQL (DATABASE_URL)'}`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigValidationError ? error.message : `Migration failed: ${String(error)}`,
  );
  process.exit(1);
});
