/**
 * `iam-admin dead-letters list <topic>` shows what consumers set aside on
 * the topic's dead-letter topic (which group, why); `dead-letters replay
 * <topic> <offset>` publishes one of them again, as it was, onto its topic,
 * once its cause is fixed. Every group then receives it again; those that
 * applied it already skip it (consumers deduplicate on the event id).
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { deadLetterTopic } from '@iam/contracts';
import { kafkaBrokers, UsageError, type AdminIo } from '../admin-context';
import { table } from './lag';

export interface DeadLetterMessage {
  partition: number;
  offset: string;
  group: string;
  error: string;
  originalTopic: string;
  key: string | null;
  value: string;
}

/** How long reading a dead-letter topic to its end may take. */
const READ_TIMEOUT_MS = 30_000;

/** Every message on `topic`'s dead-letter topic, up to its end now. */
export async function readDeadLetters(brokers: string[], topic: string): Promise<DeadLetterMessage[]> {
  const kafka = new Kafka({ clientId: 'iam-admin', brokers, logLevel: logLevel.NOTHING });
  const dlq = deadLetterTopic(topic);
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `iam-admin-${randomUUID()}`;
  try {
    if (!(await admin.listTopics()).includes(dlq)) throw new UsageError(`no topic ${dlq}`);
    const ends = new Map(
      (await admin.fetchTopicOffsets(dlq))
        .filter((p) => Number(p.high) > Number(p.low))
        .map((p) => [p.partition, Number(p.high)]),
    );
    if (ends.size === 0) return [];
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    const letters: DeadLetterMessage[] = [];
    try {
      await consumer.subscribe({ topic: dlq, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`reading ${dlq} took longer than ${READ_TIMEOUT_MS} ms`)),
          READ_TIMEOUT_MS,
        );
        const done = new Set<number>();
        void consumer
          .run({
            eachMessage: async ({ partition, message }) => {
              const end = ends.get(partition);
              if (end === undefined || Number(message.offset) >= end) return;
              letters.push({
                partition,
                offset: message.offset,
                group: header(message.headers, 'dead-letter-group'),
                error: header(message.headers, 'dead-letter-error'),
                originalTopic: header(message.headers, 'original-topic') || topic,
                key: message.key?.toString('utf8') ?? null,
                value: message.value?.toString('utf8') ?? '',
              });
              if (Number(message.offset) >= end - 1) done.add(partition);
              if (done.size === ends.size) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return letters.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
  } finally {
    // The reading group is the command's own: it leaves nothing behind.
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Publishes the dead letter at `partition`/`offset` onto its original topic, key and value as they were. */
export async function replayDeadLetter(
  brokers: string[],
  topic: string,
  partition: number,
  offset: string,
): Promise<DeadLetterMessage> {
  const letter = (await readDeadLetters(brokers, topic)).find(
    (l) => l.partition === partition && l.offset === offset,
  );
  if (!letter)
    throw new UsageError(
      `no dead letter at partition ${partition}, offset ${offset} of ${deadLetterTopic(topic)}`,
    );
  const kafka = new Kafka({ clientId: 'iam-admin', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({
      topic: letter.originalTopic,
      acks: -1,
      messages: [
        {
          key: letter.key,
          value: letter.value,
          headers: { 'replayed-from': `${deadLetterTopic(topic)}:${partition}:${offset}` },
        },
      ],
    });
  } finally {
    await producer.disconnect();
  }
  return letter;
}

function header(headers: IHeaders | undefined, name: string): string {
  const value = headers?.[name];
  return value === undefined ? '' : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** An event's id and type, if the value is one (a poison message may be anything). */
function eventOf(value: string): string {
  try {
    const event = JSON.parse(value) as { eventId?: unknown; type?: unknown };
    if (typeof event.eventId === 'string') return `${String(event.type)} ${event.eventId}`;
  } catch {
    // not JSON
  }
  return `(not an event: ${value.length} bytes)`;
}

export function registerDeadLetters(program: Command, io: AdminIo): void {
  const deadLetters = program
    .command('dead-letters')
    .description("list or replay the events consumers set aside on a topic's dead-letter topic (Kafka)");
  deadLetters
    .command('list')
    .description('list the dead letters of a topic: where, which consumer group, why')
    .argument('<topic>', 'the event topic, e.g. iam.identity.v1')
    .option('--group <group>', 'only those this consumer group set aside')
    .option('--json', 'print JSON (with each message value) instead of a table')
    .action(async (topic: string, options: { group?: string; json?: boolean }) => {
      const letters = (await readDeadLetters(kafkaBrokers(io.env, 'dead-letters'), topic)).filter(
        (l) => !options.group || l.group === options.group,
      );
      if (options.json) {
        io.out(`${JSON.stringify(letters, null, 2)}\n`);
        return;
      }
      if (letters.length === 0) {
        io.out(`no dead letters on ${deadLetterTopic(topic)}\n`);
        return;
      }
      io.out(
        table(
          ['partition', 'offset', 'group', 'event', 'error'],
          letters.map((l) => [l.partition, l.offset, l.group, eventOf(l.value), l.error]),
        ),
      );
    });
  deadLetters
    .command('replay')
    .description('publish one dead letter again onto its topic, as it was (after fixing its cause)')
    .argument('<topic>', 'the event topic, e.g. iam.identity.v1')
    .argument('<offset>', 'its offset on the dead-letter topic (see list)')
    .option('--partition <n>', 'its partition on the dead-letter topic', '0')
    .action(async (topic: string, offset: string, options: { partition: string }) => {
      if (!/^\d+$/.test(offset)) throw new UsageError(`offset must be a whole number, not ${offset}`);
      if (!/^\d+$/.test(options.partition))
        throw new UsageError(`--partition must be a whole number, not ${options.partition}`);
      const letter = await replayDeadLetter(
        kafkaBrokers(io.env, 'dead-letters'),
        topic,
        Number(options.partition),
        offset,
      );
      io.out(
        `replayed ${deadLetterTopic(topic)} partition ${letter.partition} offset ${letter.offset} onto ${letter.originalTopic}: ${eventOf(letter.value)}\n`,
      );
    });
}
