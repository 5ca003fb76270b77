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
  },
  transformIgnorePatterns: ['/node_modules/(?!strip-bom/)'],
  testTimeout: 20000,
  // Compiles src/ and trains the matcher once per run: BotProcess starts that build, test/helpers/sharedMatcher.ts loads the model.
  globalSetup: '<rootDir>/test/setup/globalSetup.ts',
  // The suites that take longest start first, so that both workers stay busy to the end (see the file).
  testSequencer: '<rootDir>/test/setup/longestFirstSequencer.js',
  // Both cores, and one worker more: the suites that start bots in processes of their own spend much of their time
  // waiting on those, so a third worker fills the idle core time (measured on 2 cores: 105 s with 2 workers, 87 s with 3).
  maxWorkers: 3,
};
