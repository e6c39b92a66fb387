import type { PasswordPolicyInput } from '../passwords/password-policy';

/** Commands on one account stream (`account-<12 digits>`). */
export type CreateAccount = {
  type: 'CreateAccount';
  data: {
    /** 12 digits, drawn by the handler (and reserved, so ids never repeat). */
    accountId: string;
    accountName: string;
    /** True only for the account created at bootstrap. */
    managementAccount: boolean;
  };
};

/**
 * Sets the account alias (PUT /v1/account/alias). An account has at most one
 * alias; setting another replaces it, as the console's "edit alias" does.
 * Global uniqueness of aliases is the handler's reservation.
 */
export type CreateAccountAlias = { type: 'CreateAccountAlias'; data: { accountAlias: string } };

/** `accountAlias`, when given, must be the current alias (as AWS's DeleteAccountAlias requires). */
export type DeleteAccountAlias = { type: 'DeleteAccountAlias'; data: { accountAlias?: string } };

/** As UpdateAccountPasswordPolicy: every field left out takes its default. */
export type UpdateAccountPasswordPolicy = { type: 'UpdateAccountPasswordPolicy'; data: PasswordPolicyInput };

export type DeleteAccountPasswordPolicy = { type: 'DeleteAccountPasswordPolicy'; data: object };

export type AccountCommand =
  | CreateAccount
  | CreateAccountAlias
  | DeleteAccountAlias
  | UpdateAccountPasswordPolicy
  | DeleteAccountPasswordPolicy;
