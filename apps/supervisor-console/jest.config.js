module.exports = {
  displayName: 'supervisor-console',
  preset: '../../libs/web/ui/jest.preset.js',
  rootDir: __dirname,
};
