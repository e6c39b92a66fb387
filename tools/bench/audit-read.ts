/**
 * The reading side of `npm run bench:audit`: access records ingested from
 * Kafka, LookupEvents at a million records, stream delivery latency.
 */
import { randomUUID } from 'node:crypto';
import { AuditModule, auditMigrations, AuditTrailProjection, TrailReads, type TrailFilter } from '@iam/audit';
import { AuthModule, SecretBox } from '@iam/auth';
import type { AccessRecordEnvelope, EventEnvelope } from '@iam/contracts';
import { applyBatchOnce, eventStoreMigrations, PgDatabase, runMigrations } from '@iam/event-store';
import { IdentityModule } from '@iam/identity';
import { EventAuthenticator, KafkaEventBus } from '@iam/messaging';
import { bootstrapService } from '@iam/platform';
import { accessRecordEnvelope, randomRootKey, signedHeaders, TEST_EVENT_KEYS } from '@iam/testing';

const rate = (n: number) => Math.round(n).toLocaleString('en');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * A realistic mix: 200 users, 40 actions, 5,000 resources, 5 % refused, over 90 days; and one busy
 * role (a tenth of the first 300,000 calls also name it: 30,000 records, all in the first month).
 */
function realisticRecord(accountId: string, i: number, start: number, span: number): AccessRecordEnvelope {
  const actions = [
    'GetUser',
    'ListUsers',
    'CreateUser',
    'AttachUserPolicy',
    'AssumeRole',
    'GetCallerIdentity',
    'ListRoles',
    'PutRolePolicy',
    'CreateAccessKey',
    'Authorize',
    'ListPolicies',
    'GetPolicyVersion',
    'UpdateAssumeRolePolicy',
    'TagUser',
    'ConsoleLogin',
    'DeleteUser',
    'ListGroups',
    'AddUserToGroup',
    'GetRole',
    'SimulatePrincipalPolicy',
    'CreatePolicyVersion',
    'DetachRolePolicy',
    'ListAccessKeys',
    'UpdateAccessKey',
    'GetAccountSummary',
    'ListAttachedUserPolicies',
    'PutUserPolicy',
    'DeleteRolePolicy',
    'CreateRole',
    'DeleteRole',
    'CreateGroup',
    'DeleteGroup',
    'GetGroup',
    'ListMFADevices',
    'EnableMFADevice',
    'ChangePassword',
    'GetLoginProfile',
    'CreateLoginProfile',
    'GetSessionToken',
    'LookupEvents',
  ];
  const eventName = actions[(i * 7919) % actions.length];
  const source =
    eventName === 'AssumeRole' || eventName === 'GetCallerIdentity' || eventName === 'GetSessionToken'
      ? 'sts.amazonaws.com'
      : eventName === 'Authorize'
        ? 'authorization.iam.local'
        : eventName === 'ConsoleLogin'
          ? 'signin.amazonaws.com'
          : 'iam.amazonaws.com';
  const resource = (i * 104729) % 5000;
  return accessRecordEnvelope({
    accountId,
    eventName,
    eventSource: source,
    caller: { kind: 'user', userName: `user${(i * 31) % 200}` },
    accessKeyId: `AKIABENCH${String((i * 31) % 200).padStart(11, '0')}`,
    errorCode: i % 20 === 0 ? 'AccessDenied' : undefined,
    resources: [
      { ARN: `arn:aws:iam::${accountId}:user/u${resource}`, type: 'AWS::IAM::User' },
      ...(i % 10 === 0 && i < 300_000 ? [{ ARN: busyRole(accountId), type: 'AWS::IAM::Role' }] : []),
    ],
    eventTime: new Date(start + (Math.floor((i / 1) * (span / 1_000_000)) % span)),
    requestParameters: { userName: `u${resource}` },
  });
}

/**
 * 3. Access records from Kafka: published ahead on a topic of their own (as
 * every service publishes to iam.access.v1), then the trail consumer catches
 * up, with the lookup indexes in place. Beside the rate identity and policy
 * wrote at in this run (section 1).
 */
