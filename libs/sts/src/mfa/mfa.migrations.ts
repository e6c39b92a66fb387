import type { Migration } from '@iam/event-store';

/**
 * Identity's virtual MFA devices as sts needs them to check codes
 * (AssumeRole, GetSessionToken, sign-in): fed from `iam.identity.v1`.
 * Versions 210–219 belong to this slice (issuance and sign-in have theirs).
 */
export const mfaMigrations: Migration[] = [
  {
    version: 210,
    name: 'mfa devices: owner, sealed seed, last time step used',
    sql: `
      CREATE TABLE {schema}.mfa_devices (
        serial_number text PRIMARY KEY,
        account_id text NOT NULL,
        sealed_seed text NOT NULL,
        user_id text,
        last_time_step bigint
      );
      CREATE INDEX mfa_devices_user ON {schema}.mfa_devices (user_id) WHERE user_id IS NOT NULL;
    `,
  },
  {
    version: 219,
    name: 'mfa devices: name the sealed seed by id (in identity), the sealed copies are dropped',
    // The id identity's migration 161 stored the blob under (legacySecretId in @iam/contracts).
    sql: `
      ALTER TABLE {schema}.mfa_devices RENAME COLUMN sealed_seed TO seed_id;
      UPDATE {schema}.mfa_devices SET seed_id = 'legacy-' || encode(sha256(convert_to(seed_id, 'UTF8')), 'hex');
    `,
  },
];
