import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { EventMetadata } from '@iam/contracts';
import type { OutboundMessage } from '@iam/messaging';
import { dropSchemas, testInfrastructure, untilPasses, type TestInfrastructure } from '@iam/testing';
import { PostgresEventStore } from './event-store';
import { eventStoreMigrations } from './event-store.migrations';
import { runMigrations } from './migrations';
import { OutboxRelay } from './outbox-relay';
import { PgDatabase } from './pg-database';

const meta: EventMetadata = {
  accountId: '123456789012',
  actorArn: 'arn:aws:iam::123456789012:root',
  correlationId: 'c-1',
};
const event = (n: number) => ({ type: 'test.Happened', schemaVersion: 1, payload: { n } });

/**
 * What every Postgres restart or failover does to a service: the server
 * ends every connection, also the long-held one of the outbox relay's leader
 * (advisory lock + LISTEN) and one in the middle of a transaction. The
 * process must stay up, reconnect and go on; nothing committed is lost.
 */
describe('Postgres connections reset under a running service', () => {
  let infra: TestInfrastructure;
  let admin: Client;
  let db: PgDatabase;
  let schema: string;
  let store: PostgresEventStore;
  let applicationName: string;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    infra = await testInfrastructure();
    schema = `${infra.schemaPrefix}reset`;
    applicationName = `reset-test-${randomUUID().slice(0, 8)}`;
    db = new PgDatabase(infra.databaseUrl, { applicationName });
    await runMigrations(db, schema, eventStoreMigrations);
    store = new PostgresEventStore(db, { schema, topic: 'test.topic' });
    admin = new Client({ connectionString: infra.databaseUrl });
    await admin.connect();
    process.on('uncaughtException', onUncaught);
  });

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await admin.end();
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  /** Ends every backend of this test's database handle, as a server restart would. */
  async function terminateAll(): Promise<number> {
    const { rows } = await admin.query<{ ended: boolean }>(
      'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    return rows.filter((row) => row.ended).length;
  }

  it('keeps the relay running: it retakes leadership on a new connection and publishes what comes next', async () => {
    const published: OutboundMessage[] = [];
    const errors: unknown[] = [];
    const relay = new OutboxRelay(
      db,
      { publish: async (messages) => void published.push(...messages) },
      { schema, idleDelayMs: 50, onError: (error) => errors.push(error) },
    );
    relay.start();
    try {
      await store.append(`user-${randomUUID()}`, 0, [event(1)], meta);
      await untilPasses(() => expect(published).toHaveLength(1));
      expect(relay.status().leader).toBe(true);

      expect(await terminateAll()).toBeGreaterThan(0);
      // The leader's connection died while idle in LISTEN: this used to be an
      // unhandled 'error' event, which ends a Node process.
      await untilPasses(() => expect(relay.status().leader).toBe(true), 10_000);

      await store.append(`user-${randomUUID()}`, 0, [event(2)], meta);
      await untilPasses(() => expect(published).toHaveLength(2), 10_000);
      expect(published.map((m) => (m.envelope.payload as { n: number }).n)).toEqual([1, 2]);
      expect(uncaught).toEqual([]);
    } finally {
      await relay.stop();
    }
  });

  it('reports the relay not ready while it cannot reach the database, and ready again after', async () => {
    const unreachable = new PgDatabase('postgres://postgres@127.0.0.1:1/test', { applicationName });
    const relay = new OutboxRelay(
      unreachable,
      { publish: async () => undefined },
      { schema, idleDelayMs: 50 },
    );
    relay.start();
    try {
      await untilPasses(() => expect(relay.status()).toMatchObject({ ready: false, leader: false }));
      expect(relay.status().error).toMatch(/ECONNREFUSED|connect/);
    } finally {
      await relay.stop().catch(() => undefined);
      await unreachable.close();
    }
    const healthy = new OutboxRelay(db, { publish: async () => undefined }, { schema, idleDelayMs: 50 });
    healthy.start();
    try {
      await untilPasses(() => expect(healthy.status()).toMatchObject({ ready: true, leader: true }));
    } finally {
      await healthy.stop();
    }
  });

  it('fails a transaction whose connection is reset between statements, and the next one succeeds', async () => {
    let release!: () => void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const stream = `user-${randomUUID()}`;
    const doomed = db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      entered();
      await paused; // the connection is reset here, while no statement runs
      await tx.query('SELECT 2');
    });
    await inside;
    expect(await terminateAll()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await expect(doomed).rejects.toThrow();

    await store.append(stream, 0, [event(3)], meta);
    expect(await store.readStream(stream)).toHaveLength(1);
    expect(uncaught).toEqual([]);
  });
});
