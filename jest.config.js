/**
 * `npm test` runs every project's unit and integration tests in one Jest run, then the browser
 * end-to-end tests (see package.json). Each project keeps its own jest.config.js.
 */
const { globSync } = require('node:fs');

module.exports = {
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  // No forceExit: every suite ends what it started, so the run exits on its own (a worker's Redis
  // connection left reconnecting after a bounded close once kept it alive: see
  // BullMqJobDriver.workerConnection).
  projects: globSync('{apps,libs}/**/jest.config.js', {
    exclude: (p) => p.includes('node_modules'),
  })
    .filter((p) => !p.startsWith('apps/console-e2e'))
    .map((p) => `<rootDir>/${p.replace(/\/jest\.config\.js$/, '')}`),
};
