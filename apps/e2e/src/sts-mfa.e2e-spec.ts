import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generateSync } from '@otplib/totp';
import { SQL_DATABASE } from '@iam/platform';
import type { SqlDatabase } from '@iam/event-store';
import { base32Plugin } from '@iam/service-kit';
import { eventually, SignedClient, type Credentials } from '@iam/testing';
import { rootKey, startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const crypto = new NodeCryptoPlugin();
const stepNow = () => Math.floor(Date.now() / 1000 / 30);
/** The code an authenticator app shows at a time step (RFC 6238: SHA-1, 30 s, 6 digits). */
const totp = (seed: string, timeStep: number) =>
  generateSync({ secret: seed, epoch: timeStep * 30, crypto, base32: base32Plugin });
/** Six digits that are none of the device's codes around now. */
const wrongCode = (seed: string) => {
  const near = new Set([-2, -1, 0, 1, 2].map((d) => totp(seed, stepNow() + d)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
};
/** Allowed only with MFA in the session (the proof that the session carries it); GetUser always. */
const mfaGated = doc(
  {
    Effect: 'Allow',
    Action: 'iam:ListUsers',
    Resource: '*',
    Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  },
  { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' },
);

/**
 * MFA at AssumeRole and GetSessionToken end to end (distributed, real
 * Redis, Postgres and Kafka): a virtual device created and enabled through
 * identity's routes, codes computed as an authenticator app does, checked
 * by sts's verifier (each code once in the whole system), and the session's
 * `aws:MultiFactorAuthPresent` seen by a policy condition on identity.
 */
describe('STS with MFA: AssumeRole and GetSessionToken (distributed)', () => {
  let s: DistributedServices;
  let A: string;

  const on = (credentials: Credentials) => ({
    sts: new SignedClient(s.sts!.url, credentials, { service: 'sts' }),
    identity: new SignedClient(s.identity.url, credentials),
    policy: new SignedClient(s.policy.url, credentials),
  });
  const code = (r: { body: unknown }) => (r.body as Json)?.error?.code as string | undefined;
  const until = <T extends { status: number }>(request: () => Promise<T>, status = 200) =>
    eventually(request, (r) => r.status === status, { timeoutMs: 30_000 });
  const put = (path: string, body: Json) => until(() => on(rootKey).policy.request('PUT', path, body), 204);

  async function userWithDevice(
    userName: string,
  ): Promise<{ key: Credentials; serialNumber: string; seed: string }> {
    const root = on(rootKey).identity;
    const created = await root.request<Json>('POST', '/v1/users', { userName });
    expect(created.status).toBe(201);
    const key = (await root.request<Json>('POST', `/v1/users/${userName}/access-keys`)).body.accessKey;
    const device = await root.request<Json>('POST', '/v1/mfa-devices', {
      virtualMfaDeviceName: `${userName}-phone`,
    });
    expect(device.status).toBe(201);
    const { serialNumber, base32StringSeed: seed } = device.body.virtualMFADevice;
    const step = stepNow();
    const enabled = await root.request('POST', `/v1/users/${userName}/mfa-devices`, {
      serialNumber,
      authenticationCode1: totp(seed, step - 1),
      authenticationCode2: totp(seed, step),
    });
    expect(enabled.status).toBe(204);
    // sts checks codes against its own projection of the devices: wait until it has this one enabled.
    const db = s.sts!.app.get<SqlDatabase>(SQL_DATABASE);
    await eventually(
      async () =>
        (
          await db.query<{ user_id: string | null }>(
            `SELECT user_id FROM "${s.infra.schemaPrefix}sts".mfa_devices WHERE serial_number = $1`,
            [serialNumber],
          )
        ).rows[0]?.user_id,
      (userId) => userId === created.body.user.userId,
      { timeoutMs: 30_000 },
    );
    return { key, serialNumber, seed };
  }

  beforeAll(async () => {
    s = await startDistributedServices({}, { sts: true });
    A = s.accountId;
  }, 240_000);

  afterAll(async () => {
    await s?.stop();
  });

  it('AssumeRole of a role whose trust policy requires MFA: refused without a code, with a wrong one and with a replayed one; a fresh code gives a session with MFA', async () => {
    const dana = await userWithDevice('dana');
    const danaArn = `arn:aws:iam::${A}:user/dana`;
    const root = on(rootKey).identity;
    expect(
      (
        await root.request('POST', '/v1/roles', {
          roleName: 'NeedsMfa',
          assumeRolePolicyDocument: doc({
            Effect: 'Allow',
            Principal: { AWS: danaArn },
            Action: 'sts:AssumeRole',
            Condition: {
              Bool: { 'aws:MultiFactorAuthPresent': 'true' },
              NumericLessThan: { 'aws:MultiFactorAuthAge': '300' },
            },
          }),
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await root.request('POST', '/v1/roles', {
          roleName: 'NoMfa',
          assumeRolePolicyDocument: doc({
            Effect: 'Allow',
            Principal: { AWS: danaArn },
            Action: 'sts:AssumeRole',
          }),
        })
      ).status,
    ).toBe(201);
    await put('/v1/roles/NeedsMfa/policies/Work', { policyDocument: mfaGated });
    await put('/v1/roles/NoMfa/policies/Work', { policyDocument: mfaGated });
    const assume = (body: Json) => on(dana.key).sts.request<Json>('POST', '/v1/sts/assume-role', body);
    const needsMfa = { roleArn: `arn:aws:iam::${A}:role/NeedsMfa`, roleSessionName: 'with-mfa' };

    // sts knows both roles once the one without a condition can be assumed.
    const plain = await until(() =>
      assume({ roleArn: `arn:aws:iam::${A}:role/NoMfa`, roleSessionName: 'plain' }),
    );

    const withoutCode = await assume(needsMfa);
    expect([withoutCode.status, code(withoutCode)]).toEqual([403, 'AccessDenied']);
    const wrong = await assume({
      ...needsMfa,
      serialNumber: dana.serialNumber,
      tokenCode: wrongCode(dana.seed),
    });
    expect([wrong.status, code(wrong)]).toEqual([403, 'AccessDenied']);
    expect(wrong.body.error.message).toBe(
      'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    );

    // The steps up to the enabling one are spent; the next one is fresh.
    const fresh = totp(dana.seed, stepNow() + 1);
    const withCode = await assume({ ...needsMfa, serialNumber: dana.serialNumber, tokenCode: fresh });
    expect(withCode.status).toBe(200);
    expect(withCode.body.assumedRoleUser.arn).toBe(`arn:aws:sts::${A}:assumed-role/NeedsMfa/with-mfa`);

    const replayed = await assume({ ...needsMfa, serialNumber: dana.serialNumber, tokenCode: fresh });
    expect([replayed.status, code(replayed)]).toEqual([403, 'AccessDenied']);

    // The MFA session passes `aws:MultiFactorAuthPresent`; a session of the same policy without MFA does not.
    const mfaSession = on(withCode.body.credentials).identity;
    await until(() => mfaSession.request('GET', '/v1/users'));
    const plainSession = on(plain.body.credentials).identity;
    await until(() => plainSession.request('GET', '/v1/users/dana'));
    const denied = await plainSession.request('GET', '/v1/users');
    expect([denied.status, code(denied)]).toEqual([403, 'AccessDenied']);
  });

  it('GetSessionToken with MFA gives a session that passes an aws:MultiFactorAuthPresent condition; without, it does not', async () => {
    const erin = await userWithDevice('erin');
    await put('/v1/users/erin/policies/Work', { policyDocument: mfaGated });
    const longTerm = on(erin.key).identity;
    await until(() => longTerm.request('GET', '/v1/users/erin'));
    const byKey = await longTerm.request('GET', '/v1/users');
    expect([byKey.status, code(byKey)]).toEqual([403, 'AccessDenied']);

    const sessionToken = (body: Json) =>
      on(erin.key).sts.request<Json>('POST', '/v1/sts/session-token', body);
    const withMfa = await sessionToken({
      serialNumber: erin.serialNumber,
      tokenCode: totp(erin.seed, stepNow() + 1),
    });
    expect(withMfa.status).toBe(200);
    const withoutMfa = await sessionToken({});
    expect(withoutMfa.status).toBe(200);
    const wrong = await sessionToken({ serialNumber: erin.serialNumber, tokenCode: wrongCode(erin.seed) });
    expect([wrong.status, code(wrong)]).toEqual([403, 'AccessDenied']);

    const mfaSession = on(withMfa.body.credentials).identity;
    expect((await mfaSession.request('GET', '/v1/users')).status).toBe(200);
    const plainSession = on(withoutMfa.body.credentials).identity;
    expect((await plainSession.request('GET', '/v1/users/erin')).status).toBe(200);
    const denied = await plainSession.request('GET', '/v1/users');
    expect([denied.status, code(denied)]).toEqual([403, 'AccessDenied']);
  });
});
