import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generateSync } from '@otplib/totp';
import { EventStore } from '@iam/event-store';
import { base32Plugin } from '@iam/service-kit';
import { MfaCodeVerifier } from '../mfa-devices/mfa-code-verifier';
import { startIdentityTestApp, type IdentityTestApp } from './identity-test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const crypto = new NodeCryptoPlugin();
const step = () => Math.floor(Date.now() / 1000 / 30);
/** The code an authenticator app shows at a time step (RFC 6238: SHA-1, 30 s, 6 digits). */
const code = (secret: string, timeStep: number) =>
  generateSync({ secret, epoch: timeStep * 30, crypto, base32: base32Plugin });

/**
 * Virtual MFA devices over signed HTTP on real Postgres, Redis and Kafka:
 * the seed shown once, enabling with two consecutive codes, each code
 * accepted once, deactivation, deletion and what they conflict with.
 */
describe('virtual MFA devices over signed HTTP', () => {
  let t: IdentityTestApp;
  let serialNumber: string;
  let seed: string;
  let enabledAt: number;

  const enable = (userName: string, authenticationCode1: string, authenticationCode2: string) =>
    t.root.request<Json>('POST', `/v1/users/${userName}/mfa-devices`, {
      serialNumber,
      authenticationCode1,
      authenticationCode2,
    });

  beforeAll(async () => {
    t = await startIdentityTestApp();
    for (const userName of ['pat', 'quinn']) {
      expect((await t.root.request('POST', '/v1/users', { userName })).status).toBe(201);
    }
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('creates a device and returns its seed and otpauth URI once', async () => {
    const created = await t.root.request<Json>('POST', '/v1/mfa-devices', {
      virtualMfaDeviceName: 'pat-phone',
      path: '/team/',
    });
    expect(created.status).toBe(201);
    const device = created.body.virtualMFADevice;
    serialNumber = device.serialNumber;
    seed = device.base32StringSeed;
    expect(serialNumber).toBe(`arn:aws:iam::${t.rootAccountId}:mfa/team/pat-phone`);
    expect(seed).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(device.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(seed);

    const again = await t.root.request<Json>('POST', '/v1/mfa-devices', {
      virtualMfaDeviceName: 'pat-phone',
      path: '/team/',
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'EntityAlreadyExists']);
    for (const [body, field] of [
      [{ virtualMfaDeviceName: 'has space' }, 'virtualMfaDeviceName'],
      [{ virtualMfaDeviceName: 'x'.repeat(227) }, 'virtualMfaDeviceName'],
      [{ virtualMfaDeviceName: 'ok', path: 'no-slashes' }, 'path'],
      [{}, 'virtualMfaDeviceName'],
    ] as const) {
      const bad = await t.root.request<Json>('POST', '/v1/mfa-devices', body);
      expect([bad.status, bad.body.error.code]).toEqual([400, 'ValidationError']);
      expect(bad.body.error.message).toContain(field);
    }
  });

  it('refuses wrong, malformed and non-consecutive codes', async () => {
    const now = step();
    const cases: [string, string, number, string][] = [
      [code(seed, now), code(seed, now - 1), 403, 'InvalidAuthenticationCode'],
      [code(seed, now - 1), code(seed, now + 1), 403, 'InvalidAuthenticationCode'],
      [code(seed, now - 10), code(seed, now - 9), 403, 'InvalidAuthenticationCode'],
      ['12ab56', code(seed, now), 400, 'ValidationError'],
      [code(seed, now), '1234567', 400, 'ValidationError'],
    ];
    for (const [first, second, status, errorCode] of cases) {
      const response = await enable('pat', first, second);
      expect([response.status, response.body.error.code]).toEqual([status, errorCode]);
    }
    const nobody = await enable('nobody', code(seed, now - 1), code(seed, now));
    expect([nobody.status, nobody.body.error.code]).toEqual([404, 'NoSuchEntity']);
    expect((await t.root.request<Json>('GET', '/v1/users/pat/mfa-devices')).body.mfaDevices).toEqual([]);
  });

  it('enables with two consecutive codes and lists the device without its seed', async () => {
    enabledAt = step();
    const enabled = await enable('pat', code(seed, enabledAt - 1), code(seed, enabledAt));
    expect(enabled.status).toBe(204);

    const listed = await t.root.request<Json>('GET', '/v1/users/pat/mfa-devices');
    expect(listed).toEqual({
      status: 200,
      body: {
        mfaDevices: [{ userName: 'pat', serialNumber, enableDate: expect.any(String) }],
        isTruncated: false,
      },
    });
    expect(JSON.stringify(listed.body)).not.toContain(seed);

    // The same codes again, for another user: the device is taken, and the codes are spent.
    const second = await enable('quinn', code(seed, enabledAt - 1), code(seed, enabledAt));
    expect([second.status, second.body.error.code]).toEqual([409, 'EntityAlreadyExists']);
  });

  it('lists the account’s devices with their users (ListVirtualMFADevices), by assignment and page', async () => {
    const spare = await t.root.request<Json>('POST', '/v1/mfa-devices', { virtualMfaDeviceName: 'spare' });
    expect(spare.status).toBe(201);
    const spareSerial = spare.body.virtualMFADevice.serialNumber as string;
    const pat = (await t.root.request<Json>('GET', '/v1/users/pat')).body.user;

    const all = await t.root.request<Json>('GET', '/v1/mfa-devices');
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      virtualMFADevices: [
        { serialNumber: spareSerial },
        {
          serialNumber,
          enableDate: expect.any(String),
          user: { userName: 'pat', userId: pat.userId, arn: pat.arn },
        },
      ],
      isTruncated: false,
    });
    expect(JSON.stringify(all.body)).not.toContain(seed);
    const assigned = await t.root.request<Json>('GET', '/v1/mfa-devices?assignmentStatus=Assigned');
    expect(assigned.body.virtualMFADevices.map((d: Json) => d.serialNumber)).toEqual([serialNumber]);
    const unassigned = await t.root.request<Json>('GET', '/v1/mfa-devices?assignmentStatus=Unassigned');
    expect(unassigned.body.virtualMFADevices.map((d: Json) => d.serialNumber)).toEqual([spareSerial]);

    const first = await t.root.request<Json>('GET', '/v1/mfa-devices?maxItems=1');
    expect(first.body).toMatchObject({
      virtualMFADevices: [{ serialNumber: spareSerial }],
      isTruncated: true,
    });
    const next = await t.root.request<Json>(
      'GET',
      `/v1/mfa-devices?maxItems=1&marker=${encodeURIComponent(first.body.marker)}`,
    );
    expect(next.body).toMatchObject({ virtualMFADevices: [{ serialNumber }], isTruncated: false });

    const bad = await t.root.request<Json>('GET', '/v1/mfa-devices?assignmentStatus=Some');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'ValidationError']);
    expect(bad.body.error.message).toContain('assignmentStatus');
    expect(
      (await t.root.request('DELETE', `/v1/mfa-devices/${encodeURIComponent(spareSerial)}`)).status,
    ).toBe(204);
  });

  it('accepts each code once (MfaCodeVerifier)', async () => {
    const verifier = t.app.app.get(MfaCodeVerifier);
    const account = t.rootAccountId;
    expect(await verifier.verify(account, 'pat', code(seed, enabledAt))).toBe(false);
    expect(await verifier.verify(account, 'pat', code(seed, enabledAt - 1))).toBe(false);
    const fresh = code(seed, enabledAt + 1);
    expect(await verifier.verify(account, 'quinn', fresh)).toBe(false);
    expect(await verifier.verify(account, 'pat', fresh)).toBe(true);
    expect(await verifier.verify(account, 'pat', fresh)).toBe(false);
    expect(await verifier.verify(account, 'pat', 'abcdef')).toBe(false);
    expect(await verifier.verify(account, 'nobody', fresh)).toBe(false);
  });

  it('keeps a user and a device with MFA from deletion, and other accounts out', async () => {
    const user = await t.root.request<Json>('DELETE', '/v1/users/pat');
    expect([user.status, user.body.error.code]).toEqual([409, 'DeleteConflict']);
    expect(user.body.error.message).toContain('deactivate MFA devices');
    const device = await t.root.request<Json>(
      'DELETE',
      `/v1/mfa-devices/${encodeURIComponent(serialNumber)}`,
    );
    expect([device.status, device.body.error.code]).toEqual([409, 'DeleteConflict']);

    const member = await t.root.request<Json>('POST', '/v1/accounts', { accountName: 'member' });
    const memberRoot = t.root.withCredentials(member.body.rootAccessKey);
    expect((await memberRoot.request('POST', '/v1/users', { userName: 'pat' })).status).toBe(201);
    const foreignDelete = await memberRoot.request<Json>(
      'DELETE',
      `/v1/mfa-devices/${encodeURIComponent(serialNumber)}`,
    );
    expect([403, 404]).toContain(foreignDelete.status);
    const foreignEnable = await memberRoot.request<Json>('POST', '/v1/users/pat/mfa-devices', {
      serialNumber,
      authenticationCode1: code(seed, step()),
      authenticationCode2: code(seed, step() + 1),
    });
    expect([foreignEnable.status, foreignEnable.body.error.code]).toEqual([404, 'NoSuchEntity']);
    const foreignDeactivate = await memberRoot.request<Json>(
      'DELETE',
      `/v1/users/pat/mfa-devices/${encodeURIComponent(serialNumber)}`,
    );
    expect([foreignDeactivate.status, foreignDeactivate.body.error.code]).toEqual([404, 'NoSuchEntity']);
    expect((await memberRoot.request<Json>('GET', '/v1/users/pat/mfa-devices')).body.mfaDevices).toEqual([]);
  });

  it('deactivates (both streams), refuses the spent codes on re-enable, then deletes', async () => {
    const path = `/v1/users/pat/mfa-devices/${encodeURIComponent(serialNumber)}`;
    const wrongUser = await t.root.request<Json>(
      'DELETE',
      `/v1/users/quinn/mfa-devices/${encodeURIComponent(serialNumber)}`,
    );
    expect([wrongUser.status, wrongUser.body.error.code]).toEqual([404, 'NoSuchEntity']);
    expect((await t.root.request('DELETE', path)).status).toBe(204);
    expect((await t.root.request<Json>('GET', '/v1/users/pat/mfa-devices')).body.mfaDevices).toEqual([]);
    expect((await t.root.request<Json>('DELETE', path)).status).toBe(404);

    const replayed = await enable('pat', code(seed, enabledAt - 1), code(seed, enabledAt));
    expect([replayed.status, replayed.body.error.code]).toEqual([403, 'InvalidAuthenticationCode']);

    const device = `/v1/mfa-devices/${encodeURIComponent(serialNumber)}`;
    expect((await t.root.request('DELETE', device)).status).toBe(204);
    const gone = await t.root.request<Json>('DELETE', device);
    expect([gone.status, gone.body.error.code]).toEqual([404, 'NoSuchEntity']);
    const enableGone = await enable('pat', code(seed, step() - 1), code(seed, step()));
    expect([enableGone.status, enableGone.body.error.code]).toEqual([404, 'NoSuchEntity']);
    expect((await t.root.request('DELETE', '/v1/users/pat')).status).toBe(204);
  });

  it('enables on the device and the user stream in one transaction', async () => {
    const store = t.app.app.get(EventStore);
    const { rows } = await store.database.query<{ event_type: string; tx: string }>(
      `SELECT event_type, transaction_id::text AS tx FROM "${t.infra.schemaPrefix}identity".events
        WHERE event_type IN ('iam.identity.VirtualMfaDeviceEnabled', 'iam.identity.MfaDeviceEnabled')
        ORDER BY global_position`,
    );
    expect(rows.map((r) => r.event_type)).toEqual([
      'iam.identity.VirtualMfaDeviceEnabled',
      'iam.identity.MfaDeviceEnabled',
    ]);
    expect(rows[0].tx).toBe(rows[1].tx);
  });

  it('enables, deactivates and deletes a device whose path holds a colon; refuses a path its serial number could not take', async () => {
    const created = await t.root.request<Json>('POST', '/v1/mfa-devices', {
      virtualMfaDeviceName: 'quinn-key',
      path: '/team:blue/',
    });
    expect(created.status).toBe(201);
    const device = created.body.virtualMFADevice;
    expect(device.serialNumber).toBe(`arn:aws:iam::${t.rootAccountId}:mfa/team:blue/quinn-key`);
    const now = step();
    const enabled = await t.root.request<Json>('POST', '/v1/users/quinn/mfa-devices', {
      serialNumber: device.serialNumber,
      authenticationCode1: code(device.base32StringSeed, now - 1),
      authenticationCode2: code(device.base32StringSeed, now),
    });
    expect(enabled.status).toBe(204);
    const serial = encodeURIComponent(device.serialNumber);
    expect((await t.root.request('DELETE', `/v1/users/quinn/mfa-devices/${serial}`)).status).toBe(204);
    expect((await t.root.request('DELETE', `/v1/mfa-devices/${serial}`)).status).toBe(204);

    const trapped = await t.root.request<Json>('POST', '/v1/mfa-devices', {
      virtualMfaDeviceName: 'quinn-key',
      path: '/team!blue/',
    });
    expect([trapped.status, trapped.body.error.code]).toEqual([400, 'ValidationError']);
    expect(trapped.body.error.message).toContain("at 'path'");
  });

  it('keeps the seed out of every event, even sealed: it rests sealed in sealed_secrets until its device is deleted', async () => {
    // One device still alive, beside the deleted ones of the tests before.
    const kept = await t.root.request<Json>('POST', '/v1/mfa-devices', { virtualMfaDeviceName: 'kept-key' });
    expect(kept.status).toBe(201);
    const keptSeed = kept.body.virtualMFADevice.base32StringSeed as string;
    const store = t.app.app.get(EventStore);
    const { rows } = await store.database.query<{ event_type: string; data: string }>(
      `SELECT event_type, data::text AS data FROM "${t.infra.schemaPrefix}identity".events`,
    );
    expect(rows.map((r) => r.data).join('\n')).not.toContain(seed);
    expect(rows.map((r) => r.data).join('\n')).not.toContain(keptSeed);
    expect(rows.map((r) => r.data).join('\n')).not.toMatch(/"v1\.[^".]+\./);
    const payloadsOf = (type: string) =>
      rows
        .filter((r) => r.event_type.endsWith(`.${type}`))
        .map((r) => JSON.parse(r.data) as Record<string, string>);
    const deleted = new Set(payloadsOf('VirtualMfaDeviceDeleted').map((p) => p.serialNumber));
    const created = payloadsOf('VirtualMfaDeviceCreated');
    for (const device of created) expect(device.seedId).toMatch(/^[0-9a-f-]{36}$/);
    const seedsOf = async (devices: Record<string, string>[]) =>
      (
        await store.database.query<{ kind: string; sealed: string }>(
          `SELECT kind, sealed FROM "${t.infra.schemaPrefix}identity".sealed_secrets WHERE secret_id = ANY($1)`,
          [devices.map((d) => d.seedId)],
        )
      ).rows;
    const live = created.filter((d) => !deleted.has(d.serialNumber));
    const gone = created.filter((d) => deleted.has(d.serialNumber));
    expect(live.length).toBeGreaterThan(0);
    expect(gone.length).toBeGreaterThan(0);
    // A deleted device's seed was erased with it; every other seed rests sealed, never in clear.
    expect(await seedsOf(gone)).toEqual([]);
    const sealed = await seedsOf(live);
    expect(sealed).toHaveLength(live.length);
    for (const row of sealed) {
      expect(row).toEqual({ kind: 'mfa-seed', sealed: expect.stringMatching(/^v1\./) });
      expect(row.sealed).not.toContain(seed);
      expect(row.sealed).not.toContain(keptSeed);
    }
    const types = rows.map((r) => r.event_type.replace('iam.identity.', ''));
    for (const type of [
      'VirtualMfaDeviceEnabled',
      'MfaDeviceEnabled',
      'MfaCodeAccepted',
      'VirtualMfaDeviceDeactivated',
      'MfaDeviceDeactivated',
      'VirtualMfaDeviceDeleted',
    ]) {
      expect(types).toContain(type);
    }
  });
});
