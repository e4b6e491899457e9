// eslint-disable-next-line @nx/enforce-module-boundaries -- the workspace's Jest preset, not a project
const preset = require('../../../jest.preset.js');

/**
 * The noble packages are ESM-only: they go through tools/jest/noble-transform.js (CommonJS, and
 * fast inside Jest's sandbox), so the protocol tests run the very code the browsers run.
 */
module.exports = {
  displayName: 'e2ee',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
  transform: {
    '/node_modules/@noble/.+\\.js$': '<rootDir>/../../../tools/jest/noble-transform.js',
    ...preset.transform,
  },
  transformIgnorePatterns: preset.transformIgnorePatterns.map((pattern) =>
    pattern.replace('(?!(', '(?!(@noble|'),
  ),
};
