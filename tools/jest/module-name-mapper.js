/** Maps the `@poscalls4u/*` import paths of tsconfig.base.json to their sources for Jest. */
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

const root = path.resolve(__dirname, '../..');
module.exports = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')}$`,
    path.join(root, target.replace(/^\.\//, '')),
  ]),
);
