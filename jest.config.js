// Unit tests (*.spec.ts): pure code, no infrastructure.
const { swcOptions, jestModuleNameMapper } = require('./tools/swc-options');

module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), swcrc: false }],
    // ESM-only dependencies (Node 20.19+ can require them; Jest cannot).
    '^.+\\.m?js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' }, swcrc: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|jose)/)'],
  moduleNameMapper: jestModuleNameMapper(),
  setupFiles: ['reflect-metadata'],
};
