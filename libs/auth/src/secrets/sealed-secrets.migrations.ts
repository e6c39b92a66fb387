import type { Migration } from '@iam/event-store';
import { SEALED_SECRETS_TABLE_SQL } from './sealed-secrets';

/**
 * The sealed-secrets table (identity's schema, where the secrets are made)
 * and the move of version-1 events' sealed blobs into it. Identity runs
 * these among its migrations; the table and its one reader/writer,
 * `SealedSecrets`, are this library's.
 */
export const sealedSecretsMigrations: Migration[] = [
  {
    version: 160,
    name: 'sealed secrets: one table, events name secrets by id',
    sql: SEALED_SECRETS_TABLE_SQL,
  },
  {
    version: 161,
    name: 'sealed secrets: copy the blobs of version-1 events into the table (under the ids the upcaster derives)',
    // legacySecretId (@iam/contracts) computes the same id from the blob. Stored events are not rewritten.
    sql: `
      INSERT INTO {schema}.sealed_secrets (secret_id, kind, associated_data, key_id, sealed, created_at)
      SELECT 'legacy-' || encode(sha256(convert_to(sealed, 'UTF8')), 'hex'), kind, associated_data,
             split_part(sealed, '.', 2), sealed, created_at
        FROM (
        SELECT data->>'encryptedSecret' AS sealed, 'access-key-secret' AS kind, data->>'accessKeyId' AS associated_data, created_at
          FROM {schema}.events WHERE event_type = 'iam.identity.AccessKeyCreated' AND schema_version = 1
        UNION ALL
        SELECT data->>'encryptedPasswordHash', 'password-hash', 'password-hash:' || (data->>'userId'), created_at
          FROM {schema}.events
         WHERE event_type IN ('iam.identity.LoginProfileCreated', 'iam.identity.LoginProfileUpdated', 'iam.identity.PasswordChanged')
           AND schema_version = 1
        UNION ALL
        SELECT data->>'encryptedSeed', 'mfa-seed', 'mfa-seed:' || (data->>'serialNumber'), created_at
          FROM {schema}.events WHERE event_type = 'iam.identity.VirtualMfaDeviceCreated' AND schema_version = 1
        ) AS v1
       WHERE sealed IS NOT NULL AND sealed <> ''
      ON CONFLICT (secret_id) DO NOTHING;
    `,
  },
];
