import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import type { SqlDatabase } from '@iam/event-store';
import { serviceSchema, SQL_DATABASE, type RunningApp } from '@iam/platform';
import { eventually, SignedClient, type Credentials } from '@iam/testing';
import { startDistributedServices } from './services';
import { startStandalone } from './standalone-app';
import { TestOidcIssuer } from './test-oidc-issuer';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The services under test: where each is, the management account's root clients, how to stop. */
interface Deployment {
  identity: { url: string };
  policy: { url: string };
  sts?: RunningApp;
  rootIdentity: SignedClient;
  rootPolicy: SignedClient;
  accountId: string;
  stop(): Promise<void>;
}

async function standalone(): Promise<Deployment> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-web-identity-'));
  const app = await startStandalone(dataDir);
  const root: Credentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
  const rootIdentity = new SignedClient(app.url, root);
  const me = await rootIdentity.request<{ account: string }>('GET', '/v1/me');
  return {
    identity: app,
    policy: app,
    sts: app,
    rootIdentity,
    rootPolicy: rootIdentity,
    accountId: me.body.account,
    stop: () => app.close(),
  };
}

/**
 * AssumeRoleWithWebIdentity end to end, with OIDC issuers served by the
 * test on loopback: a token that passes, then each way one must not.
 * Distributed (identity, policy and sts on real Postgres, Redis and Kafka)
 * and standalone (one process, the in-process bus).
 */
