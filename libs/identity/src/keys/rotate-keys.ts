import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SealedSecrets, SecretBox, type RotationResult } from '@iam/auth';
import { PgDatabase, PgliteDatabase, type SqlDatabase } from '@iam/event-store';
import { DataDirectoryLock } from '@iam/platform';

export type { RotationResult } from '@iam/auth';

/**
 * `keys rotate`: re-seals every secret in identity's `sealed_secrets` under
 * the current (first) key of `ring`. Afterwards no stored secret needs an
 * older key, so it can be removed from IAM_KEY_ENCRYPTION_KEYS (see the
 * README, "Keys and secrets at rest", for what else an older key still
 * opens: temporary sessions and authorization messages, for at most 36 h).
 * Idempotent, safe beside running services (rows are re-sealed in batches,
 * each in a transaction of its own; services re-read a blob whose key they
 * no longer hold).
 */
export async function rotateKeys(options: {
  database: SqlDatabase;
  /** Identity's schema: `<IAM_SCHEMA_PREFIX>identity`. */
  identitySchema: string;
  /** The key-encryption key ring, the key to seal under first, every key still in use after it. */
  ring: SecretBox;
  batchSize?: number;
}): Promise<RotationResult> {
  const secrets = new SealedSecrets(options.database, options.identitySchema, options.ring);
  if (!(await secrets.tableExists())) {
    throw new Error(
      `the sealed secrets of ${options.identitySchema} do not exist yet: start the identity service once (it migrates) before rotating`,
    );
  }
  return secrets.rotate({ batchSize: options.batchSize });
}

/** What `rotateKeysFromEnvironment` did: the rotation, and in standalone mode the key it made. */
export interface KeyRotationReport extends RotationResult {
  mode: 'standalone' | 'distributed';
  currentKeyId: string;
  /** Standalone: the key ids removed from the data folder's key file once nothing needed them. */
  retiredKeyIds: string[];
}

/**
 * The operator's entry point (`npm run keys:rotate`, `iam-admin keys rotate`), from the
 * services' own environment:
 *
 * - distributed (`DATABASE_URL`): IAM_KEY_ENCRYPTION_KEYS must already list
 *   the new key first and the old ones after it (the same ring the services
 *   were restarted with); every secret is re-sealed under the new key. The
 *   operator then removes the old keys from every service's configuration.
 * - standalone (no DATABASE_URL): the data folder must not be in use (the
 *   server stopped; its lock is taken). A new key is made and put first in
 *   the folder's key file, every secret is re-sealed under it, then the old
 *   keys are removed from the file. An IAM_KEY_ENCRYPTION_KEYS set in the
 *   environment is used as given instead (first key seals), and no file is written.
 */
export async function rotateKeysFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): Promise<KeyRotationReport> {
  const identitySchema = `${env.IAM_SCHEMA_PREFIX ?? ''}identity`;
  if (env.DATABASE_URL) {
    if (!env.IAM_KEY_ENCRYPTION_KEYS) {
      throw new Error(
        'IAM_KEY_ENCRYPTION_KEYS is required: the ring with the new key first, the old ones after',
      );
    }
    const ring = SecretBox.fromConfig(env.IAM_KEY_ENCRYPTION_KEYS);
    const database = new PgDatabase(env.DATABASE_URL, { applicationName: 'iam-keys-rotate' });
    try {
      const result = await rotateKeys({ database, identitySchema, ring });
      return { ...result, mode: 'distributed', currentKeyId: ring.currentKey, retiredKeyIds: [] };
    } finally {
      await database.close();
    }
  }
  const dataDir = path.resolve(env.IAM_DATA_DIR ?? './.iam-data');
  if (!existsSync(path.join(dataDir, 'pglite')))
    throw new Error(`no standalone data in ${dataDir} (IAM_DATA_DIR)`);
  const lock = DataDirectoryLock.acquire(dataDir);
  let database: PgliteDatabase | undefined;
  try {
    database = await PgliteDatabase.open(path.join(dataDir, 'pglite'));
    if (env.IAM_KEY_ENCRYPTION_KEYS) {
      const ring = SecretBox.fromConfig(env.IAM_KEY_ENCRYPTION_KEYS);
      const result = await rotateKeys({ database, identitySchema, ring });
      return { ...result, mode: 'standalone', currentKeyId: ring.currentKey, retiredKeyIds: [] };
    }
    const file = path.join(dataDir, 'key-encryption-keys');
    const old = readFileSync(file, 'utf8').trim();
    const oldIds = old.split(',').map((entry) => entry.split(':')[0].trim());
    const newId = nextKeyId(oldIds);
    const newEntry = SecretBox.generateConfig(newId);
    // The new key first and the old ones kept until every secret is re-sealed: a crash leaves a ring that opens all.
    writeFileSync(file, `${newEntry},${old}`, { mode: 0o600 });
    const result = await rotateKeys({
      database,
      identitySchema,
      ring: SecretBox.fromConfig(`${newEntry},${old}`),
    });
    writeFileSync(file, newEntry, { mode: 0o600 });
    return { ...result, mode: 'standalone', currentKeyId: newId, retiredKeyIds: oldIds };
  } finally {
    await database?.close();
    lock.release();
  }
}

/** `k<n+1>` after the highest `k<n>` in use (or after their count). */
function nextKeyId(ids: string[]): string {
  const numbers = ids.map((id) => /^k(\d+)$/.exec(id)?.[1]).filter((n): n is string => n !== undefined);
  const highest = Math.max(ids.length, ...numbers.map(Number));
  let n = highest + 1;
  while (ids.includes(`k${n}`)) n++;
  return `k${n}`;
}
