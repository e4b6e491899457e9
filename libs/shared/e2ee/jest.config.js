const preset = require('../../../jest.preset.js');

/**
 * The noble packages are ESM-only: besides the preset's list, let @swc/jest turn them into
 * CommonJS too, so the protocol tests run the very code the browsers run.
 */
module.exports = {
  displayName: 'e2ee',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
  transformIgnorePatterns: preset.transformIgnorePatterns.map((pattern) =>
    pattern.replace('(?!(', '(?!(@noble|'),
  ),
};
