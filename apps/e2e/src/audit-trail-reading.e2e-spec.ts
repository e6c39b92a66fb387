import { AuditTrailProjection, chainedFields, trailHash } from '@iam/audit';
import type { AccessRecordEnvelope } from '@iam/contracts';
import { applyBatchOnce, PgDatabase } from '@iam/event-store';
import {
  accessRecordEnvelope,
  eventually,
  signedHeaders,
  SignedClient,
  type AccessRecordSpec,
  type Credentials,
} from '@iam/testing';
import { rootKey, startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

/** One SSE connection read as it arrives: the events so far, and the way to stop. */
interface SseReader {
  status: number;
  contentType: string | null;
  events: { id: string; data: Json }[];
  close(): void;
}

/** A signed GET of an event stream, read incrementally (as a dashboard's fetch would, no EventSource needed). */
async function openStream(url: string, credentials: Credentials, lastEventId?: string): Promise<SseReader> {
  const target = new URL(url);
  const headers = await signedHeaders(credentials, 'GET', target, {});
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const abort = new AbortController();
  const response = await fetch(target, { headers, signal: abort.signal });
  const reader: SseReader = {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events: [],
    close: () => abort.abort(),
  };
  if (response.status !== 200 || !response.body) {
    await response.text().catch(() => undefined);
    return reader;
  }
  const body = response.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await body.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (id !== undefined && data !== undefined) reader.events.push({ id, data: JSON.parse(data) });
      }
    }
  })();
  return reader;
}

/**
 * Reading the audit trail over signed HTTP (distributed mode, real Postgres
 * and Kafka): LookupEvents's filters and pages, the live stream resumed
 * with Last-Event-ID, the JSON Lines export, and who may read which
 * account's trail. Access records are applied through the trail projection
 * as audit's consumer of `iam.access.v1` will apply them.
 */
