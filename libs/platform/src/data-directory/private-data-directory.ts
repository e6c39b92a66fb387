import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Standalone mode's data directory holds policy documents, sealed secrets
 * and the key that opens them: only the owner may enter it (0700). New
 * folders are created private too (umask 077); files get 0600.
 */
export function createPrivateDirectory(dir: string): void {
  process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * Folders 0700 and files 0600 throughout `dir`. PGlite unpacks a new
 * database with mode 0666 and chmods it so whatever the umask is; Postgres
 * itself then creates its files 0600. Run after opening, and the directory
 * is private whatever an earlier version or PGlite left. Symbolic links
 * are not followed.
 */
export function makeTreePrivate(dir: string): void {
  const stat = lstatSync(dir);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
    for (const entry of readdirSync(dir)) makeTreePrivate(path.join(dir, entry));
  } else if (stat.isFile() && (stat.mode & 0o777) !== 0o600) {
    chmodSync(dir, 0o600);
  }
}
