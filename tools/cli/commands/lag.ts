/**
 * `iam-admin lag`: what is not yet where it should be. Per service, the
 * outbox rows its relay has not published (and the oldest one's age); per
 * consumer group of these services, each partition's messages beyond the
 * group's committed offset (Kafka; a standalone process has no topics).
 */
import type { Command } from 'commander';
import { Kafka, logLevel } from 'kafkajs';
import { outboxBacklog, type SqlDatabase } from '@iam/event-store';
import { schemaOf, withDatabase, type AdminIo } from '../admin-context';

/** The services that publish through an outbox. */
const publishers = ['identity', 'policy', 'sts', 'audit'] as const;
const consumers = ['identity', 'policy', 'sts', 'audit'] as const;

export interface RelayLag {
  service: string;
  unpublished: number;
  oldestAgeSeconds: number;
}

export interface ConsumerLag {
  group: string;
  topic: string;
  partition: number;
  committed: number;
  end: number;
  lag: number;
}

export async function relayLag(db: SqlDatabase, env: NodeJS.ProcessEnv): Promise<RelayLag[]> {
  const lags: RelayLag[] = [];
  for (const service of publishers) {
    const { events, oldestAgeSeconds } = await outboxBacklog(db, schemaOf(env, service));
    lags.push({ service, unpublished: events, oldestAgeSeconds });
  }
  return lags;
}

/** Every consumer group of these services (by their schemas' names) and its lag per partition. */
export async function consumerLag(brokers: string[], env: NodeJS.ProcessEnv): Promise<ConsumerLag[]> {
  const kafka = new Kafka({ clientId: 'iam-admin', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const prefixes = consumers.map((service) => `${schemaOf(env, service)}.`);
    const { groups } = await admin.listGroups();
    const ours = groups
      .map((g) => g.groupId)
      .filter((id) => prefixes.some((prefix) => id.startsWith(prefix)))
      .sort();
    const ends = new Map<string, Map<number, { high: number; low: number }>>();
    const lags: ConsumerLag[] = [];
    for (const group of ours) {
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group })) {
        if (!ends.has(topic)) {
          const offsets = await admin.fetchTopicOffsets(topic);
          ends.set(
            topic,
            new Map(offsets.map((p) => [p.partition, { high: Number(p.high), low: Number(p.low) }])),
          );
        }
        for (const { partition, offset } of partitions) {
          const { high, low } = ends.get(topic)?.get(partition) ?? { high: 0, low: 0 };
          // -1: nothing committed yet; the group starts from the earliest message.
          const committed = Number(offset) < 0 ? low : Number(offset);
          lags.push({ group, topic, partition, committed, end: high, lag: Math.max(0, high - committed) });
        }
      }
    }
    return lags;
  } finally {
    await admin.disconnect();
  }
}

export function registerLag(program: Command, io: AdminIo): void {
  program
    .command('lag')
    .description('show outbox relay lag per service and consumer lag per group and partition')
    .option('--data-dir <dir>', 'standalone data directory (without DATABASE_URL)')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { dataDir?: string; json?: boolean }) => {
      const relays = await withDatabase(io, options.dataDir, ({ db }) => relayLag(db, io.env));
      const groups = io.env.KAFKA_BROKERS
        ? await consumerLag(io.env.KAFKA_BROKERS.split(','), io.env)
        : undefined;
      if (options.json) {
        io.out(`${JSON.stringify({ relays, consumers: groups ?? null }, null, 2)}\n`);
        return;
      }
      io.out('outbox relay lag\n');
      io.out(
        table(
          ['service', 'unpublished', 'oldest (s)'],
          relays.map((r) => [r.service, r.unpublished, r.oldestAgeSeconds.toFixed(1)]),
        ),
      );
      if (!groups) {
        io.out(
          '\nconsumer lag: none to show without KAFKA_BROKERS (standalone: events are applied as they are published)\n',
        );
        return;
      }
      io.out('\nconsumer lag\n');
      io.out(
        table(
          ['group', 'topic', 'partition', 'committed', 'end', 'lag'],
          groups.map((g) => [g.group, g.topic, g.partition, g.committed, g.end, g.lag]),
        ),
      );
    });
}

/** Left-aligned columns, two spaces apart. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return (
    cells
      .map((row) =>
        row
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
