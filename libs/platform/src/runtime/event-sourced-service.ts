import {
  eventStoreMigrations,
  type EventStore,
  OutboxRelay,
  runMigrations,
  applyOnce,
  applyBatchOnce,
  assertProjectionVersion,
  type Migration,
  type Projection,
  type SqlDatabase,
} from '@iam/event-store';
import { Topics } from '@iam/contracts';
import type { EventBus } from '@iam/messaging';
import type { AccessRecorder } from '../access/access-recorder';
import type { Logger } from 'pino';
import type { Lifecycle } from './lifecycle';
import type { Metrics } from '../metrics/metrics';
import type { Readiness } from '../health/readiness';

export interface ServiceDefinition {
  /** Service name: schema name (after the prefix) and consumer group prefix. */
  name: string;
  schema: string;
  migrations: Migration[];
  /** The service's event store; its outbox is relayed to the store's topic. None for services that only consume. */
  store?: EventStore;
  /** Projections fed from topics, each its own consumer group. */
  consumers?: {
    projection: Projection;
    topics: string[];
    /** After each committed apply (e.g. an in-memory copy catching up at once). */
    afterApply?: () => void;
    /** Events as published, not upcast (the audit trail records facts as they were emitted). */
    asPublished?: boolean;
  }[];
}

/** The process's ports a service starts with. */
export interface ServiceDeps {
  database: SqlDatabase;
  bus: EventBus;
  lifecycle: Lifecycle;
  readiness: Readiness;
  logger: Logger;
  metrics: Metrics;
  /** Access records of this process's calls go into the outbox of the first service started. */
  recorder?: AccessRecorder;
}

export interface RunningService {
  relay: OutboxRelay | undefined;
}

/**
 * Brings one event-sourced service up: migrations, topics, outbox relay and
 * projection consumers; and registers their orderly stop.
 */
export async function startEventSourcedService(
  definition: ServiceDefinition,
  deps: ServiceDeps,
): Promise<RunningService> {
  const { database, bus, lifecycle, readiness, logger, metrics } = deps;
  const applied = await runMigrations(database, definition.schema, [
    ...eventStoreMigrations,
    ...definition.migrations,
  ]);
  if (applied.length > 0) logger.info({ schema: definition.schema, applied }, 'migrations applied');

  // A projection whose version changed is rebuilt (inline) or refused (consumers) before anything reads it.
  if (definition.store) {
    const rebuilt = await definition.store.rebuildOutdatedProjections();
    if (rebuilt.length > 0) logger.info({ schema: definition.schema, rebuilt }, 'inline projections rebuilt');
  }
  for (const { projection } of definition.consumers ?? []) {
    await assertProjectionVersion(database, definition.schema, projection);
  }

  const topics = [
    definition.store?.topic,
    Topics.access,
    ...(definition.consumers ?? []).flatMap((c) => c.topics),
  ].filter((topic): topic is string => topic !== undefined);
  await bus.ensureTopics(topics);

  // The first service of the process takes its calls' access records into its outbox. The service
  // with the store relays that outbox, events and records alike; a definition without a store (auth's
  // consumers, in its service's schema) leaves it to the service, so one outbox has one relay here.
  deps.recorder?.useOutbox(definition.schema);
  let relay: OutboxRelay | undefined;
  if (definition.store) {
    const published = metrics.counter('iam_outbox_published_total', 'Events relayed from the outbox', [
      'service',
    ]);
    relay = new OutboxRelay(
      database,
      {
        publish: async (messages) => {
          await bus.publish(messages);
          published.inc({ service: definition.name }, messages.length);
        },
      },
      {
        schema: definition.schema,
        onError: (error) =>
          logger.warn({ err: error, service: definition.name }, 'outbox relay batch failed; retrying'),
      },
    );
    relay.start();
    const started = relay;
    observeOutbox(metrics, definition.name, started);
    readiness.add(`relay:${definition.name}`, () => {
      const { ready, leader, error } = started.status();
      return { ready, detail: { leader, ...(error ? { error } : {}) } };
    });
    lifecycle.onShutdown('relays', () => started.stop());
  }

  const handled = metrics.counter('iam_events_consumed_total', 'Events applied to projections', [
    'projection',
  ]);
  for (const consumer of definition.consumers ?? []) {
    const { projection } = consumer;
    await bus.subscribe({
      group: `${definition.schema}.${projection.name}`,
      topics: consumer.topics,
      asPublished: consumer.asPublished,
      handle: async (event) => {
        if (await applyOnce(database, definition.schema, projection, event)) {
          handled.inc({ projection: projection.name });
          consumer.afterApply?.();
        }
      },
      handleBatch: async (events) => {
        handled.inc(
          { projection: projection.name },
          await applyBatchOnce(database, definition.schema, projection, events),
        );
        consumer.afterApply?.();
      },
    });
  }
  return { relay };
}

/** Outbox lag: what the relay has not published yet, and since when (read from the database at each scrape). */
function observeOutbox(metrics: Metrics, service: string, relay: OutboxRelay): void {
  const backlog = () => relay.backlog();
  let pending: ReturnType<typeof backlog> | undefined;
  // Both gauges of one scrape share one query.
  const once = () => {
    pending ??= backlog().finally(() => setImmediate(() => (pending = undefined)));
    return pending;
  };
  metrics.gauge(
    'iam_outbox_unpublished_events',
    'Events in the outbox not yet published to the event topics',
    ['service'],
    async (gauge) => gauge.set({ service }, (await once()).events),
  );
  metrics.gauge(
    'iam_outbox_oldest_unpublished_age_seconds',
    'Age of the oldest event in the outbox not yet published (0 when none is waiting)',
    ['service'],
    async (gauge) => gauge.set({ service }, (await once()).oldestAgeSeconds),
  );
}
