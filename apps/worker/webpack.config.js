const { join } = require('node:path');

const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');

/**
 * The worker bundles only the workspace's own code; every package stays in node_modules and is
 * `require`d at run time (Node 24 loads the ESM-only NestJS 12 packages through require(esm)).
 */
module.exports = {
  output: { path: join(__dirname, '../../dist/apps/worker') },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      outputHashing: 'none',
      externalDependencies: 'all',
      generatePackageJson: false,
      optimization: false,
      sourceMap: true,
    }),
  ],
};
