module.exports = {
  displayName: 'web-stats',
  preset: '../ui/jest.preset.js',
  rootDir: __dirname,
};
