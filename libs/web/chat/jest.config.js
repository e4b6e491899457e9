/**
 * The chat imports libs/shared/e2ee, whose noble packages are ESM-only: the Angular preset sends
 * them through tools/jest/noble-transform.js, so these tests run the real cryptography at normal
 * speed.
 */
module.exports = {
  displayName: 'web-chat',
  preset: '../ui/jest.preset.js',
  rootDir: __dirname,
};
