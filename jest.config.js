const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': swc,
    // @microsoft/app-manifest requires strip-bom, which is ES-module only; Jest on Node 20 cannot require(esm).
    '/node_modules/strip-bom/.+\\.js$': swc,
    // So is jose (the dashboard's SSO token check).
    '/node_modules/jose/.+\\.js$': swc,
  },
  transformIgnorePatterns: ['/node_modules/(?!strip-bom/|jose/)'],
  testTimeout: 20000,
  // Compiles src/ and trains the matcher once per run: BotProcess starts that build, test/helpers/sharedMatcher.ts loads the model.
  globalSetup: '<rootDir>/test/setup/globalSetup.ts',
  // The suites that take longest start first, so that both workers stay busy to the end (see the file).
  testSequencer: '<rootDir>/test/setup/longestFirstSequencer.js',
  // Both cores: jest's default leaves one free on a 2-core machine. (Three workers were no faster once the spawned
  // bots started quickly, and starved the chaos test's bots of CPU.)
  maxWorkers: 2,
};