export async function benchAccessIngest(
  db: PgDatabase,
  bus: KafkaEventBus,
  brokers: string[],
  authenticator: EventAuthenticator,
  writes: number,
): Promise<void> {
  const count = Number(process.env.BENCH_ACCESS_RECORDS ?? 20_000);
  const run = randomUUID().slice(0, 8);
  const schema = `bench_${run}_audit`;
  const topic = `bench.${run}.access`;
  await runMigrations(db, schema, [...eventStoreMigrations, ...auditMigrations]);
  await bus.ensureTopics([topic]);
  const accounts = Array.from({ length: 20 }, (_, i) => String(200000000000 + i));
  const now = Date.now();
  for (let i = 0; i < count; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - i) }, (_, j) =>
      realisticRecord(accounts[(i + j) % accounts.length], i + j, now - 3_600_000, 3_600_000),
    );
    await bus.publish(batch.map((envelope) => ({ topic, key: envelope.accountId, envelope })));
  }
  let applied = 0;
  const projection = new AuditTrailProjection(schema);
  const consumer = new KafkaEventBus({ brokers, clientId: `bench-access-${run}`, authenticator });
  const start = Date.now();
  await consumer.subscribe({
    group: `bench-${run}-access`,
    topics: [topic],
    handle: async (event) => {
      if (await applyBatchOnce(db, schema, projection, [event])) applied++;
    },
    handleBatch: async (events: EventEnvelope[]) => {
      const n = await applyBatchOnce(db, schema, projection, events);
      applied += n;
    },
  });
  while (applied < count) await sleep(10);
  const seconds = (Date.now() - start) / 1000;
  await consumer.close();
  await db.exec(`DROP SCHEMA ${schema} CASCADE;`);
  const ingest = count / seconds;
  console.log(
    `access records from Kafka:   ${rate(ingest)} records/s into the trail, lookup indexes included (${count} records, 20 accounts)` +
      (writes > 0 ? `; ingest/writes of identity + policy ${(ingest / writes).toFixed(2)}` : ''),
  );
}

/**
 * 4. LookupEvents at a million access records of one account (the worst
 * case: every page is inside one account's rows), loaded through the trail
 * projection (real hashes and derived columns), indexes built after the load.
 */
export async function benchLookup(db: PgDatabase): Promise<void> {
  const total = Number(process.env.BENCH_LOOKUP_RECORDS ?? 1_000_000);
  const schema = `bench_${randomUUID().slice(0, 8)}_lookup`;
  const accountId = '300000000001';
  // Every migration but the lookup indexes' (120, 122), which are built after the load.
  const tables = auditMigrations.filter((m) => m.version !== 120 && m.version !== 122);
  await runMigrations(db, schema, [...eventStoreMigrations, ...tables]);
  const projection = new AuditTrailProjection(schema);
  const span = 90 * 24 * 3_600_000;
  const start = Date.now() - span;
  const loadStarted = Date.now();
  const batchSize = 5000;
  for (let i = 0; i < total; i += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, total - i) }, (_, j) => {
      const n = i + j;
      const record = realisticRecord(accountId, n, start, span);
      // Event time grows with the position (records arrive roughly in order), as in a live trail.
      const time = new Date(start + Math.floor((n / total) * span)).toISOString();
      return { ...record, occurredAt: time, payload: { ...record.payload, eventTime: time } };
    });
    await db.transaction((tx) => projection.applyBatch(tx, batch));
  }
  const loaded = (Date.now() - loadStarted) / 1000;
  const indexStarted = Date.now();
  await runMigrations(db, schema, [...eventStoreMigrations, ...auditMigrations]);
  await db.exec(`ANALYZE ${schema}.trail; ANALYZE ${schema}.trail_resources;`);
  console.log(
    `lookup: ${rate(total)} access records loaded in ${loaded.toFixed(0)} s (${rate(total / loaded)}/s through the projection), indexes built in ${((Date.now() - indexStarted) / 1000).toFixed(0)} s`,
  );
  const reads = new TrailReads(db, schema);
  const day = 24 * 3_600_000;
  const cases: [string, (i: number) => TrailFilter][] = [
    ['newest page, no filter', () => ({})],
    ['by user name', (i) => ({ userName: `user${(i * 13) % 200}` })],
    [
      'by event name',
      (i) => ({ eventName: ['CreateUser', 'AssumeRole', 'DeleteRole', 'LookupEvents'][i % 4] }),
    ],
    ['by resource ARN', (i) => ({ resourceArn: `arn:aws:iam::${accountId}:user/u${(i * 97) % 5000}` })],
    ['by resource ARN, busy role', () => ({ resourceArn: busyRole(accountId) })],
    ['by resource type', () => ({ resourceType: 'AWS::IAM::User' })],
    ['by access key id', (i) => ({ accessKeyId: `AKIABENCH${String((i * 7) % 200).padStart(11, '0')}` })],
    ['by error code', () => ({ errorCode: 'AccessDenied' })],
    [
      'by time range (1 day)',
      (i) => {
        const from = start + ((i * 7) % 89) * day;
        return { startTime: new Date(from), endTime: new Date(from + day) };
      },
    ],
    [
      'user + event name + 7 days',
      (i) => {
        const from = start + ((i * 11) % 80) * day;
        return {
          userName: `user${(i * 13) % 200}`,
          eventName: 'GetUser',
          startTime: new Date(from),
          endTime: new Date(from + 7 * day),
        };
      },
    ],
  ];
  const runs = Number(process.env.BENCH_LOOKUPS ?? 200);
  console.log(`lookup, 50 per page, ${runs} calls each (target p99 < 100 ms):`);
  for (const [name, filter] of cases) {
    const samples: number[] = [];
    let returned = 0;
    for (let i = 0; i < runs; i++) {
      const begun = process.hrtime.bigint();
      const page = await reads.lookup(accountId, filter(i), { maxItems: 50 });
      // The second page too on every other call: a marker is an index seek like the first.
      if (i % 2 === 1 && page.marker)
        await reads.lookup(accountId, filter(i), { maxItems: 50, marker: page.marker });
      samples.push(Number(process.hrtime.bigint() - begun) / 1e6 / (i % 2 === 1 && page.marker ? 2 : 1));
      returned += page.items.length;
    }
    samples.sort((a, b) => a - b);
    const p99 = percentile(samples, 99);
    console.log(
      `  ${name.padEnd(28)} p50 ${ms(percentile(samples, 50)).padStart(9)}  p99 ${ms(p99).padStart(9)}  (p99/target ${(p99 / 100).toFixed(2)}; ${(returned / runs).toFixed(0)} items/page)`,
    );
  }
  await compareWithJoinAndSort(db, schema, accountId, runs);
  if (process.env.BENCH_EXPLAIN === '1') await explainByResource(db, schema, accountId);
  await db.exec(`DROP SCHEMA ${schema} CASCADE;`);
}

