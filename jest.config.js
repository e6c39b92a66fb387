// Unit tests (*.spec.ts): pure code, no infrastructure.
const { swcOptions, jestModuleNameMapper } = require('./tools/swc-options');

module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), swcrc: false }] },
  moduleNameMapper: jestModuleNameMapper(),
  setupFiles: ['reflect-metadata'],
};
