// Runs a built entry point of the API: `main` (npm start) or `migrate` (npm run migrate).
//
// In production (NODE_ENV=production) it runs what `npm run build` left in dist/ with plain Node:
// no Nx, no dev dependency, so it works after `npm ci --omit=dev`. Elsewhere it builds what the
// entry point needs with Nx first (a newcomer's `npm start` works on a fresh clone).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ENTRY_POINTS = {
  main: ['api', 'agent-console', 'supervisor-console'],
  migrate: ['api'],
};

const entry = process.argv[2] ?? 'main';
const projects = ENTRY_POINTS[entry];
if (!projects) {
  console.error(
    `Unknown entry point "${entry}": expected ${Object.keys(ENTRY_POINTS).join(' or ')}`,
  );
  process.exit(2);
}

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(join(root, 'package.json'));
const production = process.env.NODE_ENV === 'production';
const nxInstalled = (() => {
  try {
    require.resolve('nx/package.json');
    return true;
  } catch {
    return false;
  }
})();

if (!production && nxInstalled) {
  execFileSync(
    process.execPath,
    [
      require.resolve('nx/bin/nx.js'),
      'run-many',
      '-t',
      'build',
      '-p',
      ...projects,
      '--output-style=static',
    ],
    { cwd: root, stdio: 'inherit' },
  );
}

const built = join(root, 'dist/apps/api', `${entry}.js`);
if (!existsSync(built)) {
  console.error(
    `${built} is missing: run \`npm run build\` first (it needs the dev dependencies).`,
  );
  process.exit(1);
}
// In this process, so that SIGTERM reaches the API's graceful shutdown directly.
require(built);
