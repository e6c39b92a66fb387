import { randomUUID } from 'node:crypto';
import { newTemporaryCredentials, SecretBox, sealSession, SessionStore } from '@iam/auth';
import { PgDatabase } from '@iam/event-store';
import { eventually, randomRootKey, type SignedClient } from '@iam/testing';
import { RedisTtlStore } from '@iam/ttl-store';
import { startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FORM = 'application/x-www-form-urlencoded';

/**
 * What an access record covers beyond the happy path (distributed: identity,
 * policy, audit as separate services on real Postgres, Redis and Kafka): a
 * record links to exactly the events its call committed, through either door
 * and through the door's forwarding, and calls refused before any route ran
 * are recorded too, unauthenticated floods summarised.
 */
describe('access records: produced events and refusals before routing', () => {
  let s: DistributedServices;
  let db: PgDatabase;
  // Unique per run: the shared topic holds earlier runs' anonymous records.
  const agent = `coverage-${randomUUID()}`;
  const ua = (h: Record<string, string>) => (h['user-agent'] = agent);

  beforeAll(async () => {
    s = await startDistributedServices();
    db = new PgDatabase(s.infra.databaseUrl);
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await s?.stop();
  });

  const trail = () => `"${s.infra.schemaPrefix}audit".trail`;

  /** This run's access records matching `where`, once there are `count`. */
  async function records(where: string, params: unknown[], count = 1): Promise<Json[]> {
    return eventually(
      async () =>
        (
          await db.query<Json>(
            `SELECT * FROM ${trail()} WHERE kind = 'access' AND ${where}
                AND (account_id = $${params.length + 1} OR payload->>'userAgent' = $${params.length + 2})
              ORDER BY account_id, sequence`,
            [...params, s.accountId, agent],
          )
        ).rows,
      (rows) => rows.length >= count,
      // Generous: the first records wait for four services' consumers to start on a loaded machine.
      { timeoutMs: 60_000 },
    );
  }

  /** The ids identity's event store holds for the events of one request, in append order. */
  async function eventIdsOf(requestId: string): Promise<{ ids: string[]; types: string[] }> {
    const { rows } = await db.query<Json>(
      `SELECT event_id, event_type FROM "${s.infra.schemaPrefix}identity".events
        WHERE metadata->>'correlationId' = $1 ORDER BY global_position`,
      [requestId],
    );
    return { ids: rows.map((r) => String(r.event_id)), types: rows.map((r) => String(r.event_type)) };
  }

  const query = (client: SignedClient, body: string) =>
    client.requestRaw<string>('POST', '/', { body, contentType: FORM });

  describe('producedEventIds', () => {
    it('links CreateUser, through the JSON door, the Query door and a forwarded Query call, to exactly its UserCreated event', async () => {
      expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'link-json' })).status).toBe(201);
      expect(
        (await query(s.rootIdentity, 'Action=CreateUser&Version=2010-05-08&UserName=link-query')).status,
      ).toBe(200);
      // Sent to the policy service, which passes it to identity: identity runs it and records it.
      expect(
        (await query(s.rootPolicy, 'Action=CreateUser&Version=2010-05-08&UserName=link-forwarded')).status,
      ).toBe(200);
      for (const userName of ['link-json', 'link-query', 'link-forwarded']) {
        const [row] = await records(
          `event_name = 'CreateUser' AND error_code IS NULL AND payload->'requestParameters'->>'userName' = $1`,
          [userName],
        );
        const produced = await eventIdsOf(row.correlation_id);
        expect(produced.types).toEqual(['iam.identity.UserCreated']);
        expect(row.payload.producedEventIds).toEqual(produced.ids);
        const { rows: created } = await db.query<Json>(
          `SELECT event_id FROM "${s.infra.schemaPrefix}identity".events
            WHERE event_type = 'iam.identity.UserCreated' AND data->>'userName' = $1 AND account_id = $2`,
          [userName, s.accountId],
        );
        expect(row.payload.producedEventIds).toEqual(created.map((r) => String(r.event_id)));
      }
      // One record per call: the forwarding door records none of its own.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const forwarded = await records(
        `event_name = 'CreateUser' AND payload->'requestParameters'->>'userName' = 'link-forwarded'`,
        [],
      );
      expect(forwarded).toHaveLength(1);
    });

    it('links a read-only call and a refused call to no event', async () => {
      expect((await s.rootIdentity.request('GET', '/v1/users/link-json')).status).toBe(200);
      const [read] = await records(
        `event_name = 'GetUser' AND payload->'requestParameters'->>'userName' = 'link-json'`,
        [],
      );
      expect(read.payload.producedEventIds).toEqual([]);

      const user = await s.rootIdentity.request<Json>('POST', '/v1/users', { userName: 'link-nobody' });
      expect(user.status).toBe(201);
      const key = await s.rootIdentity.request<Json>('POST', '/v1/users/link-nobody/access-keys');
      const nobody = s.rootIdentity.withCredentials(key.body.accessKey);
      await eventually(
        async () => (await nobody.request('POST', '/v1/users', { userName: 'link-denied' })).status,
        (status) => status === 403,
      );
      const [denied] = await records(
        `error_code = 'AccessDenied' AND payload->'requestParameters'->>'userName' = 'link-denied'`,
        [],
      );
      expect(denied.payload.producedEventIds).toEqual([]);
      // A refused CreateUser of a name that exists: it ran and appended nothing.
      expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'link-json' })).status).toBe(409);
      const [conflict] = await records(
        `error_code = 'EntityAlreadyExists' AND payload->'requestParameters'->>'userName' = 'link-json'`,
        [],
      );
      expect(conflict.payload.producedEventIds).toEqual([]);
    });
  });

  describe('calls refused before any route ran', () => {
    /** The record (or the summary standing for it) of a refusal of this run. */
    async function refusal(eventName: string, errorCode: string): Promise<Json> {
      const [row] = await records(`event_name = $1 AND error_code = $2`, [eventName, errorCode]);
      return row;
    }

    const expectUnauthenticated = (row: Json, accessKeyId?: string) => {
      expect(row.account_id).toBe('anonymous');
      expect(row.payload.userIdentity).toEqual({
        type: 'Unknown',
        ...(accessKeyId ? { accessKeyId } : {}),
      });
      expect(row.payload.sourceIPAddress).toBe('127.0.0.1');
      expect(row.payload.userAgent).toBe(agent);
      expect(row.payload.errorMessage).toEqual(expect.any(String));
      expect(row.payload.errorMessage.length).toBeGreaterThan(0);
      expect(row.payload.producedEventIds).toEqual([]);
    };

    const unsigned = (path: string, init: { method?: string; body?: string; contentType?: string } = {}) =>
      fetch(new URL(path, s.identity.url), {
        method: init.method ?? 'GET',
        headers: {
          'user-agent': agent,
          ...(init.contentType ? { 'content-type': init.contentType } : {}),
        },
        body: init.body,
      }).then(async (r) => ({ status: r.status, body: await r.text() }));

    it('records a missing signature, a bad one, an unknown key and an expired token, never the signature', async () => {
      const signatures: string[] = [];
      const keep = (h: Record<string, string>) => {
        ua(h);
        signatures.push(/Signature=(\w+)/.exec(h.authorization)?.[1] ?? '');
      };
      expect((await unsigned('/v1/users/refused-missing')).status).toBe(403);
      expect(
        (
          await s.rootIdentity.request(
            'POST',
            '/v1/users',
            { userName: 'refused-bad' },
            {
              tamper: (h) => {
                h.authorization = h.authorization.replace(/Signature=\w{4}/, 'Signature=0000');
                keep(h);
              },
            },
          )
        ).status,
      ).toBe(403);
      const stranger = randomRootKey();
      expect(
        (
          await s.rootIdentity
            .withCredentials(stranger)
            .request('GET', '/v1/users', undefined, { tamper: keep })
        ).status,
      ).toBe(403);

      // A session as STS writes it, expired by the time it is used.
      const writer = new RedisTtlStore(s.infra.redisUrl);
      try {
        const credentials = newTemporaryCredentials();
        const now = Date.now();
        await new SessionStore(writer).put(
          sealSession(s.identity.app.get(SecretBox), credentials, {
            kind: 'federated-user',
            principal: {
              type: 'federated-user',
              accountId: s.accountId,
              arn: `arn:aws:sts::${s.accountId}:federated-user/expiring`,
              userId: `${s.accountId}:expiring`,
            },
            sessionPolicyArns: [],
            tags: {},
            transitiveTagKeys: [],
            mfaAuthenticated: false,
            issuedAt: new Date(now).toISOString(),
            expiresAt: new Date(now + 1000).toISOString(),
            chained: false,
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const expired = await s.rootIdentity
          .withCredentials(credentials)
          .request<Json>('GET', '/v1/users', undefined, { tamper: keep });
        expect([expired.status, expired.body.error?.code]).toEqual([403, 'ExpiredToken']);
        expectUnauthenticated(await refusal('ListUsers', 'ExpiredToken'), credentials.accessKeyId);
      } finally {
        await writer.close();
      }

      expectUnauthenticated(await refusal('GetUser', 'MissingAuthenticationToken'));
      expectUnauthenticated(
        await refusal('CreateUser', 'SignatureDoesNotMatch'),
        expect.stringMatching(/^AKIA/),
      );
      expectUnauthenticated(await refusal('ListUsers', 'InvalidClientTokenId'), stranger.accessKeyId);
      const all = JSON.stringify(await records(`payload->>'userAgent' = $1`, [agent]));
      for (const signature of signatures) expect(all).not.toContain(signature);
      expect(all).not.toContain(stranger.secretAccessKey);
    });

    it('records an unknown route, a malformed body and a refused content type, named as best known', async () => {
      const path = `/v1/no-such-route-${randomUUID()}`;
      expect((await unsigned(path)).status).toBe(404);
      const unknown = await refusal('UnknownOperation', 'NotFound');
      expectUnauthenticated(unknown);
      expect(unknown.payload.requestParameters).toEqual({ httpMethod: 'GET', path });

      // Signed, but refused before the guard could check it: named after its route.
      const malformed = await s.rootIdentity.requestRaw<Json>(
        'POST',
        '/v1/users',
        { body: '{"userName": ', contentType: 'application/json' },
        { tamper: ua },
      );
      expect(malformed.status).toBe(400);
      const bad = await refusal('CreateUser', malformed.body.error.code);
      expectUnauthenticated(bad, expect.stringMatching(/^AKIA/));

      const text = await s.rootIdentity.requestRaw<Json>(
        'POST',
        '/v1/groups',
        { body: 'groupName=x', contentType: 'text/plain' },
        { tamper: ua },
      );
      expect(text.status).toBe(415);
      expectUnauthenticated(
        await refusal('CreateGroup', 'UnsupportedMediaType'),
        expect.stringMatching(/^AKIA/),
      );
    });

    it('records an AWS Query call with no Action or an unknown one, signed (caller account) or not', async () => {
      const noAction = await unsigned('/', { method: 'POST', body: 'Version=2010-05-08', contentType: FORM });
      expect(noAction.status).toBe(400);
      expectUnauthenticated(await refusal('UnknownAction', 'MissingAction'));

      const anonymous = await unsigned('/', {
        method: 'POST',
        body: 'Action=StealEverything&Version=2010-05-08',
        contentType: FORM,
      });
      expect(anonymous.status).toBe(403);
      const [stolen] = await records(`event_name = 'StealEverything'`, []);
      expect(stolen.account_id).toBe('anonymous');
      expect(stolen.error_code).toEqual(expect.any(String));

      const signed = await s.rootIdentity.requestRaw<string>(
        'POST',
        '/',
        { body: 'Action=DoNothingAtAll&Version=2010-05-08', contentType: FORM },
        { tamper: ua },
      );
      expect(signed.status).toBe(400);
      const [invalid] = await records(`event_name = 'DoNothingAtAll' AND error_code = 'InvalidAction'`, []);
      expect(invalid).toMatchObject({
        account_id: s.accountId,
        principal_arn: `arn:aws:iam::${s.accountId}:root`,
      });
    });

    it('summarises an unauthenticated flood: at most 10 full records per source a minute, every call counted', async () => {
      const calls = 25;
      const path = `/v1/flood-${randomUUID()}`;
      const flood = (init: RequestInit) =>
        // Audit's process: no refusal of its own this minute (policy's took the start-up's retries).
        fetch(new URL(path, s.audit.url), init).then((r) => r.status);
      const statuses = await Promise.all(
        Array.from({ length: calls }, () => flood({ headers: { 'user-agent': agent } })),
      );
      expect(statuses.every((status) => status === 404)).toBe(true);
      // Summaries are written once their minute is over.
      const rows = await eventually(
        async () =>
          (
            await db.query<Json>(
              `SELECT * FROM ${trail()} WHERE kind = 'access' AND payload->>'userAgent' = $1
                  AND payload->'requestParameters'->>'path' = $2`,
              [agent, path],
            )
          ).rows,
        (found) =>
          found.reduce((n, r) => n + Number(r.payload.additionalEventData?.summarizedCalls ?? 1), 0) >= calls,
        { timeoutMs: 100_000, intervalMs: 1000 },
      );
      const full = rows.filter((r) => r.payload.additionalEventData?.sampled !== true);
      const summaries = rows.filter((r) => r.payload.additionalEventData?.sampled === true);
      const minutes = new Set(full.map((r) => String(r.payload.eventTime).slice(0, 16)));
      expect(full.length).toBeGreaterThan(0);
      expect(full.length).toBeLessThanOrEqual(10 * minutes.size);
      expect(summaries.length).toBeGreaterThan(0);
      expect(
        full.length + summaries.reduce((n, r) => n + r.payload.additionalEventData.summarizedCalls, 0),
      ).toBe(calls);
      expect(summaries[0].payload).toMatchObject({
        eventName: 'UnknownOperation',
        errorCode: 'NotFound',
        sourceIPAddress: '127.0.0.1',
      });
    }, 150_000);
  });
});
