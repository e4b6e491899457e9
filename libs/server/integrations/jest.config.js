module.exports = {
  displayName: 'server-integrations',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
