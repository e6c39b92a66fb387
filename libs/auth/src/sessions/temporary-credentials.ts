import { createHash, randomBytes } from 'node:crypto';
import { base32Encode } from '@iam/contracts';
import type { SecretBox } from '../secret-box';
import type { TemporarySession } from './temporary-session';

/** What the caller of AssumeRole, GetSessionToken… receives once; only the access key id is ever stored in clear. */
export interface TemporaryCredentials {
  /** `ASIA` + 16 base32 characters. */
  accessKeyId: string;
  /** 40 characters of base64, as AWS's secrets. */
  secretAccessKey: string;
  /** Opaque to the caller: 64 random bytes in base64 (512 bits); stored only as its SHA-256. */
  sessionToken: string;
}

const TEMPORARY_ACCESS_KEY_ID = /^ASIA[A-Z2-7]{16}$/;

export function isTemporaryAccessKeyId(value: string): boolean {
  return TEMPORARY_ACCESS_KEY_ID.test(value);
}

/** Fresh temporary credentials from the CSPRNG (one draw, cut in three: each issuance pays for one call). */
export function newTemporaryCredentials(): TemporaryCredentials {
  const random = randomBytes(10 + 30 + 64);
  return {
    // 10 bytes are exactly 16 base32 characters.
    accessKeyId: `ASIA${base32Encode(random.subarray(0, 10))}`,
    // 30 bytes are exactly 40 base64 characters.
    secretAccessKey: random.subarray(10, 40).toString('base64'),
    sessionToken: random.subarray(40).toString('base64'),
  };
}

/** Hex SHA-256 of a session token, as the record keeps it. */
export function sessionTokenSha256(sessionToken: string): string {
  return createHash('sha256').update(sessionToken, 'utf8').digest('hex');
}

/** The facts of a session, without what `sealSession` derives from the credentials. */
export type SessionFacts = Omit<TemporarySession, 'accessKeyId' | 'sealedSecret' | 'tokenSha256'>;

/**
 * The record to store for freshly issued credentials: the secret sealed
 * with the key-encryption keys (bound to its access key id, so a sealed
 * secret moved to another record does not open), the token only as a hash.
 */
export function sealSession(
  box: SecretBox,
  credentials: TemporaryCredentials,
  facts: SessionFacts,
): TemporarySession {
  return {
    ...facts,
    accessKeyId: credentials.accessKeyId,
    sealedSecret: box.seal(credentials.secretAccessKey, credentials.accessKeyId),
    tokenSha256: sessionTokenSha256(credentials.sessionToken),
  };
}
