import { eventStoreMigrations, PgDatabase, runMigrations } from '@iam/event-store';
import { dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { SecretBox } from '../secret-box';
import { SEALED_SECRETS_TABLE_SQL, SealedSecrets, SecretUnavailable } from './sealed-secrets';

/** The table of sealed secrets on real Postgres: binding, erasure, rotation, and a ring that lacks a key. */
describe('SealedSecrets (real Postgres)', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let schema: string;
  const k1 = SecretBox.generateConfig('k1');
  const k2 = SecretBox.generateConfig('k2');

  beforeAll(async () => {
    infra = await testInfrastructure();
    db = new PgDatabase(infra.databaseUrl);
    schema = `${infra.schemaPrefix}identity`;
    await runMigrations(db, schema, [
      ...eventStoreMigrations,
      { version: 160, name: 'sealed secrets', sql: SEALED_SECRETS_TABLE_SQL },
    ]);
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  it('opens a secret only for what it is bound to, and not once erased', async () => {
    const secrets = new SealedSecrets(db, schema, SecretBox.fromConfig(k1));
    const id = await db.transaction((tx) => secrets.put(tx, 'access-key-secret', 'AKIABOUND', 'the-secret'));
    expect(await secrets.open(id, 'AKIABOUND')).toBe('the-secret');
    await expect(secrets.open(id, 'AKIAOTHER')).rejects.toBeInstanceOf(SecretUnavailable);
    await expect(secrets.open('no-such-id', 'AKIABOUND')).rejects.toBeInstanceOf(SecretUnavailable);
    await db.transaction((tx) => secrets.erase(tx, 'access-key-secret', 'AKIABOUND'));
    await expect(
      new SealedSecrets(db, schema, SecretBox.fromConfig(k1)).open(id, 'AKIABOUND'),
    ).rejects.toBeInstanceOf(SecretUnavailable);
  });

  it('re-seals under the first key of the ring; a ring without the old key then opens everything', async () => {
    const before = new SealedSecrets(db, schema, SecretBox.fromConfig(k1));
    const ids = await db.transaction(async (tx) => [
      await before.put(tx, 'password-hash', 'password-hash:AIDA1', '$argon2id$…'),
      await before.put(tx, 'mfa-seed', 'mfa-seed:arn:aws:iam::123456789012:mfa/x', 'SEED'),
    ]);
    // A process that cached the blobs under k1, then the rotation, then a ring without k1.
    const result = await new SealedSecrets(db, schema, SecretBox.fromConfig(`${k2},${k1}`)).rotate({
      batchSize: 1,
    });
    expect(result).toEqual({ resealed: 2, alreadyCurrent: 0, byKey: { k2: 2 } });
    const after = new SealedSecrets(db, schema, SecretBox.fromConfig(k2));
    expect(await after.open(ids[0], 'password-hash:AIDA1')).toBe('$argon2id$…');
    expect(await after.open(ids[1], 'mfa-seed:arn:aws:iam::123456789012:mfa/x')).toBe('SEED');
    // A ring that lacks the key a secret rests under cannot re-seal it: the rotation stops, nothing changes.
    const k3 = SecretBox.generateConfig('k3');
    await expect(new SealedSecrets(db, schema, SecretBox.fromConfig(k3)).rotate()).rejects.toThrow();
    expect(await after.open(ids[0], 'password-hash:AIDA1')).toBe('$argon2id$…');
  });
});
