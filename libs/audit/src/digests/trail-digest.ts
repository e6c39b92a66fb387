import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '@iam/contracts';

/**
 * A signed statement of an account chain's head at a time, as CloudTrail's
 * digest files: whoever holds the public key can tell that every record up
 * to `chainSequence` is as it was when signed, and (through
 * `previousSignature`) that no digest was removed before it.
 */
export interface TrailDigest {
  accountId: string;
  /** 1, 2, 3 … per account. */
  digestSequence: number;
  chainSequence: number;
  chainHash: string;
  /** ISO-8601 with milliseconds. */
  digestTime: string;
  /** The signature of the account's digest before this one; null for its first. */
  previousSignature: string | null;
  /** SHA-256 of the signing public key (SPKI DER), hex. */
  keyId: string;
  /** base64 Ed25519 signature over the canonical JSON of every other field. */
  signature: string;
}

export type UnsignedDigest = Omit<TrailDigest, 'signature'>;

function message(digest: UnsignedDigest): Buffer {
  const { accountId, digestSequence, chainSequence, chainHash, digestTime, previousSignature, keyId } =
    digest;
  return Buffer.from(
    canonicalJson({
      accountId,
      digestSequence,
      chainSequence,
      chainHash,
      digestTime,
      previousSignature,
      keyId,
    }),
  );
}

export function signDigest(privateKey: KeyObject, digest: UnsignedDigest): TrailDigest {
  return { ...digest, signature: sign(null, message(digest), privateKey).toString('base64') };
}

export function digestSignatureValid(publicKey: KeyObject, digest: TrailDigest): boolean {
  try {
    return verify(null, message(digest), publicKey, Buffer.from(digest.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The id digests name their key by: SHA-256 of the public key's SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** A public key from PEM (SPKI) or base64 of its DER. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  return trimmed.startsWith('-----')
    ? createPublicKey(trimmed)
    : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
}
