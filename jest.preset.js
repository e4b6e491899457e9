/**
 * Jest preset for the server side and plain TypeScript libraries.
 * @swc/jest compiles TypeScript with decorator metadata (NestJS needs it) and also
 * turns the ESM-only packages (NestJS 12 and friends) into CommonJS for Jest's module system.
 */
const esmOnlyPackages = [
  'openid-client',
  'jose',
  'oauth4webapi',
  'otpauth',
  'oauth2-mock-server',
  'basic-auth',
  '@nestjs',
  '@electric-sql',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer',
  'peek-readable',
];

module.exports = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
  moduleNameMapper: require('./tools/jest/module-name-mapper.js'),
};
