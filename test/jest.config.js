/** One jest run for the whole repository: unit tests beside the code, integration tests in test/. */
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '..'),
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/{document,publisher,channels,templates,cms,bench}/src/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // These dependencies ship only ES modules; jest's module system needs them as CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(kysely|feed|marked)/)'],
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/support/global-setup.js',
  // Kills what an earlier file of the same worker left running when it failed while starting its stack.
  setupFilesAfterEnv: ['<rootDir>/test/support/leftovers.ts', '<rootDir>/test/support/cpu-ledger.ts'],
  // The slowest files first (timings of a CI run), so the two workers finish close together on a clean clone.
  testSequencer: '<rootDir>/test/support/sequencer.js',
  // Integration tests boot Strapi and other processes; two cores, so don't oversubscribe.
  maxWorkers: 2,
  testTimeout: 120_000,
  // A test that fails while child processes (CMS, publisher) still run must not hang the suite.
  forceExit: true,
  verbose: true,
};
