module.exports = {
  displayName: 'server-database',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
