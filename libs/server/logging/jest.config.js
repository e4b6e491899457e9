module.exports = {
  displayName: 'server-logging',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
