import { createHash } from 'node:crypto';
import type { EventEnvelope } from '@iam/contracts';

/** Hash of the empty chain an account's trail starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Each entry's hash covers the previous hash and the event, so rewriting or
 * removing an entry breaks every hash after it.
 */
export function trailHash(previousHash: string, sequence: number, event: EventEnvelope): string {
  return createHash('sha256')
    .update(previousHash)
    .update('\n')
    .update(String(sequence))
    .update('\n')
    .update(canonicalJson(event))
    .digest('hex');
}

/** JSON with keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
