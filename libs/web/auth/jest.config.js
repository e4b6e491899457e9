module.exports = {
  displayName: 'web-auth',
  preset: '../ui/jest.preset.js',
  rootDir: __dirname,
};
