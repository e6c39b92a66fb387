/**
 * `iam-admin keys rotate`: re-seals every secret at rest (identity's
 * `sealed_secrets`: access-key secrets, password hashes, MFA seeds) under
 * the newest key-encryption key, after which the older keys can be removed
 * from configuration (README "Keys and secrets at rest").
 *   distributed: DATABASE_URL and IAM_KEY_ENCRYPTION_KEYS (new key first, old keys after)
 *   standalone:  --data-dir (or IAM_DATA_DIR), server stopped: a new key is made,
 *                every secret re-sealed under it, the old keys removed from the key file
 */
import type { Command } from 'commander';
import { rotateKeysFromEnvironment, type KeyRotationReport } from '@iam/identity';
import type { AdminIo } from '../admin-context';

/** What an operator reads after a rotation: what moved, and whether the old keys may go. */
export function rotationReportLines(report: KeyRotationReport): string[] {
  const lines = [
    `keys rotate (${report.mode}): ${report.resealed} secrets re-sealed under ${report.currentKeyId}, ` +
      `${report.alreadyCurrent} already were; secrets per key now: ${JSON.stringify(report.byKey)}`,
  ];
  if (report.mode === 'distributed') {
    const others = Object.keys(report.byKey).filter((id) => id !== report.currentKeyId);
    lines.push(
      others.length === 0
        ? 'No stored secret needs an older key: remove them from IAM_KEY_ENCRYPTION_KEYS once temporary sessions issued before the new key have expired (at most 36 h).'
        : `Secrets still under ${others.join(', ')} (a rotation ran beside this one?): run it again.`,
    );
  } else if (report.retiredKeyIds.length > 0) {
    lines.push(`Removed ${report.retiredKeyIds.join(', ')} from the data folder's key file.`);
  }
  return lines;
}

export function registerKeys(program: Command, io: AdminIo): void {
  const keys = program.command('keys').description('the key-encryption keys that seal secrets at rest');
  keys
    .command('rotate')
    .description(
      're-seal every stored secret under the newest key-encryption key (distributed: DATABASE_URL and IAM_KEY_ENCRYPTION_KEYS, new key first; standalone: server stopped, a new key is made)',
    )
    .option('--data-dir <dir>', 'standalone data directory (without DATABASE_URL)')
    .action(async (options: { dataDir?: string }) => {
      const env = options.dataDir ? { ...io.env, IAM_DATA_DIR: options.dataDir } : io.env;
      const report = await rotateKeysFromEnvironment(env);
      io.out(rotationReportLines(report).join('\n') + '\n');
    });
}
