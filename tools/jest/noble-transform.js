/**
 * Jest transformer for the ESM-only @noble crypto packages (used by libs/shared/e2ee).
 * Jest runs every module inside a `vm` context, where each lookup of a global (`Math.imul` in
 * Argon2's inner loop, the typed-array constructors) goes through the context's interceptor and
 * is not optimised: Argon2 ran ~20x slower than in Node or a browser. Binding those globals once
 * per module restores normal speed; the code is otherwise the package's own, compiled to
 * CommonJS by @swc/jest like the preset's other ESM-only packages.
 */
const { createTransformer } = require('@swc/jest');

const PRELUDE = 'const { Math, Uint8Array, Uint32Array, DataView, BigInt } = globalThis;\n';
const swc = createTransformer({
  jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
});

module.exports = {
  process: (source, filename, options) => swc.process(PRELUDE + source, filename, options),
  getCacheKey: (source, filename, options) => swc.getCacheKey(PRELUDE + source, filename, options),
};
