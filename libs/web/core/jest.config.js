module.exports = {
  displayName: 'web-core',
  preset: '../ui/jest.preset.js',
  rootDir: __dirname,
};
