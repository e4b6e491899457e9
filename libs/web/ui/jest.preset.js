/**
 * Jest preset for the Angular projects (the consoles and libs/web/*): jest-preset-angular in a
 * zoneless jsdom environment. Each project keeps a `src/test-setup.ts` that starts Angular's
 * test environment. The root jest.preset.js is for the server side.
 *
 * The chat (libs/web/chat, loaded by both consoles' shells) imports libs/shared/e2ee, whose
 * @noble packages are ESM-only: they go through tools/jest/noble-transform.js, as in
 * libs/shared/e2ee/jest.config.js, so every Angular project's tests can load the real
 * cryptography at normal speed.
 */
const { join } = require('node:path');
const { createCjsPreset } = require('jest-preset-angular/presets');

const angular = createCjsPreset();

module.exports = {
  ...angular,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  transform: {
    '/node_modules/@noble/.+\\.js$': join(__dirname, '../../../tools/jest/noble-transform.js'),
    ...angular.transform,
  },
  transformIgnorePatterns: angular.transformIgnorePatterns.map((pattern) =>
    pattern.replace('(?!(', '(?!(@noble/|'),
  ),
  // eslint-disable-next-line @nx/enforce-module-boundaries -- a workspace tool (shared with jest.preset.js), not a project
  moduleNameMapper: require('../../../tools/jest/module-name-mapper.js'),
};
