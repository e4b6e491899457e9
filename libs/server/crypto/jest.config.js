module.exports = {
  displayName: 'server-crypto',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
