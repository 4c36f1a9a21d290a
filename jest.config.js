// NestJS 12 and several of its companions ship as ES modules; Jest runs CommonJS on Node 20, so swc
// compiles both our TypeScript and those packages' ESM to CommonJS on the fly (cached after the first run).
const esmPackages = [
  '@nestjs', 'nestjs-pino', '@platformatic',
];
const { SWC_OPTIONS } = require('./scripts/build-if-stale.js');
const transform = {
  '^.+\\.ts$': ['@swc/jest', SWC_OPTIONS],
  '^.+\\.m?js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};
const transformIgnorePatterns = [`/node_modules/(?!(${esmPackages.join('|')})/)`];
const common = { testEnvironment: 'node', rootDir: __dirname, transform, transformIgnorePatterns };

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  transform,
  transformIgnorePatterns,
  maxWorkers: 2,
  // e2e hooks hash passwords (argon2) and fire hundreds of requests on a 2-core machine.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], testTimeout: 60000 },
  ],
};
