import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generateSync } from '@otplib/totp';
import { rotateKeysFromEnvironment } from '@iam/identity';
import type { RunningApp } from '@iam/platform';
import { base32Plugin } from '@iam/service-kit';
import { eventually, SignedClient, type Credentials } from '@iam/testing';
import { startStandalone } from './standalone-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const crypto = new NodeCryptoPlugin();
const stepNow = () => Math.floor(Date.now() / 1000 / 30);
const totp = (seed: string, timeStep: number) =>
  generateSync({ secret: seed, epoch: timeStep * 30, crypto, base32: base32Plugin });
const password = 'Kettle-Orbit-93!';

/**
 * `keys rotate` in standalone mode (PGlite in the data folder): with the
 * server stopped, a new key is made, every secret re-sealed under it and the
 * old key removed from the folder's key file; started again, every access
 * key signs, every password signs in, every MFA device's code is accepted.
 */
describe('standalone mode: keys rotate', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-standalone-keys-'));
  const keyFile = path.join(dataDir, 'key-encryption-keys');
  let app: RunningApp | undefined;

  afterAll(async () => {
    await app?.close();
  });

  const signIn = (body: Json) =>
    fetch(`${app!.url}/v1/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));

  it('re-seals every secret under a new key and retires the old one from the key file', async () => {
    app = await startStandalone(dataDir);
    const root: Credentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    const iam = new SignedClient(app.url, root);
    const account = (await iam.request<Json>('GET', '/v1/me')).body.account as string;
    expect((await iam.request('POST', '/v1/users', { userName: 'kim' })).status).toBe(201);
    const key = (await iam.request<Json>('POST', '/v1/users/kim/access-keys')).body.accessKey as Credentials;
    expect((await iam.request('PUT', '/v1/users/kim/login-profile', { password })).status).toBe(201);
    const device = await iam.request<Json>('POST', '/v1/mfa-devices', { virtualMfaDeviceName: 'kim-phone' });
    const { serialNumber, base32StringSeed: seed } = device.body.virtualMFADevice;
    const step = stepNow();
    const enabled = await iam.request('POST', '/v1/users/kim/mfa-devices', {
      serialNumber,
      authenticationCode1: totp(seed, step - 1),
      authenticationCode2: totp(seed, step),
    });
    expect(enabled.status).toBe(204);
    const oldRing = readFileSync(keyFile, 'utf8').trim();
    expect(oldRing).toMatch(/^k1:/);
    await app.close();
    app = undefined;

    const report = await rotateKeysFromEnvironment({ IAM_DATA_DIR: dataDir });
    // The root's and kim's secrets, kim's password hash and seed.
    expect(report).toMatchObject({
      mode: 'standalone',
      currentKeyId: 'k2',
      resealed: 4,
      retiredKeyIds: ['k1'],
    });
    const newRing = readFileSync(keyFile, 'utf8').trim();
    expect(newRing).toMatch(/^k2:[A-Za-z0-9+/=]+$/);

    app = await startStandalone(dataDir);
    for (const credentials of [root, key]) {
      const me = await new SignedClient(app.url, credentials).request<Json>('GET', '/v1/me');
      expect(me.status).toBe(200);
    }
    const signedIn = await eventually(
      () => signIn({ account, userName: 'kim', password, mfaCode: totp(seed, stepNow() + 1) }),
      (r) => r.status === 200,
      { timeoutMs: 10_000 },
    );
    expect(signedIn.body).toMatchObject({ user: { userName: 'kim' }, mfaAuthenticated: true });
    expect((await signIn({ account, userName: 'kim', password: 'Wrong-Orbit-93!' })).status).toBe(403);
  }, 180_000);
});
