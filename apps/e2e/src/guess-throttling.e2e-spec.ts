import { createHmac } from 'node:crypto';
import { base32Decode } from '@iam/contracts';
import { eventually, type SignedClient } from '@iam/testing';
import Redis from 'ioredis';
import { startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const step = () => Math.floor(Date.now() / 1000 / 30);

/** The code an authenticator app shows at a time step (RFC 6238: HMAC-SHA-1, 30 s, 6 digits). */
function code(base32Seed: string, timeStep: number): string {
  const key = Buffer.from(base32Decode(base32Seed));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(timeStep));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[19] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}
const enc = encodeURIComponent;

/**
 * Guessing of passwords and MFA codes is throttled by one limiter, counted
 * in Redis (distributed mode, real Redis): 5 failures per user (or MFA
 * device) and 100 per source address in a 15-minute window that starts at
 * the first failure; past either limit a guess is refused with 429
 * Throttling before it is checked.
 */
describe('throttling of guessed passwords and MFA codes (distributed, real Redis)', () => {
  let s: DistributedServices;
  let redis: Redis;
  /** The Redis key of a count, as the services write it (TTL store prefix, schema prefix). */
  const key = (name: string) => `iam:${s.infra.schemaPrefix}guesses:${name}`;
  const sourceFailures = async () => Number((await redis.get(key('source:127.0.0.1'))) ?? 0);

  async function newDevice(name: string): Promise<{ serialNumber: string; seed: string }> {
    const created = await s.rootIdentity.request<Json>('POST', '/v1/mfa-devices', {
      virtualMfaDeviceName: name,
    });
    expect(created.status).toBe(201);
    const device = created.body.virtualMFADevice;
    return { serialNumber: device.serialNumber, seed: device.base32StringSeed };
  }
  const enable = (
    userName: string,
    serialNumber: string,
    authenticationCode1: string,
    authenticationCode2: string,
  ) =>
    s.rootIdentity.request<Json>('POST', `/v1/users/${userName}/mfa-devices`, {
      serialNumber,
      authenticationCode1,
      authenticationCode2,
    });
  /** Two codes that are not two consecutive codes of the device. */
  const wrongCodes = (seed: string): [string, string] => {
    const now = step();
    return [code(seed, now - 10), code(seed, now - 9)];
  };

  beforeAll(async () => {
    s = await startDistributedServices();
    redis = new Redis(s.infra.redisUrl);
    expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'pat' })).status).toBe(201);
  });

  afterAll(async () => {
    redis?.disconnect();
    await s?.stop();
  });

  it('refuses an MFA device’s codes after 5 failures, even right ones, for a window that ends', async () => {
    const device = await newDevice('guessed');
    for (let i = 0; i < 5; i++) {
      const wrong = await enable('pat', device.serialNumber, ...wrongCodes(device.seed));
      expect([wrong.status, wrong.body.error.code]).toEqual([403, 'InvalidAuthenticationCode']);
    }
    const now = step();
    const right = await enable(
      'pat',
      device.serialNumber,
      code(device.seed, now - 1),
      code(device.seed, now),
    );
    expect([right.status, right.body.error.code]).toEqual([429, 'Throttling']);
    expect(right.body.error.message).toContain('too many failed attempts for this user or device');
    const ttl = await redis.ttl(key(`subject:mfa-code:${device.serialNumber}`));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(900);
    // The window over (its key expired), the right codes work: they were never checked meanwhile.
    await redis.del(key(`subject:mfa-code:${device.serialNumber}`));
    const later = step();
    const enabled = await enable(
      'pat',
      device.serialNumber,
      code(device.seed, later - 1),
      code(device.seed, later),
    );
    expect(enabled.status).toBe(204);
  });

  it('refuses wrong old passwords on ChangePassword after 5 failures, even the right one', async () => {
    expect(
      (
        await s.rootIdentity.request('PUT', '/v1/account/password-policy', {
          allowUsersToChangePassword: true,
        })
      ).status,
    ).toBe(204);
    expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'sam' })).status).toBe(201);
    expect(
      (await s.rootIdentity.request('PUT', '/v1/users/sam/login-profile', { password: 'Initial-Sam-1!' }))
        .status,
    ).toBe(201);
    const accessKey = await s.rootIdentity.request<Json>('POST', '/v1/users/sam/access-keys');
    const sam: SignedClient = s.rootIdentity.withCredentials(accessKey.body.accessKey);
    const attach = () =>
      s.rootPolicy.request(
        'PUT',
        `/v1/users/sam/attached-policies/${enc('arn:aws:iam::aws:policy/IAMUserChangePassword')}`,
      );
    await eventually(
      async () => (await attach()).status,
      (status) => status === 204,
      { timeoutMs: 30_000 },
    );
    // Allowed once a request without a body is a 400 (validation runs after authorization), not a 403.
    await eventually(
      async () => (await sam.request('POST', '/v1/me/password', {})).status,
      (status) => status === 400,
      { timeoutMs: 30_000 },
    );

    const change = (oldPassword: string) =>
      sam.request<Json>('POST', '/v1/me/password', { oldPassword, newPassword: 'Changed-Sam-2!' });
    for (let i = 0; i < 5; i++) {
      const wrong = await change(`Wrong-Guess-${i}`);
      expect([wrong.status, wrong.body.error.code]).toEqual([403, 'AccessDenied']);
      expect(wrong.body.error.message).toBe('The old password is incorrect.');
    }
    const right = await change('Initial-Sam-1!');
    expect([right.status, right.body.error.code]).toEqual([429, 'Throttling']);
    const subject = key(`subject:password:${s.accountId}/sam`);
    expect(await redis.ttl(subject)).toBeGreaterThan(0);
    expect(await redis.ttl(subject)).toBeLessThanOrEqual(900);
    await redis.del(subject);
    // Refused unchecked: the old password is still the one that changes it.
    expect((await change('Initial-Sam-1!')).status).toBe(204);
  });

  it('refuses an address after 100 failures spread over many devices, each under its own limit', async () => {
    const devices = await Promise.all(Array.from({ length: 25 }, (_, i) => newDevice(`spread-${i}`)));
    let failures = await sourceFailures();
    expect(failures).toBe(10); // 5 device codes and 5 passwords above; refused guesses are not counted
    for (let i = 0; failures < 100; i++) {
      const device = devices[Math.floor(i / 4)]; // 4 failures per device: under the device's limit
      const wrong = await enable('pat', device.serialNumber, ...wrongCodes(device.seed));
      expect([wrong.status, wrong.body.error.code]).toEqual([403, 'InvalidAuthenticationCode']);
      failures++;
    }
    const fresh = devices[24];
    const now = step();
    const right = await enable('pat', fresh.serialNumber, code(fresh.seed, now - 1), code(fresh.seed, now));
    expect([right.status, right.body.error.code]).toEqual([429, 'Throttling']);
    expect(right.body.error.message).toContain('too many failed attempts from this address');
    const ttl = await redis.ttl(key('source:127.0.0.1'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(900);
    expect(await sourceFailures()).toBe(100);
  });
});
