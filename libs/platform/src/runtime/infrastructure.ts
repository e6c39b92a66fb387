import path from 'node:path';
import { PgDatabase, PgliteDatabase, type SqlDatabase } from '@iam/event-store';
import { EventAuthenticator, InProcessEventBus, KafkaEventBus, type EventBus } from '@iam/messaging';
import { MemoryTtlStore, RedisTtlStore, type TtlStore } from '@iam/ttl-store';
import type { Logger } from 'pino';
import type { ServiceEnvironment } from '../config/service-config';
import type { Metrics } from '../metrics/metrics';
import { DataDirectoryLock } from '../data-directory/data-directory-lock';
import { createPrivateDirectory, makeTreePrivate } from '../data-directory/private-data-directory';

export interface Infrastructure {
  database: SqlDatabase;
  bus: EventBus;
  ttlStore: TtlStore;
  /** Standalone mode: this process's hold on its data directory, released after the database closed. */
  dataDirectory?: DataDirectoryLock;
}

/**
 * The only place that knows the deployment mode: above these ports the code
 * is the same in standalone and distributed mode.
 */
export async function openInfrastructure(
  config: ServiceEnvironment,
  clientId: string,
  logger: Logger,
  metrics: Metrics,
): Promise<Infrastructure> {
  const deadLetters = metrics.counter(
    'iam_dead_letters_total',
    'Events set aside on a dead-letter topic (not an event, not authentic, or failing every retry)',
    ['topic', 'group'],
  );
  const onDeadLetter = (letter: { topic: string; group: string; error: string }) => {
    deadLetters.inc({ topic: letter.topic, group: letter.group });
    logger.error({ topic: letter.topic, group: letter.group, error: letter.error }, 'event dead-lettered');
  };
  if (config.IAM_MODE === 'standalone') {
    // Events never leave the process: a key made up now serves unless one is configured.
    const authenticator = config.IAM_EVENT_KEYS
      ? EventAuthenticator.fromConfig(config.IAM_EVENT_KEYS)
      : EventAuthenticator.generate();
    const dataDir = path.resolve(config.IAM_DATA_DIR);
    createPrivateDirectory(dataDir);
    // Before anything in the folder is opened: a second process must not touch it.
    const lock = DataDirectoryLock.acquire(dataDir);
    try {
      const database = config.DATABASE_URL
        ? new PgDatabase(config.DATABASE_URL, { applicationName: `${config.IAM_SCHEMA_PREFIX}${clientId}` })
        : await PgliteDatabase.open(path.join(dataDir, 'pglite'));
      makeTreePrivate(dataDir);
      return {
        database,
        bus: new InProcessEventBus(authenticator, onDeadLetter),
        ttlStore: new MemoryTtlStore(),
        dataDirectory: lock,
      };
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  const ttlStore = new RedisTtlStore(config.REDIS_URL as string);
  // Not fatal (Redis may come later; readiness tells), but never silent.
  ttlStore
    .ping()
    .catch(() =>
      logger.warn(
        'Redis cannot be reached at start: routes that need it answer 503 ServiceUnavailable until it can',
      ),
    );
  return {
    database: new PgDatabase(config.DATABASE_URL as string, {
      applicationName: `${config.IAM_SCHEMA_PREFIX}${clientId}`,
    }),
    bus: new KafkaEventBus({
      brokers: (config.KAFKA_BROKERS as string).split(','),
      clientId,
      // Validated at start: required in distributed mode.
      authenticator: EventAuthenticator.fromConfig(config.IAM_EVENT_KEYS as string),
      partitions: config.KAFKA_PARTITIONS,
      log: (level, message, extra) => logger[level](extra ?? {}, message),
      onDeadLetter,
    }),
    ttlStore,
  };
}
