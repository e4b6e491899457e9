// Loads the chat's end-to-end encryption library (libs/shared/e2ee, TypeScript) into a plain Node
// script, unchanged: @swc/core strips the types into ES modules under tmp/bench-e2ee/ (inside the
// workspace, so the @noble packages resolve from its node_modules) and the script imports them.
// The benchmarks thus measure the very code the consoles run.
import { transformFileSync } from '@swc/core';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const source = join(root, 'libs/shared/e2ee/src');
const out = join(root, 'tmp/bench-e2ee');

/** Every library file, without the specs and the test helpers. */
function libraryFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : libraryFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * Compiles the library and returns its module (the exports of `@poscalls4u/e2ee`). A child process
 * of a benchmark whose parent already compiled it passes `compile: false` and imports that.
 */
export async function loadE2ee({ compile = true } = {}) {
  if (!compile) return import(join(out, 'index.js'));
  rmSync(out, { recursive: true, force: true });
  for (const file of libraryFiles(source)) {
    const { code } = transformFileSync(file, {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
      sourceMaps: false,
    });
    // Node's ES module loader wants file extensions on relative imports.
    const esm = code.replace(/(from\s+['"])(\.{1,2}\/[^'"]+)(['"])/g, '$1$2.js$3');
    const target = join(out, relative(source, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, esm);
  }
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
  return import(join(out, 'index.js'));
}
