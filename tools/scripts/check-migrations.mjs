// Fails when the Drizzle schema has changes that no committed migration holds:
// drizzle-kit generates into a scratch copy of the migrations folder, which must stay unchanged.
// (drizzle-kit wants paths relative to the working directory, hence the scratch copy under tmp/.)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

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
  checkIndexesAreConcurrent();
  console.log('Migrations are up to date with the schema.');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/**
 * An index on a table an earlier migration created must be built CONCURRENTLY: a plain
 * CREATE INDEX blocks writes to the table (calls keep arriving) for as long as it builds. The
 * migration runner runs such a migration outside a transaction (libs/server/database/src/lib/
 * migrations.ts). Migrations up to 0007 were applied before this rule and stay as they are.
 */
function checkIndexesAreConcurrent() {
  const files = readdirSync(migrations)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const created = new Set();
  const problems = [];
  for (const name of files) {
    const text = readFileSync(`${migrations}/${name}`, 'utf8');
    const ownTables = [...text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"([a-z_]+)"/gi)].map(
      (match) => match[1],
    );
    const grandfathered = Number(name.slice(0, 4)) <= 7;
    for (const match of text.matchAll(
      /CREATE (?:UNIQUE )?INDEX (CONCURRENTLY )?[^;]*? ON "([a-z_]+)"/gi,
    )) {
      if (!match[1] && created.has(match[2]) && !grandfathered) {
        problems.push(`${name}: an index on "${match[2]}" must be built CONCURRENTLY`);
      }
    }
    for (const table of ownTables) created.add(table);
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
}
