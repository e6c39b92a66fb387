/**
 * `iam-admin root-key create --account ACCT`: break-glass for a running
 * system whose account root key is lost. Creates a new access key of the
 * account's root user through identity's event store (its credentials
 * projection, in the same transaction; the outbox hands it to the other
 * services), and prints the secret once. Audited: the `AccessKeyCreated`
 * event names `iam-admin:break-glass` as its actor, with the operator's
 * user and host in its causation id, and reaches the audit trail as every
 * event does. The root user keeps at most two keys (LimitExceeded).
 */
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import { loadSecretBox, SealedSecrets } from '@iam/auth';
import { IamError, Topics } from '@iam/contracts';
import { identifier, PostgresEventStore, type SqlDatabase } from '@iam/event-store';
import { createRootAccessKey, identityProjections, type RootCredentials } from '@iam/identity';
import { schemaOf, UsageError, withDatabase, type AdminIo } from '../admin-context';

/** The actor the break-glass events name. */
export const BREAK_GLASS_ACTOR = 'iam-admin:break-glass';

export async function createRootKey(
  db: SqlDatabase,
  env: NodeJS.ProcessEnv,
  accountId: string,
  mode: 'standalone' | 'distributed',
  dataDir: string,
): Promise<RootCredentials> {
  const schema = schemaOf(env, 'identity');
  const box = loadSecretBox({ configured: env.IAM_KEY_ENCRYPTION_KEYS, mode, dataDir });
  // The secret rests sealed in identity's sealed_secrets table; the event carries only its id.
  const secrets = new SealedSecrets(db, schema, box);
  const store = new PostgresEventStore(db, {
    schema,
    topic: Topics.identity,
    inlineProjections: identityProjections(schema),
  });
  const { rows } = await db.query(`SELECT 1 FROM ${identifier(schema)}.accounts WHERE account_id = $1`, [
    accountId,
  ]);
  if (rows.length === 0) throw new UsageError(`no account ${accountId}`);
  try {
    return await db.transaction((tx) =>
      createRootAccessKey(store, secrets, tx, {
        accountId,
        actorArn: BREAK_GLASS_ACTOR,
        correlationId: `break-glass-${randomUUID()}`,
        causationId: `operator ${userInfo().username}@${hostname()}`,
      }),
    );
  } catch (error) {
    if (error instanceof IamError) throw new UsageError(`${error.code}: ${error.message}`);
    throw error;
  }
}

export function registerRootKey(program: Command, io: AdminIo): void {
  const rootKey = program.command('root-key').description("break-glass access to an account's root user");
  rootKey
    .command('create')
    .description(
      'create an access key of the account root user on a system that lost it (audited as iam-admin:break-glass); prints the secret once',
    )
    .requiredOption('--account <accountId>', 'the 12-digit account id')
    .option('--data-dir <dir>', 'standalone data directory (without DATABASE_URL)')
    .action(async (options: { account: string; dataDir?: string }) => {
      if (!/^\d{12}$/.test(options.account))
        throw new UsageError(`--account must be 12 digits, not ${options.account}`);
      const dataDir = options.dataDir ?? io.env.IAM_DATA_DIR ?? './.iam-data';
      const created = await withDatabase(io, options.dataDir, ({ db, kind }) =>
        createRootKey(
          db,
          io.env,
          options.account,
          kind === 'standalone' || io.env.IAM_MODE === 'standalone' ? 'standalone' : 'distributed',
          dataDir,
        ),
      );
      io.out(
        [
          `root access key of account ${created.accountId} created (shown once):`,
          `  access key id:     ${created.accessKeyId}`,
          `  secret access key: ${created.secretAccessKey}`,
          '',
        ].join('\n'),
      );
    });
}
