import { SecretBox, SessionStore, type SessionFacts } from '@iam/auth';
import { StsEventTypes, Topics, type StsEvent } from '@iam/contracts';
import {
  AppendedEventIds,
  collectAppendedEvents,
  PgDatabase,
  PostgresEventStore,
  eventStoreMigrations,
  runMigrations,
} from '@iam/event-store';
import { Metrics } from '@iam/platform';
import { dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { RedisTtlStore } from '@iam/ttl-store';
import { StsStreams } from '../shared/sts-streams';
import { SessionIssuer } from './session-issuer';

function roleSessionFacts(overrides: Partial<SessionFacts> = {}): SessionFacts {
  const now = Date.now();
  return {
    kind: 'assumed-role',
    principal: {
      type: 'assumed-role',
      accountId: '111122223333',
      arn: 'arn:aws:sts::111122223333:assumed-role/Deployer/build-42',
      userId: 'AROAEXAMPLEEXAMPLEEXA:build-42',
    },
    role: {
      roleId: 'AROAEXAMPLEEXAMPLEEXA',
      arn: 'arn:aws:iam::111122223333:role/Deployer',
      roleName: 'Deployer',
      sessionName: 'build-42',
    },
    issuedTo: { userId: 'AIDAEXAMPLEEXAMPLEEXA', accessKeyId: 'AKIAEXAMPLEEXAMPLEEX' },
    sessionPolicyArns: [],
    tags: {},
    transitiveTagKeys: [],
    mfaAuthenticated: false,
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 3600_000).toISOString(),
    chained: false,
    ...overrides,
  };
}

const origin = {
  actorArn: 'arn:aws:iam::111122223333:user/alice',
  requestId: 'req-1',
  sourceIp: '203.0.113.7',
  userAgent: 'aws-sdk-js/3',
};

describe('SessionIssuer on real Postgres and Redis', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let store: PostgresEventStore;
  let redis: RedisTtlStore;
  const box = new SecretBox([{ id: 'test', key: Buffer.alloc(32, 3) }]);

  beforeAll(async () => {
    infra = await testInfrastructure();
    const schema = `${infra.schemaPrefix}sts`;
    db = new PgDatabase(infra.databaseUrl);
    await runMigrations(db, schema, eventStoreMigrations);
    store = new PostgresEventStore(db, { schema, topic: Topics.sts });
    redis = new RedisTtlStore(infra.redisUrl, `${infra.schemaPrefix}:`);
  });

  afterAll(async () => {
    await redis.close();
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  it('stores the sealed session and appends SessionIssued without the secret or the token', async () => {
    const sessions = new SessionStore(redis);
    const issuer = new SessionIssuer(store, sessions, box, new Metrics({ service: 'test' }));
    const facts = roleSessionFacts({
      sourceIdentity: 'alice',
      tags: { team: 'a' },
      sessionPolicy: '{"x":1}',
    });

    const { credentials, session } = await issuer.issue(facts, origin, 'AssumeRole');

    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(credentials.expiration).toBe(facts.expiresAt);
    const found = await sessions.find(credentials.accessKeyId);
    expect(found?.session).toEqual(session);
    expect(box.open(found!.session.sealedSecret, credentials.accessKeyId)).toBe(credentials.secretAccessKey);

    const events = await store.readStream<StsEvent>(StsStreams.session(credentials.accessKeyId));
    expect(events).toHaveLength(1);
    const [issued] = events;
    expect(issued.type).toBe(StsEventTypes.SessionIssued);
    expect(issued.accountId).toBe(facts.principal.accountId);
    expect(issued.actorArn).toBe(origin.actorArn);
    expect(issued.payload).toMatchObject({
      accessKeyId: credentials.accessKeyId,
      kind: 'assumed-role',
      roleArn: facts.role!.arn,
      sessionName: 'build-42',
      sourceIdentity: 'alice',
      sessionTags: [{ key: 'team', value: 'a' }],
      inlinePolicy: true,
      sourceIp: origin.sourceIp,
      userAgent: origin.userAgent,
    });
    const published = JSON.stringify(issued);
    expect(published).not.toContain(credentials.secretAccessKey);
    expect(published).not.toContain(credentials.sessionToken);
    expect(published).not.toContain(session.tokenSha256);
    expect(published).not.toContain(session.sealedSecret);
  });

  it('group-commits issuances that arrive together: each caller its own session and event, fewer transactions', async () => {
    const sessions = new SessionStore(redis);
    const issuer = new SessionIssuer(store, sessions, box, new Metrics({ service: 'test' }));
    // Each call with its own sink, as each request has (the access record's producedEventIds).
    const sinks = Array.from({ length: 20 }, () => new AppendedEventIds());
    const issued = await Promise.all(
      sinks.map((sink, i) =>
        collectAppendedEvents(sink, () =>
          issuer.issue(
            roleSessionFacts({ sourceIdentity: `caller-${i}` }),
            {
              ...origin,
              requestId: `req-${i}`,
            },
            'AssumeRole',
          ),
        ),
      ),
    );
    expect(new Set(issued.map((i) => i.credentials.accessKeyId)).size).toBe(20);
    for (const [i, { credentials }] of issued.entries()) {
      const found = await sessions.find(credentials.accessKeyId);
      expect(found?.session.sourceIdentity).toBe(`caller-${i}`);
      const [event] = await store.readStream<StsEvent>(StsStreams.session(credentials.accessKeyId));
      expect(event).toMatchObject({ streamVersion: 1, correlationId: `req-${i}` });
      // Written in a batch with the others, yet told to its own call only.
      expect(sinks[i].ids).toEqual([event.eventId]);
      expect(event.payload).toMatchObject({
        accessKeyId: credentials.accessKeyId,
        sourceIdentity: `caller-${i}`,
      });
    }
    const { rows } = await db.query<{ transactions: number }>(
      `SELECT count(DISTINCT transaction_id)::int AS transactions FROM "${infra.schemaPrefix}sts".events
       WHERE stream_id = ANY($1)`,
      [issued.map((i) => StsStreams.session(i.credentials.accessKeyId))],
    );
    expect(rows[0].transactions).toBeLessThan(20);
  });

  it('issues nothing, and records nothing, when the session store cannot be reached', async () => {
    // A real client of a Redis that is not there (nothing listens on port 1).
    const unreachable = new RedisTtlStore('redis://127.0.0.1:1', 'nowhere:');
    const before = await store.readAll(0, 10_000);
    const issuer = new SessionIssuer(
      store,
      new SessionStore(unreachable),
      box,
      new Metrics({ service: 'test' }),
    );
    await expect(issuer.issue(roleSessionFacts(), origin, 'AssumeRole')).rejects.toMatchObject({
      code: 'ServiceUnavailable',
    });
    const after = await store.readAll(0, 10_000);
    expect(after.events.length).toBe(before.events.length);
    await unreachable.close();
  });
});
