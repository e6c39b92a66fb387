import { createHash } from 'node:crypto';

/**
 * The id a secret sealed inside a version-1 event rests under in
 * `sealed_secrets`: derived from the sealed blob alone, so the upcaster (which
 * sees only the payload) and identity's migration (SQL over the stored events,
 * `'legacy-' || encode(sha256(convert_to(blob, 'UTF8')), 'hex')`) agree
 * without a lookup table.
 */
export function legacySecretId(sealed: string): string {
  return `legacy-${createHash('sha256').update(sealed, 'utf8').digest('hex')}`;
}
