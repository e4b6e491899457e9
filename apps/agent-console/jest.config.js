module.exports = {
  displayName: 'agent-console',
  preset: '../../libs/web/ui/jest.preset.js',
  rootDir: __dirname,
};
