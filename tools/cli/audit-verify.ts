/**
 * Verifies an account's audit trail from the database and trusted public keys:
 *   npm run audit:verify -- --account ACCT [--from ISO --to ISO] [--public-key FILE]…
 * with the audit service's DATABASE_URL (and IAM_SCHEMA_PREFIX if used).
 * Trusted keys: each --public-key (PEM or base64 SPKI DER; repeat for keys
 * rotated out), else the public half of IAM_AUDIT_SIGNING_KEY. Checks every
 * record's hash and link, every lookup column against its payload, every
 * digest's signature and chain; prints the first record changed, removed or
 * inserted, and exits 1 on any problem (2 on bad usage).
 */
import { readFileSync } from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  keyIdOf,
  loadAuditSigningKey,
  parsePublicKey,
  verifyAccountTrail,
  type VerifyReport,
} from '@iam/audit';
import { PgDatabase, type Queryable } from '@iam/event-store';

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

function usage(message: string): never {
  console.error(
    `${message}\nusage: DATABASE_URL=postgres://… npm run audit:verify -- --account ACCT [--from ISO --to ISO] [--public-key FILE]…`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { account?: string; from?: string; to?: string; 'public-key'?: string[] };
  try {
    ({ values } = parseArgs({
      options: {
        account: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'public-key': { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) usage('DATABASE_URL is required');
  if (!values.account || !/^(\d{12}|anonymous)$/.test(values.account))
    usage('--account must be a 12-digit account id (or anonymous)');
  for (const bound of ['from', 'to'] as const) {
    const value = values[bound];
    if (value !== undefined && Number.isNaN(Date.parse(value))) usage(`--${bound} must be an ISO-8601 time`);
  }
  let publicKeys: KeyObject[];
  try {
    publicKeys = (values['public-key'] ?? []).map((file) => parsePublicKey(readFileSync(file, 'utf8')));
    if (publicKeys.length === 0 && process.env.IAM_AUDIT_SIGNING_KEY) {
      const key = loadAuditSigningKey({
        configured: process.env.IAM_AUDIT_SIGNING_KEY,
        mode: 'distributed',
        dataDir: '.',
      });
      if (key) publicKeys = [createPublicKey(key.privateKey)];
    }
  } catch (error) {
    usage(`a public key could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (publicKeys.length === 0)
    console.error(
      'warning: no trusted public key (--public-key or IAM_AUDIT_SIGNING_KEY): every digest will be reported',
    );
  const db = new PgDatabase(databaseUrl);
  try {
    const { ok, lines } = await auditVerify(db, `${process.env.IAM_SCHEMA_PREFIX ?? ''}audit`, {
      account: values.account,
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
      publicKeys,
    });
    for (const line of lines) console.log(line);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
