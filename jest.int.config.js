// Integration and end-to-end tests (*.int-spec.ts, *.e2e-spec.ts): real
// Postgres, Redis and Kafka from DATABASE_URL, REDIS_URL and KAFKA_BROKERS.
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  testTimeout: 60_000,
};
