/**
 * `npm test` runs every project's unit and integration tests in one Jest run, then the browser
 * end-to-end tests (see package.json). Each project keeps its own jest.config.js.
 */
const { globSync } = require('node:fs');
const { availableParallelism } = require('node:os');

module.exports = {
  // At least two workers, also on the two-core CI machine (Jest's default there is one, in band):
  // the API suites spend most of their time waiting on the database, Redis and the network, so
  // two overlap well. Each suite has its own database, Redis key prefix and loopback ports.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // A worker whose heap has grown past this after a suite is replaced by a fresh one, so no
  // process accumulates the whole run's garbage (the single in-band process once needed an 8 GB
  // heap and still ran out after 30 minutes).
  workerIdleMemoryLimit: '1GB',
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  // The open handle that needed forceExit is fixed (a worker's Redis connection left reconnecting
  // after a bounded close: see BullMqJobDriver.workerConnection), and the suites that hit it now
  // exit on their own. forceExit stays as a guard until the whole run has been seen to exit
  // without it: a suite that still leaked a handle would otherwise hang CI instead of failing.
  forceExit: true,
  projects: globSync('{apps,libs}/**/jest.config.js', {
    exclude: (p) => p.includes('node_modules'),
  })
    .filter((p) => !p.startsWith('apps/console-e2e'))
    .map((p) => `<rootDir>/${p.replace(/\/jest\.config\.js$/, '')}`),
};