const busyRole = (accountId: string) => `arn:aws:iam::${accountId}:role/Busy`;

/**
 * The baseline of the lookup by resource ARN, in the same run: the query it
 * replaced (before migration 121, trail_resources had no event time: every
 * record naming the resource joined, then sorted by time), first pages,
 * the two interleaved call by call so the machine's load falls on both alike.
 */
async function compareWithJoinAndSort(db: PgDatabase, schema: string, accountId: string, runs: number) {
  const reads = new TrailReads(db, schema);
  const joinAndSort = `SELECT t.* FROM ${schema}.trail t
    WHERE t.account_id = $1 AND t.kind = 'access' AND EXISTS (SELECT 1 FROM ${schema}.trail_resources r
      WHERE r.account_id = t.account_id AND r.sequence = t.sequence AND r.resource_arn = $2)
    ORDER BY t.occurred_at DESC, t.sequence DESC LIMIT 51`;
  const cases: [string, (i: number) => string][] = [
    ['a user (200 records)', (i) => `arn:aws:iam::${accountId}:user/u${(i * 97) % 5000}`],
    ['the busy role (30,000)', () => busyRole(accountId)],
  ];
  console.log(
    `lookup by resource ARN, first page, against the join-and-sort it replaced (same run, interleaved):`,
  );
  for (const [name, arn] of cases) {
    const now: number[] = [];
    const before: number[] = [];
    // The join and sort of the busy role takes seconds a call: fewer calls (its p99 is then its slowest).
    const calls = name.startsWith('the busy') ? Math.min(runs, 20) : runs;
    for (let i = 0; i < calls; i++) {
      const timed = async (samples: number[], read: () => Promise<unknown>) => {
        const begun = process.hrtime.bigint();
        await read();
        samples.push(Number(process.hrtime.bigint() - begun) / 1e6);
      };
      const current = () =>
        timed(now, () => reads.lookup(accountId, { resourceArn: arn(i) }, { maxItems: 50 }));
      const replaced = () => timed(before, () => db.query(joinAndSort, [accountId, arn(i)]));
      if (i % 2 === 0) await current().then(replaced);
      else await replaced().then(current);
    }
    now.sort((a, b) => a - b);
    before.sort((a, b) => a - b);
    const [p50, p99, b50, b99] = [
      percentile(now, 50),
      percentile(now, 99),
      percentile(before, 50),
      percentile(before, 99),
    ];
    console.log(
      `  ${name.padEnd(24)} now p50 ${ms(p50)} p99 ${ms(p99)}; join and sort p50 ${ms(b50)} p99 ${ms(b99)} (now/before p50 ${(p50 / b50).toFixed(2)}, p99 ${(p99 / b99).toFixed(2)}; ${calls} calls)`,
    );
  }
  if (process.env.BENCH_EXPLAIN === '1') {
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${joinAndSort}`, [
      accountId,
      busyRole(accountId),
    ]);
    console.log(
      `join and sort (replaced), the busy role:\n${rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`,
    );
  }
}

/** BENCH_EXPLAIN=1: the plan of LookupEvents by resource ARN at this size, first page and next, as TrailReads runs it. */
async function explainByResource(db: PgDatabase, schema: string, accountId: string): Promise<void> {
  let captured: { sql: string; params: unknown[] } | undefined;
  // TrailReads's own SQL: its database, recording the statement it sends.
  const recording = new Proxy(db, {
    get(target, property) {
      if (property === 'query')
        return (sql: string, params: unknown[]) => {
          captured = { sql, params };
          return target.query(sql, params);
        };
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const reads = new TrailReads(recording, schema);
  for (const [name, filter, marker] of [
    ['a user, first page', { resourceArn: `arn:aws:iam::${accountId}:user/u42` }, false],
    ['a user, next page', { resourceArn: `arn:aws:iam::${accountId}:user/u42` }, true],
    ['the busy role, first page', { resourceArn: busyRole(accountId) }, false],
  ] as const) {
    const first = await reads.lookup(accountId, filter, { maxItems: 50 });
    if (marker) await reads.lookup(accountId, filter, { maxItems: 50, marker: first.marker });
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${captured!.sql}`,
      captured!.params,
    );
    console.log(`lookup by resource ARN, ${name}:\n${rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`);
  }
}

