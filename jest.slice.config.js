// Slice tests (*.slice-spec.ts): a service's routes on the in-memory event store with
// Postgres in-process (PGlite), no server; PGlite loads Node modules by dynamic import,
// so these run with NODE_OPTIONS=--experimental-vm-modules.
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/*.slice-spec.ts'],
  testTimeout: 30_000,
};
