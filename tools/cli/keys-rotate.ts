/**
 * Re-seals every secret at rest (identity's `sealed_secrets`: access-key
 * secrets, password hashes, MFA seeds) under the newest key-encryption key,
 * after which the older keys can be removed from configuration. Run:
 *
 *   distributed: DATABASE_URL=… IAM_KEY_ENCRYPTION_KEYS="new:…,old:…" npm run keys:rotate
 *   standalone:  IAM_DATA_DIR=./.iam-data npm run keys:rotate   (server stopped; makes the new key itself)
 *
 * The same function is `rotateKeysFromEnvironment` of @iam/identity (for `iam-admin keys rotate`).
 */
import { rotateKeysFromEnvironment } from '@iam/identity';

async function main() {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(
      [
        'usage: npm run keys:rotate',
        '  distributed: DATABASE_URL and IAM_KEY_ENCRYPTION_KEYS (new key first, old keys after) [IAM_SCHEMA_PREFIX]',
        '  standalone:  IAM_DATA_DIR (default ./.iam-data), with the server stopped: a new key is made,',
        '               every secret re-sealed under it, and the old keys removed from the key file',
      ].join('\n'),
    );
    return;
  }
  const report = await rotateKeysFromEnvironment();
  console.log(
    `keys rotate (${report.mode}): ${report.resealed} secrets re-sealed under ${report.currentKeyId}, ` +
      `${report.alreadyCurrent} already were; secrets per key now: ${JSON.stringify(report.byKey)}`,
  );
  if (report.mode === 'distributed') {
    const others = Object.keys(report.byKey).filter((id) => id !== report.currentKeyId);
    console.log(
      others.length === 0
        ? 'No stored secret needs an older key: remove them from IAM_KEY_ENCRYPTION_KEYS once temporary sessions issued before the new key have expired (at most 36 h).'
        : `Secrets still under ${others.join(', ')} (a rotation ran beside this one?): run it again.`,
    );
  } else if (report.retiredKeyIds.length > 0) {
    console.log(`Removed ${report.retiredKeyIds.join(', ')} from the data folder's key file.`);
  }
}

main().catch((error) => {
  console.error(`keys rotate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
