import { randomUUID } from 'node:crypto';
import { SEALED_SECRETS_TABLE_SQL, SealedSecrets, SecretBox } from '@iam/auth';
import {
  IdentityEventTypes as T,
  IdentitySchemaVersion,
  type EventEnvelope,
  type IdentityEvent,
} from '@iam/contracts';
import { eventStoreMigrations, PgDatabase, runMigrations, type Projection } from '@iam/event-store';
import { GuessLimiter, MfaCodeOnce, seedAssociatedData, timeStepAt, totpCode } from '@iam/service-kit';
import { dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { RedisTtlStore } from '@iam/ttl-store';
import { mfaMigrations } from './mfa.migrations';
import { StsMfaDevicesProjection } from './mfa-devices.projection';
import { StsMfaVerifier } from './sts-mfa-verifier';

const accountId = '111122223333';
const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const now = 1_700_000_000_000;
const step = timeStepAt(now);
const pat = { userId: 'AIDAPATPATPATPATPATPA', userName: 'pat' };
const wrongCode = (right: string) => (right === '000000' ? '000001' : '000000');

/**
 * The sts side of MFA on real Postgres and Redis: identity's device events
 * projected into the sts schema, codes checked against the sealed seed, each
 * code accepted once across services through the shared claim in Redis.
 */
describe('StsMfaVerifier on real Postgres and Redis', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let ttl: RedisTtlStore;
  let schema: string;
  let projection: Projection;
  let verifier: StsMfaVerifier;
  let identityOnce: MfaCodeOnce;
  const box = SecretBox.fromConfig(SecretBox.generateConfig('int'));
  let secrets: SealedSecrets;

  beforeAll(async () => {
    infra = await testInfrastructure();
    schema = `${infra.schemaPrefix}sts`;
    db = new PgDatabase(infra.databaseUrl);
    await runMigrations(db, schema, [...eventStoreMigrations, ...mfaMigrations]);
    // Identity's table of sealed secrets, which sts reads the seeds from.
    const identitySchema = `${infra.schemaPrefix}identity`;
    await runMigrations(db, identitySchema, [
      { version: 160, name: 'sealed secrets', sql: SEALED_SECRETS_TABLE_SQL },
    ]);
    secrets = new SealedSecrets(db, identitySchema, box);
    ttl = new RedisTtlStore(infra.redisUrl, `test:${randomUUID()}:`);
    projection = new StsMfaDevicesProjection(schema);
    const once = new MfaCodeOnce(ttl, { namespace: infra.schemaPrefix });
    // Identity's verifier claims through its own instance on the same store and namespace.
    identityOnce = new MfaCodeOnce(ttl, { namespace: infra.schemaPrefix });
    verifier = new StsMfaVerifier(db, schema, secrets, new GuessLimiter(ttl), once);
  });

  afterAll(async () => {
    await ttl.close();
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  let version = 0;
  function event(type: IdentityEvent['type'], serialNumber: string, payload: object): EventEnvelope {
    return {
      eventId: randomUUID(),
      type,
      schemaVersion: IdentitySchemaVersion,
      streamId: `mfa-${serialNumber}`,
      streamVersion: ++version,
      accountId,
      occurredAt: new Date(now).toISOString(),
      actorArn: `arn:aws:iam::${accountId}:root`,
      correlationId: randomUUID(),
      causationId: null,
      payload,
    };
  }
  const apply = (...events: EventEnvelope[]) =>
    db.transaction(async (tx) => {
      for (const e of events) await projection.apply(tx, e);
    });

  /** A device created and enabled for pat, its second enabling code at `step - 1`. */
  async function enabledDevice(name: string): Promise<string> {
    const serialNumber = `arn:aws:iam::${accountId}:mfa/${name}`;
    const seedId = await db.transaction((tx) =>
      secrets.put(tx, 'mfa-seed', seedAssociatedData(serialNumber), seed),
    );
    await apply(
      event(T.VirtualMfaDeviceCreated, serialNumber, {
        serialNumber,
        accountId,
        virtualMfaDeviceName: name,
        path: '/',
        createDate: new Date(now).toISOString(),
        seedId,
      }),
      event(T.VirtualMfaDeviceEnabled, serialNumber, {
        serialNumber,
        ...pat,
        enableDate: new Date(now).toISOString(),
        timeStep: step - 1,
      }),
    );
    return serialNumber;
  }

  const check = (serialNumber: string, tokenCode: string, extra: object = {}) =>
    verifier.verify({
      accountId,
      userId: pat.userId,
      serialNumber,
      tokenCode,
      requestId: randomUUID(),
      nowMs: now,
      ...extra,
    });

  it('accepts a fresh code of the user’s enabled device once', async () => {
    const serial = await enabledDevice('once');
    const code = totpCode(seed, step);
    expect(await check(serial, code)).toBe(true);
    expect(await check(serial, code)).toBe(false);
    // The claim is in Redis, for every service: identity would not accept it either.
    expect(await identityOnce.claim(serial, step)).toBe(false);
  });

  it('refuses a code identity has accepted (claimed) first, and a later one identity has not', async () => {
    const serial = await enabledDevice('identity-first');
    expect(await identityOnce.claim(serial, step)).toBe(true);
    expect(await check(serial, totpCode(seed, step))).toBe(false);
    expect(await check(serial, totpCode(seed, step + 1))).toBe(true);
  });

  it('refuses the enabling codes and anything at or before a step identity recorded', async () => {
    const serial = await enabledDevice('recorded');
    expect(await check(serial, totpCode(seed, step - 1))).toBe(false);
    expect(await check(serial, totpCode(seed, step - 2))).toBe(false);
    // Identity accepted the code of `step` (its MfaCodeAccepted reached sts; the claim is gone).
    await apply(event(T.MfaCodeAccepted, serial, { serialNumber: serial, ...pat, timeStep: step }));
    expect(await check(serial, totpCode(seed, step))).toBe(false);
    // An older event replayed does not move the step back.
    await apply(event(T.MfaCodeAccepted, serial, { serialNumber: serial, ...pat, timeStep: step - 2 }));
    expect(await check(serial, totpCode(seed, step))).toBe(false);
    expect(await check(serial, totpCode(seed, step + 1))).toBe(true);
  });

  it('refuses another user, another account, an unknown device, a bad format, a code out of the window', async () => {
    const serial = await enabledDevice('others');
    const code = totpCode(seed, step);
    expect(await check(serial, code, { userId: 'AIDAQUINNQUINNQUINNQU' })).toBe(false);
    expect(await check(serial, code, { accountId: '999999999999' })).toBe(false);
    expect(await check(`${serial}-unknown`, code)).toBe(false);
    expect(await check(serial, '12345')).toBe(false);
    expect(await check(serial, totpCode(seed, step + 2))).toBe(false);
    expect(await check(serial, code)).toBe(true);
  });

  it('refuses codes of a deactivated device, and of a deleted one', async () => {
    const serial = await enabledDevice('deactivated');
    await apply(event(T.VirtualMfaDeviceDeactivated, serial, { serialNumber: serial, ...pat }));
    expect(await check(serial, totpCode(seed, step))).toBe(false);
    await apply(
      event(T.VirtualMfaDeviceEnabled, serial, {
        serialNumber: serial,
        ...pat,
        enableDate: new Date(now).toISOString(),
        timeStep: step,
      }),
    );
    expect(await check(serial, totpCode(seed, step + 1))).toBe(true);
    await apply(event(T.VirtualMfaDeviceDeleted, serial, { serialNumber: serial }));
    const { rows } = await db.query(`SELECT 1 FROM "${schema}".mfa_devices WHERE serial_number = $1`, [
      serial,
    ]);
    expect(rows).toEqual([]);
  });

  it('throttles wrong codes per user, sharing identity’s count (user name), then refuses a right one', async () => {
    const serial = await enabledDevice('throttled');
    const code = totpCode(seed, step);
    for (let i = 0; i < 5; i++) {
      expect(await check(serial, wrongCode(code), { userName: 'throttled-pat', source: `10.9.0.${i}` })).toBe(
        false,
      );
    }
    await expect(
      check(serial, code, { userName: 'THROTTLED-PAT', source: '10.9.1.1' }),
    ).rejects.toMatchObject({
      code: 'Throttling',
    });
    // The right code was not checked, so it is still unused.
    expect(await identityOnce.claim(serial, step)).toBe(true);
  });
});
