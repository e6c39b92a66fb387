import type { NewEvent } from '../event-envelope';
import type { IdentityEventTypes } from './identity-event-types';

/** Stream `account-<12 digits>`. */

export interface AccountCreatedV1 {
  accountId: string;
  accountName: string;
  /** The account created at bootstrap; its principals may create member accounts. */
  managementAccount: boolean;
}

export interface AccountAliasCreatedV1 {
  accountId: string;
  accountAlias: string;
}

export interface AccountAliasDeletedV1 {
  accountId: string;
  accountAlias: string;
}

/**
 * The account password policy as AWS has it (GetAccountPasswordPolicy), in
 * the JSON spelling of this API. Always complete: an update that leaves a
 * field out resets it to its default, as UpdateAccountPasswordPolicy does.
 */
export interface PasswordPolicyV1 {
  minimumPasswordLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
  allowUsersToChangePassword: boolean;
  /** Days a password stays valid (1–1095); null: passwords never expire. */
  maxPasswordAge: number | null;
  /** How many previous passwords may not be reused (1–24); null: no reuse prevention. */
  passwordReusePrevention: number | null;
  /** An expired password can only be reset by an administrator. */
  hardExpiry: boolean;
}

export interface AccountPasswordPolicyUpdatedV1 {
  accountId: string;
  policy: PasswordPolicyV1;
}

export interface AccountPasswordPolicyDeletedV1 {
  accountId: string;
}

export type AccountEvent =
  | NewEvent<typeof IdentityEventTypes.AccountCreated, AccountCreatedV1>
  | NewEvent<typeof IdentityEventTypes.AccountAliasCreated, AccountAliasCreatedV1>
  | NewEvent<typeof IdentityEventTypes.AccountAliasDeleted, AccountAliasDeletedV1>
  | NewEvent<typeof IdentityEventTypes.AccountPasswordPolicyUpdated, AccountPasswordPolicyUpdatedV1>
  | NewEvent<typeof IdentityEventTypes.AccountPasswordPolicyDeleted, AccountPasswordPolicyDeletedV1>;
