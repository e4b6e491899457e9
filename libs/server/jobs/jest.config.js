module.exports = {
  displayName: 'server-jobs',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
