import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SealedSecrets } from '@iam/auth';
import { identifier, type EventStore } from '@iam/event-store';
import type { ServiceEnvironment } from '@iam/platform';
import { createAccountWithRoot, type RootCredentials } from './account-creation';

/**
 * On first start: the management account, its root user and one root access
 * key. Replicas starting together take an advisory lock; the second finds
 * the account and does nothing. Returns the credentials only when it created
 * them (they are shown this once).
 */
export async function bootstrapManagementAccount(
  store: EventStore,
  secrets: SealedSecrets,
  schema: string,
  config: ServiceEnvironment,
): Promise<RootCredentials | undefined> {
  return store.database.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`bootstrap:${schema}`]);
    const { rows } = await tx.query(`SELECT 1 FROM ${identifier(schema)}.accounts WHERE management LIMIT 1`);
    if (rows.length > 0) return undefined;
    const preset =
      config.IAM_ROOT_ACCESS_KEY_ID && config.IAM_ROOT_SECRET_ACCESS_KEY
        ? { accessKeyId: config.IAM_ROOT_ACCESS_KEY_ID, secretAccessKey: config.IAM_ROOT_SECRET_ACCESS_KEY }
        : undefined;
    return createAccountWithRoot(store, secrets, tx, {
      accountName: 'management',
      managementAccount: true,
      rootKey: preset,
      metadata: { correlationId: randomUUID() },
    });
  });
}

/**
 * A generated root key is shown once: standalone mode prints it on the
 * terminal and keeps it in `root-credentials.json` (0600) in its data
 * folder; distributed mode prints it on stderr. Written directly, never
 * through the logger: log pipelines keep lines. A key supplied in the
 * environment is never echoed or copied to disk: whoever set it has it.
 */
export function announceRootCredentials(
  credentials: RootCredentials,
  config: ServiceEnvironment,
  preset: boolean,
): void {
  // The log line "management account created" names the account and key id.
  if (preset) return;
  if (config.IAM_MODE !== 'standalone') {
    process.stderr.write(
      `IAM bootstrap: management account ${credentials.accountId} created; root access key ${credentials.accessKeyId}, ` +
        `secret ${credentials.secretAccessKey} (shown once; set IAM_ROOT_ACCESS_KEY_ID/IAM_ROOT_SECRET_ACCESS_KEY to preset)\n`,
    );
    return;
  }
  const file = path.resolve(config.IAM_DATA_DIR, 'root-credentials.json');
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  process.stdout.write(
    [
      '',
      '  IAM root credentials of the management account (shown once):',
      `    account:           ${credentials.accountId}`,
      `    access key id:     ${credentials.accessKeyId}`,
      `    secret access key: ${credentials.secretAccessKey}`,
      `  Saved to ${file} (mode 0600).`,
      '',
    ].join('\n') + '\n',
  );
}
