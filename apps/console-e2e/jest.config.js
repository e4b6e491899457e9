/**
 * Browser tests of both consoles against the built platform (API + consoles in one process).
 * Run on their own, one file at a time: `npx jest -c apps/console-e2e/jest.config.js`.
 * The global setup starts `node dist/apps/api/main.js` on a free port with a fresh embedded database.
 */
module.exports = {
  displayName: 'console-e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  reporters: ['default', '<rootDir>/../../tools/jest/summary-reporter.js'],
  maxWorkers: 1,
  testTimeout: 60_000,
};
