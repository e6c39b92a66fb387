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

  /**
   * Waits until sts's sign-in projection holds the user's login profile as
   * `ready` says: an attempt before that is a failed sign-in, and failures are throttled.
   */
  const stsKnows = (userName: string, ready: (row: Json) => boolean) =>
    becomes(
      async () => {
        const db = s.sts!.app.get<SqlDatabase>(SQL_DATABASE);
        const { rows } = await db.query<Json>(
          `SELECT u.password_reset_required FROM "${s.infra.schemaPrefix}sts".sign_in_users u
         JOIN "${s.infra.schemaPrefix}sts".sign_in_account_aliases a ON a.account_id = u.account_id
         WHERE a.account_alias = $1 AND u.user_name_key = $2 AND u.password_hash_id IS NOT NULL`,
          [alias, userName.toLowerCase()],
        );
        return rows[0];
      },
      (row) => row !== undefined && ready(row),
    );

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
    await stsKnows(userName, (row) => row.password_reset_required === resetRequired);
  }

  beforeAll(async () => {
    s = await startDistributedServices({}, { sts: true });
    alias = `signin-${Date.now()}`;
    expect((await s.rootIdentity.request('PUT', '/v1/account/alias', { accountAlias: alias })).status).toBe(
      204,
    );
    await userWithPassword('sam', { Effect: 'Allow', Action: ['iam:GetUser'], Resource: '*' });
    // Rita's policies allow none of what a reset needs: the reset itself grants it.
    await userWithPassword('rita', { Effect: 'Allow', Action: ['iam:ListGroups'], Resource: '*' }, true);
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
    // Her own user, yes; anyone else, or anything else her policy allows, no.
    expect((await rita.request<Json>('GET', '/v1/users/rita')).body.user?.userName).toBe('rita');
    for (const [method, path] of [
      ['GET', '/v1/users/sam'],
      ['GET', '/v1/groups'],
    ] as const) {
      const denied = await rita.request<Json>(method, path);
      expect([path, denied.status]).toEqual([path, 403]);
      expect(denied.body.error.message).toContain('must change their password first');
    }
    // Not refused: there is no password policy to read (404), though no policy of hers allows reading it.
    expect((await rita.request<Json>('GET', '/v1/account/password-policy')).status).toBe(404);
    const changed = await rita.request<Json>('POST', '/v1/me/password', {
      oldPassword: password,
      newPassword: 'Lantern-Quartz-58!',
    });
    expect(changed.status).toBe(204);
    await stsKnows('rita', (row) => row.password_reset_required === false);
    const again = await becomes(
      () => signIn({ account: alias, userName: 'rita', password: 'Lantern-Quartz-58!' }),
      (r) => r.status === 200 && r.body.passwordResetRequired === false,
    );
    expect(again.body.passwordResetRequired).toBe(false);
    // Once changed, her session is as her policies say: no iam:GetUser for her now.
    const after = new SignedClient(s.identity.url, again.body.credentials);
    expect((await after.request<Json>('GET', '/v1/users/rita')).status).toBe(403);
    expect((await after.request<Json>('GET', '/v1/groups')).status).toBe(200);
  });

  it('an explicit deny still holds while a password must be changed', async () => {
    await userWithPassword(
      'rolf',
      { Effect: 'Deny', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: '*' },
      true,
    );
    const signedIn = await becomes(
      () => signIn({ account: alias, userName: 'rolf', password }),
      (r) => r.status === 200,
    );
    const rolf = new SignedClient(s.identity.url, signedIn.body.credentials);
    // Reading his own user is allowed during a reset, so once that is refused identity holds the deny.
    const ownUser = await becomes(
      () => rolf.request<Json>('GET', '/v1/users/rolf'),
      (r) => r.status === 403,
    );
    expect(ownUser.body.error.message).toContain('explicit deny');
    const refused = await rolf.request<Json>('POST', '/v1/me/password', {
      oldPassword: password,
      newPassword: 'Lantern-Quartz-58!',
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'AccessDenied']);
    expect(refused.body.error.message).toContain('explicit deny');
  });
});
