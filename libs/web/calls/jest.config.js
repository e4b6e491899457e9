module.exports = {
  displayName: 'web-calls',
  preset: '../ui/jest.preset.js',
  rootDir: __dirname,
};
