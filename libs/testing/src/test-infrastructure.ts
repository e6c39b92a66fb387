import { randomBytes } from 'node:crypto';

export interface TestInfrastructure {
  databaseUrl: string;
  redisUrl: string;
  kafkaBrokers: string;
  /** Unique per test file and worker: schemas are `<prefix><service>`. */
  schemaPrefix: string;
  stop(): Promise<void>;
}

/**
 * Real Postgres, Redis and Kafka for integration tests: from DATABASE_URL,
 * REDIS_URL and KAFKA_BROKERS when set (CI and `npm test` set them after
 * `infra:up`), otherwise containers where a Docker engine exists.
 */
export async function testInfrastructure(): Promise<TestInfrastructure> {
  const { DATABASE_URL, REDIS_URL, KAFKA_BROKERS } = process.env;
  const schemaPrefix = `t${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}_`;
  if (DATABASE_URL && REDIS_URL && KAFKA_BROKERS) {
    assertTestDatabase(DATABASE_URL);
    return {
      databaseUrl: DATABASE_URL,
      redisUrl: REDIS_URL,
      kafkaBrokers: KAFKA_BROKERS,
      schemaPrefix,
      stop: async () => {},
    };
  }
  return startContainers(schemaPrefix);
}

/** Integration tests create and drop schemas: refuse a database whose name does not say it is for tests. */
export function assertTestDatabase(databaseUrl: string): void {
  const name = new URL(databaseUrl).pathname.replace(/^\//, '');
  if (!/test/i.test(name)) {
    throw new Error(
      `refusing to run integration tests against database "${name}": its name must contain "test"`,
    );
  }
}

async function startContainers(schemaPrefix: string): Promise<TestInfrastructure> {
  // Loaded only here: most runs use the running services and never touch Docker.
  const { GenericContainer, Wait } = await import('testcontainers');
  const postgres = await new GenericContainer('postgres:16-alpine')
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'test' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
    .start();
  const redis = await new GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
  const kafka = await new GenericContainer('apache/kafka:4.1.1')
    .withExposedPorts({ container: 9092, host: 19092 })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://127.0.0.1:19092',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return {
    databaseUrl: `postgres://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/test`,
    redisUrl: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
    kafkaBrokers: '127.0.0.1:19092',
    schemaPrefix,
    stop: async () => {
      await Promise.allSettled([postgres.stop(), redis.stop(), kafka.stop()]);
    },
  };
}
