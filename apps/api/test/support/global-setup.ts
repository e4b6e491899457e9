import {
  PGLITE_TEMPLATE_ENV,
  POSTGRES_TEMPLATE_ENV,
  createPgliteTemplate,
  createPostgresTemplate,
} from './database-templates';

/**
 * Jest globalSetup of the api project: the migrated template databases the integration suites
 * clone (see database-templates.ts). Runs in Jest's parent process before any worker starts, so
 * the workers inherit the environment variables set here.
 */
export default async function globalSetup(
  _globalConfig: unknown,
  projectConfig: { testPathIgnorePatterns?: string[] },
): Promise<void> {
  // `npm run test:unit` leaves the integration suites out: nothing would use the templates.
  if (projectConfig.testPathIgnorePatterns?.some((pattern) => /apps\/api\/test/.test(pattern))) {
    return;
  }
  const started = Date.now();
  const [pglite, postgres] = await Promise.all([
    createPgliteTemplate(),
    process.env.DATABASE_URL ? createPostgresTemplate(process.env.DATABASE_URL) : undefined,
  ]);
  process.env[PGLITE_TEMPLATE_ENV] = pglite;
  if (postgres) process.env[POSTGRES_TEMPLATE_ENV] = postgres;
  process.stderr.write(
    `\nMigrated template databases for the API suites in ${Date.now() - started} ms: ${pglite}${postgres ? `, ${postgres}` : ''}\n`,
  );
}
