// The Dockerfile half of `npm run lint:docker` (part of `npm run lint`): no container engine runs
// in CI, so the Docker files are checked with linters from the npm registry instead of being built
// or started. docker/Dockerfile goes through dockerfile-utils (the parser behind VS Code's
// Dockerfile support), and every diagnostic fails, warnings included (its own CLI exits 0 on
// warnings). The other half, in package.json, runs dclint on docker/compose.yml: the Compose
// specification's JSON schema and dclint's rules, warnings included.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const { validate } = require('dockerfile-utils');

let failed = false;
const dockerfile = 'docker/Dockerfile';
for (const problem of validate(readFileSync(join(root, dockerfile), 'utf8'))) {
  failed = true;
  const kind = problem.severity === 1 ? 'error' : 'warning';
  console.error(`${dockerfile}:${problem.range.start.line + 1} ${kind}: ${problem.message}`);
}
if (!failed) console.log(`${dockerfile}: no problems (dockerfile-utils)`);

process.exitCode = failed ? 1 : 0;
