import { newTemporaryCredentials, SecretBox, sealSession, SessionStore, type SessionFacts } from '@iam/auth';
import { eventually, startTcpProxy, type Credentials, type SignedClient, type TcpProxy } from '@iam/testing';
import { RedisTtlStore } from '@iam/ttl-store';
import { startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const trust = doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' });

/**
 * Temporary credentials on the identity service as STS will hand them out:
 * the session record is written straight into Redis with SessionStore (STS's
 * side), requests are signed by the SDK's signer with the session token.
 * Redis reaches the services through a proxy the last test cuts.
 */
describe('temporary credentials (ASIA…) on every route (distributed, real Redis)', () => {
  let proxy: TcpProxy;
  let s: DistributedServices;
  let writer: RedisTtlStore;
  let sts: SessionStore;
  let box: SecretBox;
  let role: { roleId: string; arn: string };
  let alice: { userId: string; arn: string; key: Credentials };

  /** What STS will do: fresh credentials, the record sealed and put in Redis. */
  async function issue(facts: Partial<SessionFacts> = {}, lifetimeMs = 3600_000): Promise<SignedClient> {
    return (await issueCredentials(facts, lifetimeMs)).client;
  }

  async function issueCredentials(
    facts: Partial<SessionFacts> = {},
    lifetimeMs = 3600_000,
  ): Promise<{ client: SignedClient; credentials: Credentials }> {
    const now = Date.now();
    const credentials = newTemporaryCredentials();
    const sessionName = 'build-42';
    await sts.put(
      sealSession(box, credentials, {
        kind: 'assumed-role',
        principal: {
          type: 'assumed-role',
          accountId: s.accountId,
          arn: `arn:aws:sts::${s.accountId}:assumed-role/Deployer/${sessionName}`,
          userId: `${role.roleId}:${sessionName}`,
        },
        role: { roleId: role.roleId, arn: role.arn, roleName: 'Deployer', sessionName },
        issuedTo: { userId: alice.userId, accessKeyId: alice.key.accessKeyId },
        sessionPolicyArns: [],
        tags: {},
        transitiveTagKeys: [],
        mfaAuthenticated: false,
        issuedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + lifetimeMs).toISOString(),
        chained: false,
        ...facts,
      }),
    );
    return { client: s.rootIdentity.withCredentials(credentials), credentials };
  }

  const code = (response: { body: unknown }) => (response.body as Json).error?.code as string | undefined;

  beforeAll(async () => {
    const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    proxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379));
    s = await startDistributedServices({ REDIS_URL: `redis://${proxy.address}` });
    writer = new RedisTtlStore(s.infra.redisUrl);
    sts = new SessionStore(writer);
    box = s.identity.app.get(SecretBox);

    const created = await s.rootIdentity.request<Json>('POST', '/v1/roles', {
      roleName: 'Deployer',
      assumeRolePolicyDocument: trust,
      tags: [{ key: 'team', value: 'red' }],
    });
    expect(created.status).toBe(201);
    role = created.body.role;
    // The policy service learns of the role over Kafka.
    await eventually(
      async () =>
        (
          await s.rootPolicy.request('PUT', '/v1/roles/Deployer/policies/Work', {
            policyDocument: doc(
              { Effect: 'Allow', Action: ['iam:ListUsers', 'iam:ListRoles'], Resource: '*' },
              {
                Effect: 'Allow',
                Action: 'iam:GetUser',
                Resource: '*',
                Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
              },
            ),
          })
        ).status,
      (status) => status === 204,
      { timeoutMs: 30_000 },
    );
    const user = await s.rootIdentity.request<Json>('POST', '/v1/users', { userName: 'alice' });
    const key = await s.rootIdentity.request<Json>('POST', '/v1/users/alice/access-keys');
    alice = { userId: user.body.user.userId, arn: user.body.user.arn, key: key.body.accessKey };
    // The role's inline policy reaches identity's authorization projection over Kafka.
    const session = await issue();
    await eventually(
      async () => (await session.request('GET', '/v1/users')).status,
      (status) => status === 200,
      { timeoutMs: 30_000 },
    );
  }, 120_000);

  afterAll(async () => {
    await writer?.close();
    await s?.stop();
    await proxy?.close();
  });

  it('authenticates as the assumed role and is authorized with its policies', async () => {
    const session = await issue();
    expect((await session.request<Json>('GET', '/v1/me')).body).toEqual({
      account: s.accountId,
      arn: `arn:aws:sts::${s.accountId}:assumed-role/Deployer/build-42`,
      userId: `${role.roleId}:build-42`,
    });
    expect((await session.request('GET', '/v1/roles')).status).toBe(200);
    const denied = await session.request<Json>('POST', '/v1/users', { userName: 'mallory' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      `User: arn:aws:sts::${s.accountId}:assumed-role/Deployer/build-42 is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${s.accountId}:user/mallory because no identity-based policy allows the iam:CreateUser action`,
    );
  });

  it('refuses a missing or wrong session token, and one sent without being signed', async () => {
    const { credentials } = await issueCredentials();
    const without = s.rootIdentity.withCredentials({ ...credentials, sessionToken: undefined });
    const wrong = s.rootIdentity.withCredentials({
      ...credentials,
      sessionToken: newTemporaryCredentials().sessionToken,
    });
    for (const client of [without, wrong]) {
      const refused = await client.request<Json>('GET', '/v1/me');
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({
        code: 'InvalidClientTokenId',
        message: 'The security token included in the request is invalid.',
      });
    }
    const unsigned = await without.request<Json>('GET', '/v1/me', undefined, {
      tamper: (headers) => {
        headers['x-amz-security-token'] = credentials.sessionToken as string;
      },
    });
    expect(unsigned.status).toBe(403);
    expect(code(unsigned)).toBe('IncompleteSignature');
  });

  it('stops working the second it expires, with ExpiredToken', async () => {
    const session = await issue({}, 2000);
    expect((await session.request('GET', '/v1/me')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const expired = await session.request<Json>('GET', '/v1/me');
    expect(expired.status).toBe(403);
    expect(expired.body.error).toMatchObject({
      code: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
  });

  it('ends every session of a role issued before a revocation at once, and not later ones; one session by its id', async () => {
    const before = await issue();
    const other = await issue();
    expect((await before.request('GET', '/v1/me')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await sts.revokeIssuedBefore(role.roleId, Date.now());
    expect(code(await before.request('GET', '/v1/me'))).toBe('InvalidClientTokenId');
    expect(code(await other.request('GET', '/v1/me'))).toBe('InvalidClientTokenId');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { client: after, credentials } = await issueCredentials();
    expect((await after.request('GET', '/v1/me')).status).toBe(200);
    await sts.revokeSession(credentials.accessKeyId);
    expect(code(await after.request('GET', '/v1/me'))).toBe('InvalidClientTokenId');
  });

  it("narrows the role's permissions to the session policy", async () => {
    const session = await issue({
      sessionPolicy: doc({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }),
    });
    expect((await session.request('GET', '/v1/roles')).status).toBe(200);
    const denied = await session.request<Json>('GET', '/v1/users');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      `User: arn:aws:sts::${s.accountId}:assumed-role/Deployer/build-42 is not authorized to perform: iam:ListUsers on resource: * because no session policy allows the iam:ListUsers action`,
    );
  });

  it("uses session tags, over the role's, in conditions on aws:PrincipalTag", async () => {
    const blue = await issue({ tags: { team: 'blue' } });
    expect((await blue.request('GET', '/v1/users/alice')).status).toBe(200);
    const untagged = await issue();
    expect((await untagged.request('GET', '/v1/users/alice')).status).toBe(403);
  });

  it('ends a GetSessionToken session when the key that obtained it is deleted', async () => {
    const session = await issue({
      kind: 'session-token',
      role: undefined,
      principal: {
        type: 'user',
        accountId: s.accountId,
        arn: alice.arn,
        userId: alice.userId,
        userName: 'alice',
      },
    });
    expect((await session.request<Json>('GET', '/v1/me')).body).toEqual({
      account: s.accountId,
      arn: alice.arn,
      userId: alice.userId,
    });
    const deleted = await s.rootIdentity.request(
      'DELETE',
      `/v1/users/alice/access-keys/${alice.key.accessKeyId}`,
    );
    expect(deleted.status).toBe(204);
    expect(code(await session.request('GET', '/v1/me'))).toBe('InvalidClientTokenId');
  });

  it('refuses temporary credentials with 503 while Redis is unreachable; long-term keys keep working', async () => {
    // A user of its own (alice's key is gone) so the session has a live issuer.
    const user = await s.rootIdentity.request<Json>('POST', '/v1/users', { userName: 'bob' });
    const key = await s.rootIdentity.request<Json>('POST', '/v1/users/bob/access-keys');
    alice = { userId: user.body.user.userId, arn: user.body.user.arn, key: key.body.accessKey };
    const session = await issue();
    expect((await session.request('GET', '/v1/users')).status).toBe(200);

    proxy.cut();
    try {
      const refused = await session.request<Json>('GET', '/v1/users');
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('ServiceUnavailable');
      expect(JSON.stringify(refused.body)).not.toMatch(/127\.0\.0\.1|ECONN|stack/);
      expect((await s.rootIdentity.request('GET', '/v1/users')).status).toBe(200);
      const bob = s.rootIdentity.withCredentials(key.body.accessKey);
      expect((await bob.request('GET', '/v1/me')).status).toBe(200);
    } finally {
      proxy.restore();
    }
    await eventually(
      async () => (await session.request('GET', '/v1/users')).status,
      (status) => status === 200,
      { timeoutMs: 15_000 },
    );
  });
});
