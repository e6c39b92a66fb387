import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generateSync } from '@otplib/totp';
import { SecretBox } from '@iam/auth';
import type { SqlDatabase } from '@iam/event-store';
import { rotateKeysFromEnvironment } from '@iam/identity';
import { SQL_DATABASE } from '@iam/platform';
import { base32Plugin } from '@iam/service-kit';
import { eventually, SignedClient, type Credentials } from '@iam/testing';
import { rootKey, startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const crypto = new NodeCryptoPlugin();
const stepNow = () => Math.floor(Date.now() / 1000 / 30);
const totp = (seed: string, timeStep: number) =>
  generateSync({ secret: seed, epoch: timeStep * 30, crypto, base32: base32Plugin });
const password = 'Kettle-Orbit-93!';

/**
 * `keys rotate` end to end (distributed, real Postgres, Redis and Kafka):
 * secrets made under an old key-encryption key, the services restarted with
 * the new key first, every secret re-sealed, the services restarted with the
 * old key removed from their configuration; every access key still signs
 * (on identity, sts and policy), every password signs in at sts, every MFA
 * device's code is accepted.
 */
describe('keys rotate: the old key-encryption key retired (distributed)', () => {
  const oldKey = SecretBox.generateConfig('old');
  const newKey = SecretBox.generateConfig('new');
  let s: DistributedServices;
  const keys: Record<string, Credentials> = {};
  let seed = '';

  const signIn = (body: Json) =>
    fetch(`${s.sts!.url}/v1/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
  const until = <T extends { status: number }>(request: () => Promise<T>, status = 200) =>
    eventually(request, (r) => r.status === status, { timeoutMs: 30_000 });
  const restart = async (ring: string) => {
    await s.closeServices();
    s = await startDistributedServices({ IAM_KEY_ENCRYPTION_KEYS: ring }, { sts: true, infra: s.infra });
  };
  const secretsByKey = async () => {
    const db = s.identity.app.get<SqlDatabase>(SQL_DATABASE);
    const { rows } = await db.query<{ key_id: string; kind: string; n: string }>(
      `SELECT key_id, kind, count(*) AS n FROM "${s.infra.schemaPrefix}identity".sealed_secrets
        GROUP BY key_id, kind ORDER BY key_id, kind`,
    );
    return rows.map((r) => `${r.key_id}/${r.kind}: ${r.n}`);
  };

  beforeAll(async () => {
    s = await startDistributedServices({ IAM_KEY_ENCRYPTION_KEYS: oldKey }, { sts: true });
    for (const userName of ['kim', 'lee']) {
      expect((await s.rootIdentity.request('POST', '/v1/users', { userName })).status).toBe(201);
      const key = await s.rootIdentity.request<Json>('POST', `/v1/users/${userName}/access-keys`);
      expect(key.status).toBe(201);
      keys[userName] = key.body.accessKey;
      const profile = await s.rootIdentity.request('PUT', `/v1/users/${userName}/login-profile`, {
        password,
      });
      expect(profile.status).toBe(201);
    }
    const device = await s.rootIdentity.request<Json>('POST', '/v1/mfa-devices', {
      virtualMfaDeviceName: 'kim-phone',
    });
    expect(device.status).toBe(201);
    seed = device.body.virtualMFADevice.base32StringSeed;
    const step = stepNow();
    const enabled = await s.rootIdentity.request('POST', '/v1/users/kim/mfa-devices', {
      serialNumber: device.body.virtualMFADevice.serialNumber,
      authenticationCode1: totp(seed, step - 1),
      authenticationCode2: totp(seed, step),
    });
    expect(enabled.status).toBe(204);
    // Deleted things take their secrets with them: a key, a device, a user with a password history.
    const temp = await s.rootIdentity.request<Json>('POST', '/v1/users/lee/access-keys');
    const tempId = temp.body.accessKey.accessKeyId as string;
    expect((await s.rootIdentity.request('DELETE', `/v1/users/lee/access-keys/${tempId}`)).status).toBe(204);
    const spare = await s.rootIdentity.request<Json>('POST', '/v1/mfa-devices', {
      virtualMfaDeviceName: 'spare',
    });
    const spareSerial = encodeURIComponent(spare.body.virtualMFADevice.serialNumber);
    expect((await s.rootIdentity.request('DELETE', `/v1/mfa-devices/${spareSerial}`)).status).toBe(204);
    expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'gone' })).status).toBe(201);
    expect((await s.rootIdentity.request('PUT', '/v1/users/gone/login-profile', { password })).status).toBe(
      201,
    );
    expect((await s.rootIdentity.request('DELETE', '/v1/users/gone/login-profile')).status).toBe(204);
    expect((await s.rootIdentity.request('DELETE', '/v1/users/gone')).status).toBe(204);
    // sts has consumed the profiles and the device (wrong sign-ins before that would count as failures).
    const stsDb = s.sts!.app.get<SqlDatabase>(SQL_DATABASE);
    await eventually(
      async () =>
        (
          await stsDb.query(
            `SELECT 1 FROM "${s.infra.schemaPrefix}sts".sign_in_users WHERE account_id = $1 AND password_hash_id IS NOT NULL
             UNION ALL
             SELECT 1 FROM "${s.infra.schemaPrefix}sts".mfa_devices WHERE account_id = $1 AND user_id IS NOT NULL`,
            [s.accountId],
          )
        ).rows.length,
      (n) => n === 3,
      { timeoutMs: 30_000 },
    );
    // Before the rotation, as a baseline: lee signs in with a password.
    const before = await signIn({ account: s.accountId, userName: 'lee', password });
    expect([before.status, before.body.error]).toEqual([200, undefined]);
  }, 300_000);

  afterAll(async () => {
    await s?.stop();
  });

  it('re-seals every secret under the new key; with the old one removed, every key, password and device works', async () => {
    // Six secrets under the old key: the root's, kim's and lee's secrets, two password hashes, one seed
    // (none of the deleted key, device and user).
    expect(await secretsByKey()).toEqual([
      'old/access-key-secret: 3',
      'old/mfa-seed: 1',
      'old/password-hash: 2',
    ]);

    // The services learn the new key first (new secrets are sealed under it), then the rotation runs.
    await restart(`${newKey},${oldKey}`);
    const report = await rotateKeysFromEnvironment({
      DATABASE_URL: s.infra.databaseUrl,
      IAM_SCHEMA_PREFIX: s.infra.schemaPrefix,
      IAM_KEY_ENCRYPTION_KEYS: `${newKey},${oldKey}`,
    });
    expect(report).toMatchObject({
      mode: 'distributed',
      currentKeyId: 'new',
      resealed: 6,
      byKey: { new: 6 },
    });
    expect(await secretsByKey()).toEqual([
      'new/access-key-secret: 3',
      'new/mfa-seed: 1',
      'new/password-hash: 2',
    ]);
    // Idempotent: nothing left to re-seal.
    expect(
      await rotateKeysFromEnvironment({
        DATABASE_URL: s.infra.databaseUrl,
        IAM_SCHEMA_PREFIX: s.infra.schemaPrefix,
        IAM_KEY_ENCRYPTION_KEYS: `${newKey},${oldKey}`,
      }),
    ).toMatchObject({ resealed: 0, alreadyCurrent: 6 });

    // The old key is gone from every service's configuration.
    await restart(newKey);
    for (const credentials of [rootKey, keys.kim, keys.lee]) {
      const me = await until(() =>
        new SignedClient(s.identity.url, credentials).request<Json>('GET', '/v1/me'),
      );
      expect(me.body.arn).toMatch(/^arn:aws:iam::\d{12}:(root|user\/(kim|lee))$/);
      const sts = new SignedClient(s.sts!.url, credentials, { service: 'sts' });
      const caller = await until(() => sts.request<Json>('POST', '/v1/sts/caller-identity'));
      expect(caller.body.arn).toBe(me.body.arn);
    }
    expect((await until(() => s.rootPolicy.request('GET', '/v1/policies?scope=Local'))).status).toBe(200);

    // lee: password alone; kim: password and a fresh code of the MFA device (sts opens the seed).
    const lee = await until(() => signIn({ account: s.accountId, userName: 'lee', password }));
    expect(lee.body).toMatchObject({ user: { userName: 'lee' }, mfaAuthenticated: false });
    const withoutCode = await signIn({ account: s.accountId, userName: 'kim', password });
    expect(withoutCode.body.error.code).toBe('InvalidAuthenticationCode');
    const kim = await signIn({
      account: s.accountId,
      userName: 'kim',
      password,
      mfaCode: totp(seed, stepNow() + 1),
    });
    expect([kim.status, kim.body.mfaAuthenticated]).toEqual([200, true]);

    // A wrong password is still refused: the hash opened is the real one.
    expect(
      (await signIn({ account: s.accountId, userName: 'lee', password: 'Wrong-Orbit-93!' })).status,
    ).toBe(403);
  }, 300_000);
});
