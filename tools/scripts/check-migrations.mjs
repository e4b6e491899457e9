// Fails when the Drizzle schema has changes that no committed migration holds:
// drizzle-kit generates into a scratch copy of the migrations folder, which must stay unchanged.
// (drizzle-kit wants paths relative to the working directory, hence the scratch copy under tmp/.)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

const migrations = 'libs/server/database/migrations';
const scratch = 'tmp/migrations-check';
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
try {
  cpSync(migrations, `${scratch}/migrations`, { recursive: true });
  writeFileSync(
    `${scratch}/drizzle.config.mjs`,
    `export default { dialect: 'postgresql', schema: './libs/server/database/src/lib/schema.ts', out: './${scratch}/migrations' };\n`,
  );
  const output = execFileSync(
    'drizzle-kit',
    ['generate', '--config', `${scratch}/drizzle.config.mjs`],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const list = (folder) => readdirSync(folder, { recursive: true }).sort().join(',');
  if (!/No schema changes/i.test(output) || list(migrations) !== list(`${scratch}/migrations`)) {
    console.error(output.trim());
    console.error(
      'The Drizzle schema has changes without a migration: run "npm run db:generate" and commit the result.',
    );
    process.exit(1);
  }
  console.log('Migrations are up to date with the schema.');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
