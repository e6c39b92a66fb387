import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Topics } from '@iam/contracts';
import { EventAuthenticator, KafkaEventBus } from '@iam/messaging';
import { eventually, SignedClient, TEST_EVENT_KEYS } from '@iam/testing';
import { metricsReferencedByDeployment, scrape, seriesOf, total, type Scrape } from './prometheus-text';
import { rootKey, startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * `/metrics` of the distributed services (identity, policy, sts, audit; real
 * Postgres, Redis and Kafka): every family the operators' alerts and
 * dashboard use is there, and each moves because of the action that should
 * move it.
 */
describe('metrics (distributed)', () => {
  let s: DistributedServices;
  let prefix: string;
  const processes = () => ({ identity: s.identity, policy: s.policy, sts: s.sts!, audit: s.audit });
  const scrapeAll = async (): Promise<Record<string, Scrape>> =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(processes()).map(async ([name, app]) => [name, await scrape(app.url)] as const),
      ),
    );
  /** Polls one process's `/metrics` until `done` holds (metrics of other processes move asynchronously). */
  const becomes = (service: keyof ReturnType<typeof processes>, done: (scraped: Scrape) => boolean) =>
    eventually(() => scrape(processes()[service].url), done, { timeoutMs: 30_000, intervalMs: 200 });

  beforeAll(async () => {
    s = await startDistributedServices({}, { sts: true });
    prefix = s.infra.schemaPrefix;
    // Four services' consumers joining their groups: slow on a loaded 2-core machine.
  }, 180_000);

  afterAll(async () => {
    await s?.stop();
  });

  it('declares every metric family the alert rules and the Grafana dashboard refer to', async () => {
    const declared = new Set(Object.values(await scrapeAll()).flatMap((scraped) => [...scraped.families]));
    const referenced = metricsReferencedByDeployment();
    expect(referenced.size).toBeGreaterThanOrEqual(12);
    const missing = [...referenced].filter(([family]) => !declared.has(family));
    expect(missing).toEqual([]);
  });

  it('counts requests by route and status, and authorization decisions by outcome', async () => {
    const before = await scrape(s.identity.url);
    const userName = `metrics-${randomUUID().slice(0, 8)}`;
    expect((await s.rootIdentity.request('POST', '/v1/users', { userName })).status).toBe(201);
    const key = await s.rootIdentity.request<Json>('POST', `/v1/users/${userName}/access-keys`);
    expect(key.status).toBe(201);
    // A user without any policy: denied (once identity has its key).
    const user = s.rootIdentity.withCredentials(key.body.accessKey);
    await eventually(
      async () => (await user.request('GET', '/v1/users')).status,
      (status) => status === 403,
    );
    const after = await scrape(s.identity.url);
    const created = { route: '/v1/users', method: 'POST', status: '201' };
    expect(total(after, 'iam_http_request_duration_seconds_count', created)).toBe(
      total(before, 'iam_http_request_duration_seconds_count', created) + 1,
    );
    for (const outcome of ['allow', 'deny'])
      expect(total(after, 'iam_authorization_decisions_total', { outcome })).toBeGreaterThan(
        total(before, 'iam_authorization_decisions_total', { outcome }),
      );
  });

  it('shows outbox lag while an older transaction holds the relay back, and none once it ends', async () => {
    const outbox = { service: 'identity' };
    // The relay publishes only what every older transaction has finished with: one left open (with
    // a transaction id) holds it back, as a long transaction would in production.
    const blocker = new Client({ connectionString: s.infra.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()');
      const userName = `lag-${randomUUID().slice(0, 8)}`;
      expect((await s.rootIdentity.request('POST', '/v1/users', { userName })).status).toBe(201);
      const held = await becomes(
        'identity',
        (m) =>
          total(m, 'iam_outbox_unpublished_events', outbox) >= 1 &&
          total(m, 'iam_outbox_oldest_unpublished_age_seconds', outbox) > 0,
      );
      expect(total(held, 'iam_outbox_unpublished_events', outbox)).toBeGreaterThanOrEqual(1);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    const drained = await becomes('identity', (m) => total(m, 'iam_outbox_unpublished_events', outbox) === 0);
    expect(total(drained, 'iam_outbox_oldest_unpublished_age_seconds', outbox)).toBe(0);
    expect(total(drained, 'iam_outbox_published_total', outbox)).toBeGreaterThan(0);
  });

  it('measures consumer lag per group and partition, and counts dead letters', async () => {
    // Every group of this run on identity's topic, each partition measured.
    const measured = await becomes('policy', (m) =>
      seriesOf(m, 'iam_consumer_lag_messages').some((l) => l.group === `${prefix}policy.principals`),
    );
    const partitions = seriesOf(measured, 'iam_consumer_lag_messages').filter(
      (l) => l.group === `${prefix}policy.principals` && l.topic === Topics.identity,
    );
    expect(partitions.length).toBeGreaterThanOrEqual(1);
    expect(new Set(partitions.map((l) => l.partition)).size).toBe(partitions.length);
    expect(total(measured, 'iam_consumer_up', { group: `${prefix}policy.principals` })).toBe(1);

    const letters = { topic: Topics.identity, group: `${prefix}policy.principals` };
    const before = total(measured, 'iam_dead_letters_total', letters);
    const producer = new KafkaEventBus({
      brokers: s.infra.kafkaBrokers.split(','),
      clientId: 'metrics-e2e',
      authenticator: EventAuthenticator.fromConfig(TEST_EVENT_KEYS),
    });
    try {
      await producer.publishRaw(Topics.identity, 'poison', `not an event ${randomUUID()}`);
    } finally {
      await producer.close();
    }
    const after = await becomes('policy', (m) => total(m, 'iam_dead_letters_total', letters) > before);
    expect(total(after, 'iam_dead_letters_total', letters)).toBe(before + 1);
  });

  it('reports each in-memory projection staleness, within the refusal limit while it catches up', async () => {
    for (const scraped of Object.values(await scrapeAll())) {
      const limit = total(scraped, 'iam_projection_staleness_limit_seconds');
      expect(limit).toBe(10);
      for (const projection of ['authorization', 'credentials']) {
        const staleness = total(scraped, 'iam_projection_staleness_seconds', { projection });
        expect(staleness).toBeGreaterThanOrEqual(0);
        expect(staleness).toBeLessThan(limit);
      }
    }
  });

  it('counts sign-in failures by reason and STS credentials by operation', async () => {
    const before = await scrape(s.sts!.url);
    const failed = await fetch(`${s.sts!.url}/v1/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: `no-such-${randomUUID().slice(0, 8)}`, userName: 'x', password: 'y' }),
    });
    expect(failed.status).toBeGreaterThanOrEqual(400);
    const sts = new SignedClient(s.sts!.url, rootKey, { service: 'sts' });
    // Once sts has learnt the root key from identity's topic (refusals issue nothing).
    const issued = await eventually(
      () => sts.request<Json>('POST', '/v1/sts/session-token', {}),
      (r) => r.status === 200,
      { timeoutMs: 60_000 },
    );
    expect(issued.body.credentials.accessKeyId).toMatch(/^ASIA/);
    const after = await scrape(s.sts!.url);
    expect(total(after, 'iam_sign_in_failures_total', { reason: 'UnknownAccount' })).toBe(
      total(before, 'iam_sign_in_failures_total', { reason: 'UnknownAccount' }) + 1,
    );
    const op = { operation: 'GetSessionToken' };
    expect(total(after, 'iam_sts_credentials_issued_total', op)).toBe(
      total(before, 'iam_sts_credentials_issued_total', op) + 1,
    );
  });

  it('follows the audit chain head: records chained and the age of the newest', async () => {
    const before = await scrape(s.audit.url);
    const records = total(before, 'iam_audit_chain_records');
    expect(
      (await s.rootIdentity.request('POST', '/v1/groups', { groupName: `g-${Date.now()}` })).status,
    ).toBe(201);
    const after = await becomes('audit', (m) => total(m, 'iam_audit_chain_records') > records);
    expect(seriesOf(after, 'iam_audit_chain_last_record_age_seconds')).toHaveLength(1);
    expect(total(after, 'iam_audit_chain_last_record_age_seconds')).toBeGreaterThanOrEqual(0);
  });
});
