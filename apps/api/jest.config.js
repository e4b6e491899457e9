// eslint-disable-next-line @nx/enforce-module-boundaries -- the workspace's Jest preset, not a project
const preset = require('../../jest.preset.js');

module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup.ts'],
  // Migrated template databases (PGlite folder, PostgreSQL database) made once per run, which
  // the integration suites copy instead of migrating their own: test/support/database-templates.ts.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // The chat suites use the protocol library (libs/shared/e2ee) and noble directly: the ESM-only
  // noble packages go through the same fast transform as the library's own tests.
  transform: {
    '/node_modules/@noble/.+\\.js$': '<rootDir>/../../tools/jest/noble-transform.js',
    ...preset.transform,
  },
  transformIgnorePatterns: preset.transformIgnorePatterns.map((pattern) =>
    pattern.replace('(?!(', '(?!(@noble|'),
  ),
};
