import { defineConfig } from 'drizzle-kit';

/** drizzle-kit reads this to generate SQL migrations from the schema (`npm run db:generate`). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/server/database/src/lib/schema.ts',
  out: './libs/server/database/migrations',
});
