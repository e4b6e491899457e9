import {
  PGLITE_TEMPLATE_ENV,
  POSTGRES_TEMPLATE_ENV,
  dropPgliteTemplate,
  dropPostgresTemplate,
} from './database-templates';

/** Jest globalTeardown of the api project: drops what global-setup.ts made. */
export default async function globalTeardown(): Promise<void> {
  const pglite = process.env[PGLITE_TEMPLATE_ENV];
  const postgres = process.env[POSTGRES_TEMPLATE_ENV];
  if (pglite) dropPgliteTemplate(pglite);
  if (postgres && process.env.DATABASE_URL) {
    await dropPostgresTemplate(process.env.DATABASE_URL, postgres);
  }
  delete process.env[PGLITE_TEMPLATE_ENV];
  delete process.env[POSTGRES_TEMPLATE_ENV];
}
