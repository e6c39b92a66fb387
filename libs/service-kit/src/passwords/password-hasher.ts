import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { SealedSecrets } from '@iam/auth';
import type { Queryable } from '@iam/event-store';

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

/** Binds a sealed hash to its user, so a blob copied onto another user's row does not open. */
export const passwordHashAssociatedData = (userId: string) => `password-hash:${userId}`;

/**
 * Password hashes at rest: the argon2id hash, sealed with the key-encryption
 * key in identity's `sealed_secrets`; events and projections hold only its
 * id. The plaintext only passes through here.
 */
@Injectable()
export class PasswordHasher {
  constructor(private readonly secrets: SealedSecrets) {}

  /** Hashes and seals `password` in `tx` (the command's transaction); returns the id of the sealed hash. */
  async seal(tx: Queryable, userId: string, password: string): Promise<string> {
    const hash = await argon2.hash(password, Argon2Options);
    return this.secrets.put(tx, 'password-hash', passwordHashAssociatedData(userId), hash);
  }

  async matches(userId: string, passwordHashId: string, password: string, tx?: Queryable): Promise<boolean> {
    const hash = await this.secrets.open(passwordHashId, passwordHashAssociatedData(userId), tx);
    return argon2.verify(hash, password);
  }

  /** Whether `password` is one of the (sealed) hashes, newest first; stops at the first match. */
  async matchesAny(userId: string, passwordHashIds: readonly string[], password: string, tx?: Queryable) {
    for (const id of passwordHashIds) {
      if (await this.matches(userId, id, password, tx)) return true;
    }
    return false;
  }

  /** The same argon2id work as `matches`, against a hash nobody's password matches (unknown users). */
  async matchesNothing(password: string): Promise<false> {
    this.dummyHash ??= argon2.hash(randomPassword(), Argon2Options);
    await argon2.verify(await this.dummyHash, password);
    return false;
  }

  private dummyHash: Promise<string> | undefined;
}

function randomPassword(): string {
  return randomBytes(32).toString('base64');
}
