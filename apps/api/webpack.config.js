const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

/**
 * Node bundle of the API. Workspace libraries are bundled; node_modules stay external and are
 * loaded at run time (NestJS 12 is ESM-only and comes in through Node 24's require(esm)).
 * ts-loader runs the @nestjs/swagger CLI plugin, which turns DTO types and comments into the
 * OpenAPI schema. Besides main.js it builds migrate.js (npm run db:migrate), openapi.js and
 * stats-rebuild.js (npm run stats:rebuild).
 */
module.exports = {
  output: { path: join(__dirname, '../../dist/apps/api'), clean: true },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      additionalEntryPoints: [
        { entryName: 'migrate', entryPath: './src/migrate.ts' },
        { entryName: 'openapi', entryPath: './src/openapi.ts' },
        { entryName: 'stats-rebuild', entryPath: './src/rollups/stats-rebuild.main.ts' },
      ],
      tsConfig: './tsconfig.app.json',
      assets: [
        { input: '../../libs/server/database/migrations', glob: '**/*', output: 'migrations' },
      ],
      externalDependencies: 'all',
      generatePackageJson: false,
      optimization: false,
      outputHashing: 'none',
      sourceMap: true,
      transformers: [
        {
          name: '@nestjs/swagger/plugin',
          options: {
            classValidatorShim: true,
            introspectComments: true,
            dtoFileNameSuffix: ['.dto.ts'],
          },
        },
      ],
    }),
  ],
};