/**
 * 5. Stream delivery: the audit service (with identity, for the root key) on
 * real Postgres, Redis and Kafka; a signed SSE client on GET /v1/audit/stream;
 * records recorded in the trail one at a time; latency from the commit of
 * the record to its arrival at the client (Kafka transit before the trail is
 * section 1's lag).
 */
export async function benchStream(databaseUrl: string): Promise<void> {
  const runs = Number(process.env.BENCH_STREAM_RECORDS ?? 200);
  const root = randomRootKey();
  const prefix = `bench_${Date.now().toString(36)}_`;
  const env = {
    IAM_MODE: 'distributed',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    IAM_SCHEMA_PREFIX: prefix,
    IAM_KEY_ENCRYPTION_KEYS: SecretBox.generateConfig('bench'),
    IAM_EVENT_KEYS: TEST_EVENT_KEYS,
    IAM_ROOT_ACCESS_KEY_ID: root.accessKeyId,
    IAM_ROOT_SECRET_ACCESS_KEY: root.secretAccessKey,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'fatal',
  };
  const identity = await bootstrapService({
    name: 'identity',
    modules: [AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }), IdentityModule],
    env,
  });
  const audit = await bootstrapService({
    name: 'audit',
    modules: [AuthModule.forRoot({ service: 'audit', consumeIdentityEvents: true }), AuditModule],
    env,
  });
  const db = new PgDatabase(databaseUrl);
  const abort = new AbortController();
  try {
    const url = new URL('/v1/audit/stream?eventName=Streamed', audit.url);
    let response: Response;
    for (;;) {
      response = await fetch(url, {
        headers: await signedHeaders(root, 'GET', url, {}),
        signal: abort.signal,
      });
      if (response.status === 200) break;
      await response.text();
      await sleep(100);
    }
    const accountId = (await (
      await fetch(new URL('/v1/me', identity.url), {
        headers: await signedHeaders(root, 'GET', new URL('/v1/me', identity.url), {}),
      })
    ).json()) as { account: string };
    const arrived = new Map<string, bigint>();
    void (async () => {
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        const now = process.hrtime.bigint();
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (data) arrived.set((JSON.parse(data) as { EventId: string }).EventId, now);
        }
      }
    })();
    const projection = new AuditTrailProjection(`${prefix}audit`);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const record = accessRecordEnvelope({ accountId: accountId.account, eventName: 'Streamed' });
      await applyBatchOnce(db, `${prefix}audit`, projection, [record]);
      const committed = process.hrtime.bigint();
      while (!arrived.has(record.eventId)) await sleep(1);
      samples.push(Number(arrived.get(record.eventId)! - committed) / 1e6);
      await sleep(Math.random() * 20);
    }
    samples.sort((a, b) => a - b);
    console.log(
      `stream delivery, recorded -> SSE client: p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))} (${runs} records; the feed polls chain heads every 50 ms: p99/poll interval ${(percentile(samples, 99) / 50).toFixed(2)})`,
    );
  } finally {
    abort.abort();
    await audit.close();
    await identity.close();
    await db.exec(
      `DROP SCHEMA IF EXISTS ${prefix}audit CASCADE; DROP SCHEMA IF EXISTS ${prefix}identity CASCADE;`,
    );
    await db.close();
  }
}
