// eslint-disable-next-line @nx/enforce-module-boundaries -- the Angular Jest preset, not a project
const preset = require('../ui/jest.preset.js');

/**
 * The chat imports libs/shared/e2ee, whose noble packages are ESM-only: they go through
 * tools/jest/noble-transform.js, as in libs/shared/e2ee/jest.config.js, so these tests run the
 * real cryptography at normal speed.
 */
module.exports = {
  displayName: 'web-chat',
  preset: '../ui/jest.preset.js',
  rootDir: __dirname,
  transform: {
    '/node_modules/@noble/.+\\.js$': '<rootDir>/../../../tools/jest/noble-transform.js',
    ...preset.transform,
  },
  transformIgnorePatterns: preset.transformIgnorePatterns.map((pattern) =>
    pattern.replace('(?!(', '(?!(@noble|'),
  ),
};
