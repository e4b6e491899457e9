/**
 * `npm test` runs every project's unit and integration tests in one Jest run, then the browser
 * end-to-end tests (see package.json). Each project keeps its own jest.config.js.
 */
const { globSync } = require('node:fs');

module.exports = {
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  // The whole run passes but a leftover Redis reconnect (a BullMQ worker of a spec that starts the
  // API with Redis unreachable, closed after its bounded wait) keeps the process alive, so `npm
  // test` would never reach the browser tests. Exit once the run is over; the leak is to be fixed
  // in BullMqJobDriver.close (disconnect the workers' connections after a timed-out close).
  forceExit: true,
  projects: globSync('{apps,libs}/**/jest.config.js', {
    exclude: (p) => p.includes('node_modules'),
  })
    .filter((p) => !p.startsWith('apps/console-e2e'))
    .map((p) => `<rootDir>/${p.replace(/\/jest\.config\.js$/, '')}`),
};
