import { randomUUID } from 'node:crypto';
import * as argon2 from 'argon2';
import { SealedSecrets, SecretBox } from '@iam/auth';
import {
  IdentityEventTypes as T,
  IdentitySchemaVersion as v1,
  legacySecretId,
  Topics,
  type NewEvent,
} from '@iam/contracts';
import { eventStoreMigrations, PgDatabase, PostgresEventStore, runMigrations } from '@iam/event-store';
import { dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { identityMigrations } from '../identity.migrations';

/**
 * A database written by a version that sealed secrets into events (schema
 * version 1), then migrated: migration 161 copies every blob into
 * `sealed_secrets` under `legacySecretId(blob)`, the credentials projection
 * keeps only that id (165), and readers see version 2 events naming the id.
 * The stored events themselves are not rewritten.
 */
describe('secrets sealed in version-1 events, migrated (real Postgres)', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let schema: string;
  const box = SecretBox.fromConfig(SecretBox.generateConfig('k1'));
  const accountId = '123456789012';
  const userId = 'AIDAMIGRATEDUSER00001';
  const accessKeyId = 'AKIAMIGRATEDKEY00001';
  const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const serialNumber = `arn:aws:iam::${accountId}:mfa/old-phone`;
  const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

  beforeAll(async () => {
    infra = await testInfrastructure();
    db = new PgDatabase(infra.databaseUrl);
    schema = `${infra.schemaPrefix}identity`;
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  it('moves every sealed blob into sealed_secrets; readers get ids that open', async () => {
    // The database as the previous version left it.
    const before = [...eventStoreMigrations, ...identityMigrations.filter((m) => m.version < 160)];
    await runMigrations(db, schema, before);
    const sealedSecret = box.seal(secretAccessKey, accessKeyId);
    const hash = await argon2.hash('Kettle-Orbit-93!');
    const sealedHash = box.seal(hash, `password-hash:${userId}`);
    const sealedSeed = box.seal(seed, `mfa-seed:${serialNumber}`);
    const store = new PostgresEventStore(db, { schema, topic: Topics.identity });
    const metadata = { accountId, actorArn: `arn:aws:iam::${accountId}:root`, correlationId: randomUUID() };
    const userName = 'old-timer';
    await store.append(
      `user-${userId}`,
      'any',
      [
        {
          type: T.AccessKeyCreated,
          schemaVersion: v1,
          payload: {
            userId,
            userName,
            accessKeyId,
            status: 'Active',
            createDate: '2026-01-01T00:00:00Z',
            encryptedSecret: sealedSecret,
          },
        },
        {
          type: T.LoginProfileCreated,
          schemaVersion: v1,
          payload: {
            userId,
            userName,
            createDate: '2026-01-01T00:00:00Z',
            passwordResetRequired: false,
            encryptedPasswordHash: sealedHash,
          },
        },
        {
          type: T.LoginProfileUpdated,
          schemaVersion: v1,
          payload: {
            userId,
            userName,
            passwordResetRequired: true,
            encryptedPasswordHash: null,
            passwordLastChanged: null,
          },
        },
      ] as unknown as NewEvent[],
      metadata,
    );
    await store.append(
      `mfa-${serialNumber}`,
      'any',
      [
        {
          type: T.VirtualMfaDeviceCreated,
          schemaVersion: v1,
          payload: {
            serialNumber,
            accountId,
            virtualMfaDeviceName: 'old-phone',
            path: '/',
            createDate: '2026-01-01T00:00:00Z',
            encryptedSeed: sealedSeed,
          },
        },
      ] as unknown as NewEvent[],
      metadata,
    );
    // The credentials projection as the previous version wrote it: the sealed secret in its row.
    await db.query(
      `INSERT INTO "${schema}".auth_access_keys (access_key_id, user_id, status, encrypted_secret) VALUES ($1, $2, 'Active', $3)`,
      [accessKeyId, userId, sealedSecret],
    );

    // The new version starts: its migrations run.
    expect(await runMigrations(db, schema, [...eventStoreMigrations, ...identityMigrations])).toEqual(
      expect.arrayContaining([160, 161, 165]),
    );

    const { rows } = await db.query<{
      secret_id: string;
      kind: string;
      associated_data: string;
      key_id: string;
    }>(`SELECT secret_id, kind, associated_data, key_id FROM "${schema}".sealed_secrets ORDER BY kind`);
    expect(rows).toEqual([
      {
        secret_id: legacySecretId(sealedSecret),
        kind: 'access-key-secret',
        associated_data: accessKeyId,
        key_id: 'k1',
      },
      {
        secret_id: legacySecretId(sealedSeed),
        kind: 'mfa-seed',
        associated_data: `mfa-seed:${serialNumber}`,
        key_id: 'k1',
      },
      {
        secret_id: legacySecretId(sealedHash),
        kind: 'password-hash',
        associated_data: `password-hash:${userId}`,
        key_id: 'k1',
      },
    ]);
    const projected = await db.query<{ secret_id: string }>(
      `SELECT secret_id FROM "${schema}".auth_access_keys WHERE access_key_id = $1`,
      [accessKeyId],
    );
    expect(projected.rows).toEqual([{ secret_id: legacySecretId(sealedSecret) }]);

    // Readers (here the event store's) see version 2, naming ids that open to the secrets.
    const secrets = new SealedSecrets(db, schema, box);
    const [keyCreated, profileCreated, profileUpdated] = await store.readStream(`user-${userId}`);
    expect(keyCreated).toMatchObject({
      schemaVersion: 2,
      payload: { secretId: legacySecretId(sealedSecret) },
    });
    expect(JSON.stringify([keyCreated, profileCreated, profileUpdated])).not.toContain('"v1.');
    const keyPayload = keyCreated.payload as { secretId: string };
    expect(await secrets.open(keyPayload.secretId, accessKeyId)).toBe(secretAccessKey);
    const profilePayload = profileCreated.payload as { passwordHashId: string };
    expect(
      await argon2.verify(
        await secrets.open(profilePayload.passwordHashId, `password-hash:${userId}`),
        'Kettle-Orbit-93!',
      ),
    ).toBe(true);
    expect(profileUpdated.payload).toMatchObject({ passwordHashId: null });
    const [deviceCreated] = await store.readStream(`mfa-${serialNumber}`);
    const devicePayload = deviceCreated.payload as { seedId: string };
    expect(await secrets.open(devicePayload.seedId, `mfa-seed:${serialNumber}`)).toBe(seed);

    // Stored events are never rewritten: the old blobs stay in them until the key that opens them is retired.
    const raw = await db.query<{ data: string }>(`SELECT data::text AS data FROM "${schema}".events`);
    expect(raw.rows.map((r) => r.data).join('\n')).toContain(sealedSecret);
  });
});
