import { Client } from 'pg';
import { startTcpProxy, type TcpProxy } from '@iam/testing';
import { startIdentityTestApp, type IdentityTestApp } from './identity-test-app';

/**
 * Kafka unreachable when identity starts (through a proxy the test cuts; the
 * shared broker keeps running): the service starts, takes writes into its
 * outbox, says it is not ready, and publishes them once Kafka answers.
 */
describe('identity starting while Kafka is down', () => {
  let proxy: TcpProxy;
  let t: IdentityTestApp;
  let db: Client;

  beforeAll(async () => {
    const [host, port] = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].split(':');
    proxy = await startTcpProxy(host, Number(port));
    proxy.cut();
    t = await startIdentityTestApp({ KAFKA_BROKERS: proxy.address });
    db = new Client({ connectionString: t.infra.databaseUrl });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await t?.stop();
    await proxy?.close();
  });

  /** Outbox rows the relay has not yet published. */
  async function unpublished(): Promise<number> {
    const schema = `"${t.infra.schemaPrefix}identity"`;
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${schema}.outbox o
        WHERE NOT EXISTS (SELECT 1 FROM ${schema}.relay_checkpoints c
                           WHERE (o.transaction_id, o.position) <= (c.transaction_id, c.position))`,
    );
    return Number(rows[0].n);
  }

  it('starts, accepts writes, is not ready, and publishes everything once Kafka is back', async () => {
    const created = await t.root.request('POST', '/v1/users', { userName: 'written-while-kafka-down' });
    expect(created.status).toBe(201);
    expect(await unpublished()).toBeGreaterThan(0);
    expect((await fetch(`${t.app.url}/health/ready`)).status).toBe(503);
    // The call's access record waits in the outbox with its events, for the same relay.
    const { rows: records } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${t.infra.schemaPrefix}identity".outbox
        WHERE topic = 'iam.access.v1' AND envelope->'payload'->>'eventName' = 'CreateUser'
          AND envelope->'payload'->'requestParameters'->>'userName' = 'written-while-kafka-down'`,
    );
    expect(Number(records[0].n)).toBe(1);

    proxy.restore();
    const deadline = Date.now() + 90_000;
    while ((await unpublished()) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(await unpublished()).toBe(0);
    let ready = await fetch(`${t.app.url}/health/ready`);
    while (ready.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      ready = await fetch(`${t.app.url}/health/ready`);
    }
    expect(ready.status).toBe(200);
  }, 120_000);
});
