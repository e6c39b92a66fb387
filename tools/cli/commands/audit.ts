/**
 * `iam-admin audit verify --account ACCT [--from ISO --to ISO] [--public-key FILE]…`
 * (also `npm run audit:verify -- …`): verifies an account's audit trail from
 * the database (DATABASE_URL and IAM_SCHEMA_PREFIX, or standalone data) and
 * trusted public keys.
 * Trusted keys: each --public-key (PEM or base64 SPKI DER; repeat for keys
 * rotated out), else the public half of IAM_AUDIT_SIGNING_KEY. Checks every
 * record's hash and link, every lookup column against its payload, every
 * digest's signature and chain; prints the first record changed, removed or
 * inserted, and exits 1 on any problem (2 on bad usage).
 */
import { readFileSync } from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Command } from 'commander';
import {
  keyIdOf,
  loadAuditSigningKey,
  parsePublicKey,
  verifyAccountTrail,
  type VerifyReport,
} from '@iam/audit';
import type { Queryable } from '@iam/event-store';
import { schemaOf, UsageError, withDatabase, type AdminIo } from '../admin-context';

export interface AuditVerifyArguments {
  account: string;
  from?: string;
  to?: string;
  publicKeys: KeyObject[];
}

/** The verification `iam-admin` and this script share: a report, and the lines to print. */
export async function auditVerify(
  db: Queryable,
  schema: string,
  args: AuditVerifyArguments,
): Promise<{ report: VerifyReport; ok: boolean; lines: string[] }> {
  const publicKeys = new Map(args.publicKeys.map((key) => [keyIdOf(key), key]));
  const report = await verifyAccountTrail(db, {
    schema,
    accountId: args.account,
    ...(args.from ? { from: args.from } : {}),
    ...(args.to ? { to: args.to } : {}),
    publicKeys,
  });
  const lines = [
    `account ${report.accountId}: ${report.recordsChecked} records checked` +
      (report.firstSequence === null ? '' : ` (sequence ${report.firstSequence}…${report.lastSequence})`) +
      `, ${report.digestsChecked} digests checked`,
  ];
  if (report.prunedThrough)
    lines.push(
      `pruned by retention through record ${report.prunedThrough.sequence}: verified from the digest signed at ${report.prunedThrough.digestTime}`,
    );
  const [first] = report.problems;
  if (first) {
    lines.push(`FIRST PROBLEM: record ${first.sequence} was ${describe(first.kind)}: ${first.detail}`);
    for (const problem of report.problems.slice(1, 20))
      lines.push(`  also: ${problem.kind} at ${problem.sequence}: ${problem.detail}`);
    if (report.problems.length > 20) lines.push(`  … ${report.problems.length - 20} more`);
  } else {
    lines.push('OK: every record, link, lookup column and digest verifies');
  }
  return { report, ok: report.problems.length === 0, lines };
}

function describe(kind: string): string {
  switch (kind) {
    case 'changed':
      return 'changed';
    case 'removed':
      return 'removed';
    case 'inserted':
      return 'inserted';
    case 'lookup-columns':
      return 'changed (its lookup columns)';
    default:
      return 'not covered by a valid digest';
  }
}

/** The trusted public keys: each --public-key file, else the public half of IAM_AUDIT_SIGNING_KEY. */
function trustedKeys(files: string[], env: NodeJS.ProcessEnv): KeyObject[] {
  try {
    const keys = files.map((file) => parsePublicKey(readFileSync(file, 'utf8')));
    if (keys.length === 0 && env.IAM_AUDIT_SIGNING_KEY) {
      const key = loadAuditSigningKey({
        configured: env.IAM_AUDIT_SIGNING_KEY,
        mode: 'distributed',
        dataDir: '.',
      });
      if (key) keys.push(createPublicKey(key.privateKey));
    }
    return keys;
  } catch (error) {
    throw new UsageError(
      `a public key could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** A verification that found a problem: exit code 1, after the report. */
export class TrailVerificationFailed extends Error {}

export function registerAudit(program: Command, io: AdminIo): void {
  const audit = program.command('audit').description("the audit service's hash-chained trail");
  audit
    .command('verify')
    .description(
      "check every record's hash and link, every lookup column and every signed digest of an account's trail; names the first record changed, removed or inserted (exit 1)",
    )
    .requiredOption('--account <accountId>', 'the 12-digit account id (or anonymous)')
    .option('--from <time>', 'ISO-8601: first record time to check')
    .option('--to <time>', 'ISO-8601: last record time to check')
    .option(
      '--public-key <file>',
      'a trusted Ed25519 public key (PEM or base64 SPKI); repeat for keys rotated out. Default: the public half of IAM_AUDIT_SIGNING_KEY',
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .option('--data-dir <dir>', 'standalone data directory (without DATABASE_URL)')
    .action(
      async (options: {
        account: string;
        from?: string;
        to?: string;
        publicKey: string[];
        dataDir?: string;
      }) => {
        if (!/^(\d{12}|anonymous)$/.test(options.account))
          throw new UsageError('--account must be a 12-digit account id (or anonymous)');
        for (const bound of ['from', 'to'] as const) {
          const value = options[bound];
          if (value !== undefined && Number.isNaN(Date.parse(value)))
            throw new UsageError(`--${bound} must be an ISO-8601 time`);
        }
        const publicKeys = trustedKeys(options.publicKey, io.env);
        if (publicKeys.length === 0)
          io.err(
            'warning: no trusted public key (--public-key or IAM_AUDIT_SIGNING_KEY): every digest will be reported\n',
          );
        const { ok, lines } = await withDatabase(io, options.dataDir, ({ db }) =>
          auditVerify(db, schemaOf(io.env, 'audit'), {
            account: options.account,
            ...(options.from ? { from: options.from } : {}),
            ...(options.to ? { to: options.to } : {}),
            publicKeys,
          }),
        );
        io.out(lines.join('\n') + '\n');
        if (!ok) throw new TrailVerificationFailed(`the trail of ${options.account} does not verify`);
      },
    );
}
