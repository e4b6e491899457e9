module.exports = {
  displayName: 'server-config',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
