import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { SecretBox } from '@iam/auth';

/**
 * argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane):
 * about 20–40 ms a hash on one core, so a 2-core instance still serves
 * sign-ins while a reuse check verifies against up to 24 old hashes.
 */
export const Argon2Options = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Binds a sealed hash to its user, so a blob copied onto another user's stream does not open. */
const associatedData = (userId: string) => `password-hash:${userId}`;

/**
 * Password hashes as they rest in events: the argon2id hash, sealed with the
 * key-encryption key. The plaintext only passes through here.
 */
@Injectable()
export class PasswordHasher {
  constructor(private readonly secrets: SecretBox) {}

  async seal(userId: string, password: string): Promise<string> {
    return this.secrets.seal(await argon2.hash(password, Argon2Options), associatedData(userId));
  }

  async matches(userId: string, encryptedPasswordHash: string, password: string): Promise<boolean> {
    const hash = this.secrets.open(encryptedPasswordHash, associatedData(userId));
    return argon2.verify(hash, password);
  }

  /** Whether `password` is one of the (sealed) hashes, newest first; stops at the first match. */
  async matchesAny(userId: string, encryptedPasswordHashes: readonly string[], password: string) {
    for (const sealed of encryptedPasswordHashes) {
      if (await this.matches(userId, sealed, password)) return true;
    }
    return false;
  }
}
