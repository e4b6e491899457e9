// Loads some of the API's own TypeScript into a plain Node script, unchanged: @swc/core compiles
// the files named (with the contracts library and the database library they import) to CommonJS
// under tmp/bench-api/ (inside the workspace, so packages resolve from its node_modules), and the
// workspace's path aliases are pointed at those copies. A benchmark thus measures the very code
// the API runs, without starting the API.
import { transformFileSync } from '@swc/core';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const out = join(root, 'tmp/bench-api');

/** The aliases the compiled files may import, and the library entry each stands for. */
const ALIASES = {
  '@poscalls4u/contracts': 'libs/shared/contracts/src/index.ts',
  // The database library without its job handler (which would pull in the job queue).
  '@poscalls4u/server-database': 'libs/server/database/src/bench-index.ts',
};
const DATABASE_PARTS = ['schema', 'database', 'database.module', 'migrations'];

function typescriptFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function compile(file) {
  const { code } = transformFileSync(file, {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: false,
  });
  const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
  const rewritten = code.replace(/require\("(@poscalls4u\/[^"]+)"\)/g, (whole, alias) => {
    const entry = ALIASES[alias];
    if (!entry) throw new Error(`${relative(root, file)} imports ${alias}, which the bench lacks`);
    const path = relative(dirname(target), join(out, entry.replace(/\.ts$/, '.js')));
    return `require(${JSON.stringify(path.startsWith('.') ? path : `./${path}`)})`;
  });
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, rewritten);
}

/**
 * Compiles `files` (paths from the workspace root) and answers a `require` for them, e.g.
 * `load('apps/api/src/calls/routing/routing.repository.ts')`.
 */
export function loadApiCode(files) {
  rmSync(out, { recursive: true, force: true });
  for (const file of typescriptFiles(join(root, 'libs/shared/contracts/src'))) compile(file);
  for (const part of DATABASE_PARTS) compile(join(root, `libs/server/database/src/lib/${part}.ts`));
  const index = join(out, 'libs/server/database/src/bench-index.js');
  writeFileSync(
    index,
    DATABASE_PARTS.map((part) => `Object.assign(exports, require('./lib/${part}.js'));`).join('\n'),
  );
  for (const file of files) compile(join(root, file));
  writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
  const require = createRequire(join(out, 'index.js'));
  // Nest's decorators record their metadata through it, as in the API.
  require('reflect-metadata');
  return (file) => require(join(out, file).replace(/\.ts$/, '.js'));
}