describe.each([
  ['distributed', () => startDistributedServices({}, { sts: true }) as Promise<Deployment>],
  ['standalone', standalone],
])('STS: AssumeRoleWithWebIdentity with OIDC providers (%s)', (_mode, start) => {
  let s: Deployment;
  let A: TestOidcIssuer;
  let B: TestOidcIssuer;
  let C: TestOidcIssuer;
  const roleArn = () => `arn:aws:iam::${s.accountId}:role/Deployer`;
  const providerArn = (issuer: TestOidcIssuer) =>
    `arn:aws:iam::${s.accountId}:oidc-provider/${issuer.resource}`;

  const assume = async (webIdentityToken: string, extra: Json = {}) => {
    const response = await fetch(`${s.sts!.url}/v1/sts/assume-role-with-web-identity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ roleArn: roleArn(), roleSessionName: 'build-42', webIdentityToken, ...extra }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const expectError = (r: { status: number; body: Json }, status: number, code: string, message?: RegExp) => {
    expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status, code });
    if (message) expect(r.body.error.message).toMatch(message);
  };

  beforeAll(async () => {
    s = await start();
    [A, B, C] = await Promise.all([
      TestOidcIssuer.start('/realms/dev'),
      TestOidcIssuer.start('/realms/other'),
      TestOidcIssuer.start('/realms/flaky'),
    ]);
    for (const issuer of [A, B, C]) {
      const created = await s.rootIdentity.request<Json>('POST', '/v1/oidc-providers', {
        url: issuer.url,
        clientIDList: ['ci'],
      });
      expect(created.status).toBe(201);
      expect(created.body.openIDConnectProviderArn).toBe(providerArn(issuer));
    }
    // Trusts A (and C, for the reachability cases) for tokens of one repository only; B is registered but not trusted.
    const trusted = (issuer: TestOidcIssuer) => ({
      Effect: 'Allow',
      Principal: { Federated: providerArn(issuer) },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { [`${issuer.resource}:aud`]: 'ci' },
        StringLike: { [`${issuer.resource}:sub`]: 'repo:org/app:*' },
      },
    });
    const role = await s.rootIdentity.request('POST', '/v1/roles', {
      roleName: 'Deployer',
      assumeRolePolicyDocument: doc(trusted(A), trusted(C)),
    });
    expect(role.status).toBe(201);
    await eventually(
      async () =>
        (
          await s.rootPolicy.request('PUT', '/v1/roles/Deployer/policies/Work', {
            policyDocument: doc(
              {
                Effect: 'Allow',
                Action: ['iam:ListUsers', 'iam:ListPolicies'],
                Resource: '*',
              },
              // The session's later requests carry the provider and its claims as condition keys.
              {
                Effect: 'Allow',
                Action: 'iam:GetUser',
                Resource: '*',
                Condition: {
                  StringEquals: {
                    'aws:FederatedProvider': providerArn(A),
                    [`${A.resource}:sub`]: 'repo:org/app:ref:refs/heads/main',
                    [`${A.resource}:aud`]: 'ci',
                  },
                },
              },
              {
                Effect: 'Allow',
                Action: 'iam:ListGroups',
                Resource: '*',
                Condition: { StringEquals: { [`${A.resource}:sub`]: 'repo:org/other:ref:refs/heads/main' } },
              },
            ),
          })
        ).status,
      (status) => status === 204,
      { timeoutMs: 120_000 },
    );
    // Until sts has consumed the role and the providers from Kafka.
    const token = await A.token();
    await eventually(
      () => assume(token),
      (r) => r.status === 200,
      { timeoutMs: 120_000 },
    );
  }, 300_000);

  afterAll(async () => {
    await Promise.all([A?.close(), B?.close(), C?.close()]);
    await s?.stop();
  });

  it('the provider is registered with its port and path (GetOpenIDConnectProvider)', async () => {
    const r = await s.rootIdentity.request<Json>(
      'GET',
      `/v1/oidc-providers/${encodeURIComponent(providerArn(A))}`,
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ url: A.resource, clientIDList: ['ci'] });
  });

  it("the session's later requests carry aws:FederatedProvider and the provider's sub and aud; SessionIssued names provider and subject", async () => {
    const r = await assume(await A.token());
    expect(r.status).toBe(200);
    const identity = new SignedClient(s.identity.url, r.body.credentials);
    // Allowed by the conditioned statement: the user does not exist (404), which only an allowed caller learns.
    const got = await eventually(
      () => identity.request<Json>('GET', '/v1/users/nobody-here'),
      (x) => x.status === 404,
      { timeoutMs: 120_000 },
    );
    expect(got.body.error.code).toBe('NoSuchEntity');
    // The sub condition of ListGroups names another repository: denied.
    expect((await identity.request<Json>('GET', '/v1/groups')).status).toBe(403);

    const sts = s.sts!;
    const db = sts.app.get<SqlDatabase>(SQL_DATABASE);
    const { rows } = await db.query<{ data: Json }>(
      `SELECT data FROM "${serviceSchema(sts.config, 'sts')}".events
       WHERE event_type = 'iam.sts.SessionIssued' AND data->>'accessKeyId' = $1`,
      [r.body.credentials.accessKeyId],
    );
    expect(rows.map((row) => row.data)).toEqual([
      expect.objectContaining({
        federatedProvider: providerArn(A),
        federatedSubject: 'repo:org/app:ref:refs/heads/main',
        roleArn: roleArn(),
      }),
    ]);
  });

  it('a valid token gets role credentials that work, signed as an SDK signs, on identity and policy routes', async () => {
    const r = await assume(await A.token());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      assumedRoleUser: { arn: `arn:aws:sts::${s.accountId}:assumed-role/Deployer/build-42` },
      subjectFromWebIdentityToken: 'repo:org/app:ref:refs/heads/main',
      audience: 'ci',
      provider: A.url,
    });
    expect(r.body.assumedRoleUser.assumedRoleId).toMatch(/^AROA[A-Z2-7]+:build-42$/);
    const credentials: Credentials = r.body.credentials;
    expect(credentials.accessKeyId).toMatch(/^ASIA/);

    const sts = new SignedClient(s.sts!.url, credentials, { service: 'sts' });
    const me = await sts.request<Json>('POST', '/v1/sts/caller-identity');
    expect(me.body).toMatchObject({ arn: `arn:aws:sts::${s.accountId}:assumed-role/Deployer/build-42` });
    const identity = new SignedClient(s.identity.url, credentials);
    const policy = new SignedClient(s.policy.url, credentials);
    await eventually(
      () => identity.request('GET', '/v1/users'),
      (x) => x.status === 200,
      { timeoutMs: 120_000 },
    );
    await eventually(
      () => policy.request('GET', '/v1/policies?scope=Local'),
      (x) => x.status === 200,
      {
        timeoutMs: 30_000,
      },
    );
    // The role's policies bound the session: what they do not allow is denied.
    const denied = await identity.request<Json>('POST', '/v1/users', { userName: 'mallory' });
    expect(denied.status).toBe(403);
  });

  it('refuses a token whose signature is not the issuer’s (same kid, another key)', async () => {
    const forged = await A.unpublishedKey('k1');
    expectError(await assume(await A.token({}, { key: forged })), 400, 'InvalidIdentityToken', /signature/);
  });

  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ iss: A.url, aud: 'ci', sub: 'repo:org/app:x', exp: now + 300 })}.`;
    expectError(await assume(unsigned), 400, 'InvalidIdentityToken', /algorithm/);
  });

  it('refuses an HMAC token keyed with the issuer’s public key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const hs = await new SignJWT({ iss: A.url, aud: 'ci', sub: 'repo:org/app:x', exp: now + 300 })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .sign(new TextEncoder().encode(JSON.stringify(A.publicJwk)));
    expectError(await assume(hs), 400, 'InvalidIdentityToken', /algorithm/);
  });

  it('an unknown kid refreshes the keys once: a key published since is accepted, a forged kid refused', async () => {
    const rotated = await A.unpublishedKey('k2');
    A.publish(rotated);
    const before = A.jwksHits;
    expect((await assume(await A.token({}, { key: rotated }))).status).toBe(200);
    expect(A.jwksHits).toBe(before + 1);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const stranger = await A.unpublishedKey('k-unknown');
    const token = await A.token({}, { key: stranger });
    expectError(await assume(token), 400, 'InvalidIdentityToken', /kid/);
    expect(A.jwksHits).toBe(before + 2);
    // The same unknown kid again does not make sts fetch the keys again.
    expectError(await assume(token), 400, 'InvalidIdentityToken', /kid/);
    expect(A.jwksHits).toBe(before + 2);
  });

  it('refuses an expired token (ExpiredTokenException) and one not yet valid or issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectError(
      await assume(await A.token({ exp: now - 120, iat: now - 600 })),
      400,
      'ExpiredTokenException',
      /expired/i,
    );
    expectError(await assume(await A.token({ nbf: now + 600 })), 400, 'InvalidIdentityToken', /nbf/);
    expectError(await assume(await A.token({ iat: now + 600 })), 400, 'InvalidIdentityToken', /future/);
  });

  it('refuses a wrong audience and a wrong or unregistered issuer', async () => {
    expectError(await assume(await A.token({ aud: 'web' })), 400, 'InvalidIdentityToken', /audience/);
    expectError(
      await assume(await A.token({ iss: 'https://issuer.example.com' })),
      400,
      'InvalidIdentityToken',
      /No OpenIDConnect provider/,
    );
    // A's key, B's issuer: checked against B's keys, which do not include A's.
    expectError(await assume(await A.token({ iss: B.url })), 400, 'InvalidIdentityToken');
  });

  it('a valid token of provider B is refused by a role that trusts only provider A', async () => {
    expectError(await assume(await B.token()), 403, 'AccessDenied', /sts:AssumeRoleWithWebIdentity/);
  });

  it('a sub the trust condition does not allow is refused', async () => {
    expectError(await assume(await A.token({ sub: 'repo:evil/app:ref:main' })), 403, 'AccessDenied');
  });

  it('an unreachable or slow key set is IDPCommunicationError', async () => {
    C.mode = 'down';
    expectError(await assume(await C.token()), 400, 'IDPCommunicationError');
    C.mode = 'slow';
    const started = Date.now();
    expectError(await assume(await C.token()), 400, 'IDPCommunicationError');
    expect(Date.now() - started).toBeLessThan(15_000);
    C.mode = 'ok';
  }, 30_000);

  it('refuses bad input with AWS codes, never a 500', async () => {
    expectError(await assume('x'), 400, 'ValidationError', /webIdentityToken/);
    expectError(await assume('not.a.jwt'), 400, 'InvalidIdentityToken');
    expectError(await assume(await A.token(), { roleArn: 'nope' }), 400, 'ValidationError', /roleArn/);
    expectError(
      await assume(await A.token(), { policy: '{"Version":"2012-10-17"}' }),
      400,
      'MalformedPolicyDocument',
    );
    expectError(
      await assume(await A.token(), { durationSeconds: 60 }),
      400,
      'ValidationError',
      /durationSeconds/,
    );
  });

  it('a deleted provider no longer vouches for anyone', async () => {
    const deleted = await s.rootIdentity.request(
      'DELETE',
      `/v1/oidc-providers/${encodeURIComponent(providerArn(C))}`,
    );
    expect(deleted.status).toBe(204);
    await eventually(
      async () => assume(await C.token()),
      (r) => r.body?.error?.code === 'InvalidIdentityToken',
      { timeoutMs: 120_000 },
    );
  });
});
