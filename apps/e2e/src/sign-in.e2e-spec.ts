import type { SqlDatabase } from '@iam/event-store';
import { SQL_DATABASE } from '@iam/platform';
import { eventually, SignedClient } from '@iam/testing';
import { startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const password = 'Kettle-Orbit-93!';

/**
 * Password sign-in at sts (distributed, real Postgres, Redis and Kafka): sts
 * learns users, login profiles and aliases from identity's topic, verifies
 * the password, issues session credentials that work on identity, limits a
 * reset-required session to changing the password, and records every attempt.
 */
describe('sign-in (POST /v1/sign-in at sts)', () => {
  let s: DistributedServices;
  let alias: string;

  const signIn = (body: Json, headers: Record<string, string> = {}) =>
    fetch(`${s.sts!.url}/v1/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));

  const becomes = <T>(get: () => Promise<T>, done: (value: T) => boolean) =>
    eventually(get, done, { timeoutMs: 30_000 });

  /** The sign-in events sts recorded for a user name. */
  const attempts = async (userName: string) => {
    const db = s.sts!.app.get<SqlDatabase>(SQL_DATABASE);
    const { rows } = await db.query<{ event_type: string; data: Json }>(
      `SELECT event_type, data FROM "${s.infra.schemaPrefix}sts".events
       WHERE event_type LIKE 'iam.sts.SignIn%' AND data->>'userName' = $1 ORDER BY global_position`,
      [userName],
    );
    return rows.map((r) => ({ type: r.event_type.replace('iam.sts.', ''), ...r.data }));
  };

  async function userWithPassword(userName: string, policy: object, resetRequired = false) {
    expect((await s.rootIdentity.request('POST', '/v1/users', { userName })).status).toBe(201);
    const profile = await s.rootIdentity.request('PUT', `/v1/users/${userName}/login-profile`, {
      password,
      passwordResetRequired: resetRequired,
    });
    expect(profile.status).toBe(201);
    await becomes(
      async () =>
        (
          await s.rootPolicy.request('PUT', `/v1/users/${userName}/policies/Console`, {
            policyDocument: doc(policy),
          })
        ).status,
      (status) => status === 204,
    );
  }

  beforeAll(async () => {
    s = await startDistributedServices({}, { sts: true });
    alias = `signin-${Date.now()}`;
    expect((await s.rootIdentity.request('PUT', '/v1/account/alias', { accountAlias: alias })).status).toBe(
      204,
    );
    await userWithPassword('sam', { Effect: 'Allow', Action: ['iam:GetUser'], Resource: '*' });
    await userWithPassword(
      'rita',
      { Effect: 'Allow', Action: ['iam:GetUser', 'iam:GetAccountPasswordPolicy'], Resource: '*' },
      true,
    );
  });

  afterAll(async () => {
    await s?.stop();
  });

  it('signs a user in by account alias and password; the session works on identity as the user', async () => {
    const signedIn = await becomes(
      () => signIn({ account: alias, userName: 'sam', password }, { 'user-agent': 'e2e-browser' }),
      (r) => r.status === 200,
    );
    expect(signedIn.body).toMatchObject({
      credentials: {
        accessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
        secretAccessKey: expect.any(String),
        sessionToken: expect.any(String),
        expiration: expect.any(String),
      },
      user: { accountId: s.accountId, userName: 'sam', arn: `arn:aws:iam::${s.accountId}:user/sam` },
      mfaAuthenticated: false,
      passwordResetRequired: false,
    });
    const hours = (Date.parse(signedIn.body.credentials.expiration) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);

    const sam = new SignedClient(s.identity.url, signedIn.body.credentials);
    const me = await sam.request<Json>('GET', '/v1/me');
    expect(me.body).toMatchObject({ arn: `arn:aws:iam::${s.accountId}:user/sam` });
    expect((await sam.request('GET', '/v1/users/sam')).status).toBe(200);
    expect((await sam.request('GET', '/v1/users')).status).toBe(403);

    // By account id too, and with the user name in another case.
    expect((await signIn({ account: s.accountId, userName: 'SAM', password })).status).toBe(200);
    const recorded = await attempts('sam');
    expect(recorded.at(-2)).toMatchObject({
      type: 'SignInSucceeded',
      accountId: s.accountId,
      userId: me.body.userId,
      accessKeyId: signedIn.body.credentials.accessKeyId,
      userAgent: 'e2e-browser',
      sourceIp: expect.any(String),
    });
    expect(JSON.stringify(recorded)).not.toContain(password);
  });

  it('answers a wrong password, an unknown user and an unknown account alike, and records why', async () => {
    const answers = [
      await signIn({ account: alias, userName: 'sam', password: 'not-the-password' }),
      await signIn({ account: alias, userName: 'nobody-here', password }),
      await signIn({ account: 'no-such-alias-anywhere', userName: 'sam', password }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({
        code: 'AccessDenied',
        message: 'Your authentication information is incorrect. Please try again.',
      });
    }
    expect((await attempts('sam')).filter((a) => a.type === 'SignInFailed')).toEqual([
      expect.objectContaining({ reason: 'WrongPassword', accountId: s.accountId, account: alias }),
      expect.objectContaining({ reason: 'UnknownAccount', account: 'no-such-alias-anywhere' }),
    ]);
    expect(await attempts('nobody-here')).toEqual([expect.objectContaining({ reason: 'UnknownUser' })]);
    const bad = await signIn({ account: alias, userName: 'sam', password, mfaCode: 'abc' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'ValidationError']);
  });

  it('lets a user who must reset their password only change it (and read the policy)', async () => {
    const signedIn = await becomes(
      () => signIn({ account: alias, userName: 'rita', password }),
      (r) => r.status === 200,
    );
    expect(signedIn.body.passwordResetRequired).toBe(true);
    const minutes = (Date.parse(signedIn.body.credentials.expiration) - Date.now()) / 60_000;
    expect(minutes).toBeLessThanOrEqual(15);
    const rita = new SignedClient(s.identity.url, signedIn.body.credentials);
    const denied = await rita.request<Json>('GET', '/v1/users/rita');
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('must change their password first');
    // Not refused by the flag: there is no policy to read (404), the user's policy allows reading it.
    expect((await rita.request<Json>('GET', '/v1/account/password-policy')).status).not.toBe(403);
  });
});
