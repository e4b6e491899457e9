module.exports = {
  displayName: 'web-realtime',
  preset: '../ui/jest.preset.js',
  rootDir: __dirname,
};
