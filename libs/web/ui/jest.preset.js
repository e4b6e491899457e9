/**
 * Jest preset for the Angular projects (the consoles and libs/web/*): jest-preset-angular in a
 * zoneless jsdom environment. Each project keeps a `src/test-setup.ts` that starts Angular's
 * test environment. The root jest.preset.js is for the server side.
 */
const { createCjsPreset } = require('jest-preset-angular/presets');

module.exports = {
  ...createCjsPreset(),
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  // eslint-disable-next-line @nx/enforce-module-boundaries -- a workspace tool (shared with jest.preset.js), not a project
  moduleNameMapper: require('../../../tools/jest/module-name-mapper.js'),
};
