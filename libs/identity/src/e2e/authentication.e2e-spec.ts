import { AuthorizationCache, CredentialCache } from '@iam/auth';
import { startIdentityTestApp, type IdentityTestApp } from './identity-test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Signed requests as an SDK sends them, against the identity service on real
 * Postgres, Redis and Kafka: who may call, and what every bad request gets.
 */
describe('identity over signed HTTP', () => {
  let t: IdentityTestApp;

  beforeAll(async () => {
    t = await startIdentityTestApp();
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('bootstraps a management account whose root can act in it', async () => {
    const me = await t.root.request('GET', '/v1/me');
    expect(me).toEqual({
      status: 200,
      body: {
        account: t.rootAccountId,
        arn: `arn:aws:iam::${t.rootAccountId}:root`,
        userId: t.rootAccountId,
      },
    });
    expect(t.rootAccountId).toMatch(/^\d{12}$/);
  });

  it('creates a user and an access key; the user authenticates but is denied until policies exist', async () => {
    const created = await t.root.request<Json>('POST', '/v1/users', {
      userName: 'alice',
      path: '/division/',
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      userName: 'alice',
      path: '/division/',
      arn: `arn:aws:iam::${t.rootAccountId}:user/division/alice`,
    });
    expect(created.body.user.userId).toMatch(/^AIDA[A-Z2-7]{17}$/);

    const key = await t.root.request<Json>('POST', '/v1/users/alice/access-keys');
    expect(key.status).toBe(201);
    expect(key.body.accessKey.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(key.body.accessKey.secretAccessKey).toHaveLength(40);

    const listed = await t.root.request<Json>('GET', '/v1/users/alice/access-keys');
    expect(JSON.stringify(listed.body)).not.toContain(key.body.accessKey.secretAccessKey);

    const alice = t.root.withCredentials(key.body.accessKey);
    expect((await alice.request<Json>('GET', '/v1/me')).body.arn).toBe(created.body.user.arn);
    const denied = await alice.request<Json>('POST', '/v1/users', { userName: 'mallory' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('AccessDenied');
    expect(denied.body.error.message).toBe(
      `User: ${created.body.user.arn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${t.rootAccountId}:user/mallory because no identity-based policy allows the iam:CreateUser action`,
    );

    // Deactivated: rejected at once in identity, which applies the credentials projection in the
    // command's transaction and lets no request be authenticated before its copy has caught up.
    const deactivated = await t.root.request(
      'PATCH',
      `/v1/users/alice/access-keys/${key.body.accessKey.accessKeyId}`,
      {
        status: 'Inactive',
      },
    );
    expect(deactivated.status).toBe(204);
    const rejected = await alice.request<Json>('GET', '/v1/me');
    expect(rejected.status).toBe(403);
    expect(rejected.body.error.code).toBe('InvalidClientTokenId');
  });

  it('rejects a tampered signature, an unknown key, a skewed clock and a missing signature', async () => {
    const tampered = await t.root.request<Json>('GET', '/v1/me', undefined, {
      tamper: (headers) => {
        headers['authorization'] = headers['authorization'].replace(
          /Signature=(.)/,
          (_, c) => `Signature=${c === 'a' ? 'b' : 'a'}`,
        );
      },
    });
    expect([tampered.status, tampered.body.error.code]).toEqual([403, 'SignatureDoesNotMatch']);

    const wrongSecret = t.root.withCredentials({
      accessKeyId: t.rootKey.accessKeyId,
      secretAccessKey: 'x'.repeat(40),
    });
    expect((await wrongSecret.request<Json>('GET', '/v1/me')).body.error.code).toBe('SignatureDoesNotMatch');

    const unknown = t.root.withCredentials({
      accessKeyId: 'AKIAAAAAAAAAAAAAAAAA',
      secretAccessKey: 'x'.repeat(40),
    });
    expect((await unknown.request<Json>('GET', '/v1/me')).body.error.code).toBe('InvalidClientTokenId');

    const skewed = await t.root.request<Json>('GET', '/v1/me', undefined, {
      signingDate: new Date(Date.now() - 20 * 60_000),
    });
    expect([skewed.status, skewed.body.error.code]).toEqual([403, 'RequestExpired']);

    const wrongService = await t.root.request<Json>('GET', '/v1/me', undefined, { service: 'sts' });
    expect(wrongService.body.error.code).toBe('SignatureDoesNotMatch');

    const unsigned = await fetch(`${t.app.url}/v1/users`);
    expect(unsigned.status).toBe(403);
    expect(((await unsigned.json()) as Json).error.code).toBe('MissingAuthenticationToken');
  });

  it('answers bad input with 400 naming the field, and loses nothing', async () => {
    const cases: [unknown, string][] = [
      [{ userName: 'has space' }, 'userName'],
      [{ userName: 'x'.repeat(65) }, 'userName'],
      [{ userName: 'bob', path: 'no-slashes' }, 'path'],
      [{ userName: 42 }, 'userName'],
      [{ userName: 'bob', unexpected: true }, 'unexpected'],
      [{ userName: 'bob', tags: [{ key: '', value: 'v' }] }, 'tags'],
    ];
    for (const [body, field] of cases) {
      const response = await t.root.request<Json>('POST', '/v1/users', body);
      expect({ body, status: response.status, code: response.body.error.code }).toEqual({
        body,
        status: 400,
        code: 'ValidationError',
      });
      expect(response.body.error.message).toContain(field);
    }
    const malformed = await fetch(`${t.app.url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(malformed.status).toBe(400);
    const users = await t.root.request<Json>('GET', '/v1/users');
    expect(users.body.users.map((u: Json) => u.userName)).toEqual(['alice']);
  });

  it('answers 404 NoSuchEntity and 409 for duplicates and conflicts', async () => {
    const missing = await t.root.request<Json>('GET', '/v1/users/nobody');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NoSuchEntity']);
    const duplicate = await t.root.request<Json>('POST', '/v1/users', { userName: 'ALICE' });
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, 'EntityAlreadyExists']);
    const conflict = await t.root.request<Json>('DELETE', '/v1/users/alice');
    expect([conflict.status, conflict.body.error.code]).toEqual([409, 'DeleteConflict']);
    expect(conflict.body.error.message).toContain('access keys');
  });

  it('keeps accounts apart: a member account cannot see or change the management account', async () => {
    const created = await t.root.request<Json>('POST', '/v1/accounts', { accountName: 'member' });
    expect(created.status).toBe(201);
    const memberRoot = t.root.withCredentials(created.body.rootAccessKey);
    const member = await memberRoot.request<Json>('GET', '/v1/me');
    expect(member.body.account).not.toBe(t.rootAccountId);

    expect((await memberRoot.request<Json>('GET', '/v1/users')).body.users).toEqual([]);
    expect((await memberRoot.request<Json>('GET', '/v1/users/alice')).status).toBe(404);
    expect((await memberRoot.request<Json>('DELETE', '/v1/users/alice')).status).toBe(404);
    const createAccount = await memberRoot.request<Json>('POST', '/v1/accounts', { accountName: 'nested' });
    expect(createAccount.status).toBe(403);
    // The same name in another account is another user.
    expect((await memberRoot.request<Json>('POST', '/v1/users', { userName: 'alice' })).status).toBe(201);
  });

  it('paginates with an opaque marker', async () => {
    for (const name of ['p1', 'p2', 'p3'])
      await t.root.request('POST', '/v1/users', { userName: name, path: '/pages/' });
    const first = await t.root.request<Json>('GET', '/v1/users?pathPrefix=/pages/&maxItems=2');
    expect(first.body.users.map((u: Json) => u.userName)).toEqual(['p1', 'p2']);
    expect(first.body.isTruncated).toBe(true);
    const second = await t.root.request<Json>(
      'GET',
      `/v1/users?pathPrefix=/pages/&maxItems=2&marker=${first.body.marker}`,
    );
    expect(second.body.users.map((u: Json) => u.userName)).toEqual(['p3']);
    expect(second.body.isTruncated).toBe(false);
    const bad = await t.root.request<Json>('GET', '/v1/users?maxItems=0');
    expect(bad.status).toBe(400);
  });
});

describe('a process whose in-memory data stops catching up', () => {
  let t: IdentityTestApp;

  beforeAll(async () => {
    t = await startIdentityTestApp({ IAM_MAX_STALENESS_MS: '1000' });
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('refuses requests with 503 once its data is older than IAM_MAX_STALENESS_MS, and serves again when caught up', async () => {
    expect((await t.root.request('GET', '/v1/me')).status).toBe(200);
    // As if the database had become unreachable: the in-memory copies stop catching up.
    const caches = [t.app.app.get(CredentialCache), t.app.app.get(AuthorizationCache)];
    for (const cache of caches) cache.stop();
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const refused = await t.root.request<Json>('GET', '/v1/me');
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('ServiceUnavailable');
    expect(refused.body.error.message).toContain('limit 1000 ms');
    // Public routes still answer (a load balancer's probes).
    expect((await fetch(`${t.app.url}/health/live`)).status).toBe(200);

    for (const cache of caches) cache.start(() => undefined);
    await Promise.all(caches.map((cache) => cache.refresh()));
    expect((await t.root.request('GET', '/v1/me')).status).toBe(200);
  });
});
