import { Inject, Injectable, Optional } from '@nestjs/common';
import type { PasswordPolicyV1 } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { SERVICE_CONFIG, type ServiceEnvironment } from '@iam/platform';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { IdentityErrors } from '../shared/identity-errors';
import { recentPasswordHashes, type ExistingUserState } from '../users/user.decider';
import { commonPasswordCheckEnabled, isCommonPassword } from './common-passwords';
import { PasswordHasher } from '@iam/service-kit';
import {
  checkPassword,
  passwordPolicyViolation,
  PasswordViolationMessages,
  reuseCheckDepth,
  type PasswordPolicy,
  type PasswordViolation,
} from './password-policy';

interface AccountPasswordRow {
  account_name: string;
  password_policy: PasswordPolicyV1 | null;
}

/**
 * Every password set or changed goes through here: the account policy (or
 * AWS's default rules), the common-password list, reuse of the last
 * `passwordReusePrevention` passwords; then it is hashed and sealed. All
 * broken rules are named in one PasswordPolicyViolation.
 */
@Injectable()
export class NewPasswords {
  private readonly accounts: string;
  private readonly commonPasswordCheck: boolean;

  constructor(
    private readonly hasher: PasswordHasher,
    @Inject(IDENTITY_SCHEMA) schema: string,
    @Optional() @Inject(SERVICE_CONFIG) config?: ServiceEnvironment,
  ) {
    this.accounts = `${identifier(schema)}.accounts`;
    this.commonPasswordCheck = commonPasswordCheckEnabled(config?.IAM_COMMON_PASSWORD_CHECK);
  }

  /** The account's policy, null when none is set (AWS's default rules apply). */
  async policy(db: Queryable, accountId: string): Promise<PasswordPolicy | null> {
    return (await this.account(db, accountId)).password_policy;
  }

  /** Checks `password` as the next password of `user`, seals its argon2id hash in `db` (the command's transaction) and returns the hash's id. */
  async sealedHashFor(db: Queryable, user: ExistingUserState, password: string): Promise<string> {
    const account = await this.account(db, user.accountId);
    const policy = account.password_policy;
    const violations: PasswordViolation[] = checkPassword(password, policy, {
      accountName: account.account_name,
      userName: user.userName,
    });
    if (this.commonPasswordCheck && isCommonPassword(password)) {
      violations.push(PasswordViolationMessages.CommonPassword());
    }
    const depth = reuseCheckDepth(policy);
    if (
      violations.length === 0 &&
      depth > 0 &&
      (await this.hasher.matchesAny(user.userId, recentPasswordHashes(user, depth), password, db))
    ) {
      violations.push(PasswordViolationMessages.PasswordReusePrevention(depth));
    }
    if (violations.length > 0) throw passwordPolicyViolation(violations);
    return this.hasher.seal(db, user.userId, password);
  }

  private async account(db: Queryable, accountId: string): Promise<AccountPasswordRow> {
    const { rows } = await db.query<AccountPasswordRow>(
      `SELECT account_name, password_policy FROM ${this.accounts} WHERE account_id = $1`,
      [accountId],
    );
    if (!rows[0]) throw IdentityErrors.noSuchAccount(accountId);
    return rows[0];
  }
}