describe('audit: reading the trail', () => {
  let s: DistributedServices;
  let db: PgDatabase;
  let audit: SignedClient;
  let member: { accountId: string; audit: SignedClient; credentials: Credentials };
  let clerk: { audit: SignedClient; credentials: Credentials };
  const projection = () => new AuditTrailProjection(`${s.infra.schemaPrefix}audit`);
  const record = async (...specs: AccessRecordSpec[]): Promise<AccessRecordEnvelope[]> => {
    const envelopes = specs.map(accessRecordEnvelope);
    await applyBatchOnce(db, `${s.infra.schemaPrefix}audit`, projection(), envelopes);
    return envelopes;
  };
  const lookup = (client: SignedClient, query: Record<string, string>) =>
    client.request<Json>('GET', `/v1/audit/events?${new URLSearchParams(query)}`);

  beforeAll(async () => {
    s = await startDistributedServices();
    db = new PgDatabase(s.infra.databaseUrl);
    audit = new SignedClient(s.audit.url, rootKey);
    const created = await s.rootIdentity.request<Json>('POST', '/v1/accounts', {
      accountName: 'audited-member',
    });
    expect(created.status).toBe(201);
    member = {
      accountId: created.body.account.accountId,
      audit: audit.withCredentials(created.body.rootAccessKey),
      credentials: created.body.rootAccessKey,
    };
    expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'clerk' })).status).toBe(201);
    const key = await s.rootIdentity.request<Json>('POST', '/v1/users/clerk/access-keys');
    clerk = { audit: audit.withCredentials(key.body.accessKey), credentials: key.body.accessKey };
    // Audit knows the new keys once identity's events have reached its credentials, and that the
    // management account created the member once its trail has chained AccountCreated (a consumer
    // of its own, which may come later on a loaded machine).
    await eventually(
      async () => [
        (await lookup(member.audit, {})).status,
        (await lookup(clerk.audit, {})).status,
        (await lookup(audit, { accountId: member.accountId })).status,
      ],
      ([a, b, c]) => a === 200 && b === 403 && c === 200,
      { timeoutMs: 60_000 },
    );
    // Four services' consumers start slowly on a loaded 2-core machine.
  }, 180_000);

  afterAll(async () => {
    await db?.close();
    await s?.stop();
  });

  it('finds access records by each LookupEvents attribute, in CloudTrail’s shape, newest first', async () => {
    // Two days back: the test's own calls (now) are in this account's trail too, outside every window here.
    const ago = (n: number) => minutesAgo(n + 2 * 24 * 60);
    const a = s.accountId;
    const [createUser, denied, assumed, listed] = await record(
      {
        accountId: a,
        eventName: 'CreateUser',
        caller: { kind: 'user', userName: 'admin' },
        accessKeyId: 'AKIAADMINKEY0000001',
        resources: [{ ARN: `arn:aws:iam::${a}:user/bob`, type: 'AWS::IAM::User' }],
        requestParameters: { userName: 'bob' },
        eventTime: ago(30),
      },
      {
        accountId: a,
        eventName: 'DeleteRole',
        caller: { kind: 'user', userName: 'intruder' },
        errorCode: 'AccessDenied',
        resources: [{ ARN: `arn:aws:iam::${a}:role/Ops`, type: 'AWS::IAM::Role' }],
        eventTime: ago(20),
      },
      {
        accountId: a,
        eventName: 'AssumeRole',
        eventSource: 'sts.amazonaws.com',
        caller: { kind: 'role', roleName: 'Deployer', sessionName: 'ci-run' },
        resources: [{ ARN: `arn:aws:iam::${a}:role/Ops`, type: 'AWS::IAM::Role' }],
        eventTime: ago(10),
      },
      { accountId: a, eventName: 'ListUsers', caller: { kind: 'root' }, eventTime: ago(5) },
    );
    const ids = async (query: Record<string, string>) => {
      // Up to a minute ago: the test's own calls are recorded in this account's trail too, now.
      const response = await lookup(audit, {
        startTime: ago(40).toISOString(),
        endTime: ago(1).toISOString(),
        ...query,
      });
      expect(response.status).toBe(200);
      return (response.body.Events as Json[]).map((e) => e.EventId);
    };
    expect(await ids({})).toEqual([listed, assumed, denied, createUser].map((e) => e.eventId));
    expect(await ids({ eventName: 'CreateUser' })).toEqual([createUser.eventId]);
    expect(await ids({ userName: 'intruder' })).toEqual([denied.eventId]);
    expect(await ids({ userName: 'ci-run' })).toEqual([assumed.eventId]);
    expect(await ids({ userName: 'root' })).toEqual([listed.eventId]);
    expect(await ids({ principalArn: `arn:aws:iam::${a}:user/admin` })).toEqual([createUser.eventId]);
    expect(await ids({ resourceArn: `arn:aws:iam::${a}:role/Ops` })).toEqual([
      assumed.eventId,
      denied.eventId,
    ]);
    expect(await ids({ resourceType: 'AWS::IAM::User' })).toEqual([createUser.eventId]);
    expect(await ids({ accessKeyId: 'AKIAADMINKEY0000001' })).toEqual([createUser.eventId]);
    expect(await ids({ eventSource: 'sts.amazonaws.com' })).toEqual([assumed.eventId]);
    expect(await ids({ readOnly: 'true' })).toEqual([listed.eventId]);
    expect(await ids({ errorCode: 'AccessDenied' })).toEqual([denied.eventId]);
    expect(await ids({ startTime: ago(25).toISOString(), endTime: ago(7).toISOString() })).toEqual([
      assumed.eventId,
      denied.eventId,
    ]);
    expect(await ids({ eventName: 'DeleteRole', resourceType: 'AWS::IAM::Role' })).toEqual([denied.eventId]);
    expect(await ids({ eventId: createUser.eventId })).toEqual([createUser.eventId]);

    const one = (await lookup(audit, { eventId: createUser.eventId })).body.Events[0];
    expect(one).toEqual({
      EventId: createUser.eventId,
      EventName: 'CreateUser',
      ReadOnly: 'false',
      AccessKeyId: 'AKIAADMINKEY0000001',
      EventTime: createUser.occurredAt,
      EventSource: 'iam.amazonaws.com',
      Username: 'admin',
      Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: `arn:aws:iam::${a}:user/bob` }],
      CloudTrailEvent: expect.any(String),
    });
    expect(JSON.parse(one.CloudTrailEvent)).toEqual({ ...createUser.payload, eventID: createUser.eventId });
  });

  it('pages with maxItems and marker, newest first, each record once', async () => {
    const a = s.accountId;
    const base = minutesAgo(60 * 24);
    const written = await record(
      ...Array.from({ length: 7 }, (_, i) => ({
        accountId: a,
        eventName: 'PagedCall',
        eventTime: new Date(base.getTime() + (i % 3) * 1000), // equal times: the chain position breaks ties
      })),
    );
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const response = await lookup(audit, {
        eventName: 'PagedCall',
        maxItems: '3',
        ...(marker ? { marker } : {}),
      });
      expect(response.status).toBe(200);
      seen.push(...(response.body.Events as Json[]).map((e) => e.EventId));
      expect(response.body.isTruncated).toBe(response.body.marker !== undefined);
      marker = response.body.marker;
      pages++;
    } while (marker);
    expect(pages).toBe(3);
    const newestFirst = [...written]
      .map((e, i) => ({ e, i }))
      .sort((x, y) => y.e.occurredAt.localeCompare(x.e.occurredAt) || y.i - x.i)
      .map(({ e }) => e.eventId);
    expect(seen).toEqual(newestFirst);
  });

  it('refuses bad filters with 400 naming the parameter', async () => {
    const refused = async (query: Record<string, string>, code: string, names: string) => {
      const response = await lookup(audit, query);
      expect([response.status, response.body.error.code]).toEqual([400, code]);
      expect(response.body.error.message).toContain(names);
    };
    await refused({ readOnly: 'maybe' }, 'ValidationError', 'readOnly');
    await refused({ startTime: 'yesterday' }, 'ValidationError', 'startTime');
    await refused({ eventId: 'not-a-uuid' }, 'ValidationError', 'eventId');
    await refused({ maxItems: '0' }, 'ValidationError', 'maxItems');
    await refused({ marker: 'bm90IGEgbWFya2Vy' }, 'ValidationError', 'marker');
    await refused({ colour: 'red' }, 'ValidationError', 'colour');
    await refused({ accountId: 'abc' }, 'ValidationError', 'accountId');
    await refused({ eventName: 'a\u0000b' }, 'ValidationError', 'eventName');
    await refused({ resourceArn: 'x'.repeat(2049) }, 'ValidationError', 'resourceArn');
    await refused(
      { startTime: minutesAgo(1).toISOString(), endTime: minutesAgo(10).toISOString() },
      'InvalidTimeRangeException',
      'startTime',
    );
  });

  it('keeps each account to its own trail; the management account reads its members’', async () => {
    const [mine] = await record({ accountId: member.accountId, eventName: 'MemberCall' });
    const own = await lookup(member.audit, { eventName: 'MemberCall' });
    expect(own.body.Events.map((e: Json) => e.EventId)).toEqual([mine.eventId]);
    expect((await lookup(member.audit, { eventName: 'CreateUser' })).body.Events).toEqual([]);

    const intoManagement = await lookup(member.audit, { accountId: s.accountId });
    expect([intoManagement.status, intoManagement.body.error.code]).toEqual([403, 'AccessDenied']);
    expect(intoManagement.body.error.message).toContain(
      `cloudtrail:LookupEvents on resource: arn:aws:cloudtrail::${s.accountId}:trail/iam-audit`,
    );
    const exported = await member.audit.request<Json>(
      'GET',
      `/v1/audit/export?accountId=${s.accountId}&startTime=${minutesAgo(60).toISOString()}&endTime=${new Date().toISOString()}`,
    );
    expect([exported.status, exported.body.error.code]).toEqual([403, 'AccessDenied']);

    const byManagement = await lookup(audit, { accountId: member.accountId, eventName: 'MemberCall' });
    expect(byManagement.status).toBe(200);
    expect(byManagement.body.Events.map((e: Json) => e.EventId)).toEqual([mine.eventId]);
  });

  it('refuses a user of the account without the permission, then allows it once a policy grants it', async () => {
    const refused = await lookup(clerk.audit, {});
    expect([refused.status, refused.body.error.code]).toEqual([403, 'AccessDenied']);
    const stream = await openStream(`${s.audit.url}/v1/audit/stream`, clerk.credentials);
    expect(stream.status).toBe(403);

    const granted = await s.rootPolicy.request('PUT', '/v1/users/clerk/policies/ReadTrails', {
      policyDocument: doc({
        Effect: 'Allow',
        Action: 'cloudtrail:LookupEvents',
        Resource: 'arn:aws:cloudtrail:*:*:trail/*',
      }),
    });
    expect(granted.status).toBe(204);
    await eventually(
      async () => (await lookup(clerk.audit, {})).status,
      (status) => status === 200,
      { timeoutMs: 30_000 },
    );
    // A user of the management account with the identity policy reads a member's trail too (the trail trusts it).
    expect((await lookup(clerk.audit, { accountId: member.accountId })).status).toBe(200);
    // Only the action granted: the stream is another.
    expect((await openStream(`${s.audit.url}/v1/audit/stream`, clerk.credentials)).status).toBe(403);
  });

  it('streams new matching rows as they are recorded, resumable with Last-Event-ID', async () => {
    const url = `${s.audit.url}/v1/audit/stream?eventName=Streamed`;
    const first = await openStream(url, rootKey);
    expect([first.status, first.contentType]).toEqual([200, 'text/event-stream; charset=utf-8']);
    try {
      const [a, , c] = await record(
        { accountId: s.accountId, eventName: 'Streamed' },
        { accountId: s.accountId, eventName: 'NotStreamed' },
        { accountId: s.accountId, eventName: 'Streamed' },
      );
      await record({ accountId: member.accountId, eventName: 'Streamed' });
      const events = await eventually(
        async () => first.events,
        (e) => e.length >= 2,
      );
      expect(events.map((e) => e.data.EventId)).toEqual([a.eventId, c.eventId]);
      expect(events[0].data).toMatchObject({
        Kind: 'access',
        EventName: 'Streamed',
        EventSource: 'iam.amazonaws.com',
      });
      expect(Number(events[1].id)).toBeGreaterThan(Number(events[0].id));

      first.close();
      const [d] = await record({ accountId: s.accountId, eventName: 'Streamed' });
      const resumed = await openStream(url, rootKey, events[0].id);
      try {
        const replayed = await eventually(
          async () => resumed.events,
          (e) => e.length >= 2,
        );
        expect(replayed.map((e) => e.data.EventId)).toEqual([c.eventId, d.eventId]);
      } finally {
        resumed.close();
      }
    } finally {
      first.close();
    }
  });

  it('streams domain events with kind=event', async () => {
    const stream = await openStream(`${s.audit.url}/v1/audit/stream?kind=event`, rootKey);
    try {
      expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'streamed-user' })).status).toBe(
        201,
      );
      const events = await eventually(
        async () => stream.events,
        (e) => e.some((x) => x.data.EventType === 'iam.identity.UserCreated'),
        { timeoutMs: 30_000 },
      );
      const created = events.find((x) => x.data.EventType === 'iam.identity.UserCreated')!;
      expect(created.data).toMatchObject({ Kind: 'event', Payload: { userName: 'streamed-user' } });
      expect(events.every((x) => x.data.Kind === 'event')).toBe(true);
    } finally {
      stream.close();
    }
    const bad = await openStream(`${s.audit.url}/v1/audit/stream?kind=everything`, rootKey);
    expect(bad.status).toBe(400);
  });

  it('exports a time range as JSON Lines in chain order, each line verifiable against the one before', async () => {
    const start = new Date(Date.now() - 1000);
    await record(
      { accountId: s.accountId, eventName: 'Exported' },
      { accountId: s.accountId, eventName: 'Exported', errorCode: 'NoSuchEntity' },
    );
    const end = new Date(Date.now() + 1000);
    const url = new URL(
      `/v1/audit/export?startTime=${start.toISOString()}&endTime=${end.toISOString()}&eventName=Exported`,
      s.audit.url,
    );
    const response = await fetch(url, { headers: await signedHeaders(rootKey, 'GET', url, {}) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await response.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.payload.eventName)).toEqual(['Exported', 'Exported']);
    expect(lines[1].sequence).toBeGreaterThan(lines[0].sequence);
    for (const line of lines) {
      const { previousHash, hash, kind, recordedAt, ...fields } = line;
      expect(kind).toBe('access');
      expect(recordedAt).toEqual(expect.any(String));
      const envelope = {
        ...fields,
        type: fields.eventType,
      } as unknown as AccessRecordEnvelope;
      expect(trailHash(previousHash, chainedFields(envelope, fields.sequence))).toBe(hash);
    }

    const missing = await audit.request<Json>('GET', `/v1/audit/export?startTime=${start.toISOString()}`);
    expect([missing.status, missing.body.error.code]).toEqual([400, 'ValidationError']);
    expect(missing.body.error.message).toContain('endTime');
  });

  it('serves the AsyncAPI document of the topics at /docs/asyncapi.json on every service, linked from /docs', async () => {
    for (const service of [s.identity, s.policy, s.audit]) {
      const response = await fetch(`${service.url}/docs/asyncapi.json`);
      expect(response.status).toBe(200);
      const document = (await response.json()) as Json;
      expect(document.asyncapi).toBe('3.0.0');
      expect(document.components.messages['iam.identity.UserCreated'].name).toBe('iam.identity.UserCreated');
      expect(document.components.messages.AwsApiCall.payload.allOf[1].properties.payload).toEqual({
        $ref: '#/components/schemas/AccessRecord',
      });
      const docs = await fetch(`${service.url}/docs-json`);
      expect(JSON.stringify(await docs.json())).toContain('/docs/asyncapi.json');
    }
  });
});
