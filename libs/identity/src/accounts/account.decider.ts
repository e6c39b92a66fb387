import { IdentityEventTypes as T, IdentitySchemaVersion, eventsOf, type AccountEvent } from '@iam/contracts';
import { passwordPolicyFrom, type PasswordPolicy } from '../passwords/password-policy';
import { IdentityErrors } from '../shared/identity-errors';
import {
  assertNever,
  validateAccountAlias,
  validateAccountId,
  validateAccountName,
} from '../shared/iam-names';
import type { AccountCommand } from './account.commands';

export interface ExistingAccountState {
  status: 'active';
  accountId: string;
  accountName: string;
  managementAccount: boolean;
  accountAlias: string | null;
  /** null: no custom policy, AWS's default rules apply (see `checkPassword`). */
  passwordPolicy: PasswordPolicy | null;
}

/** Accounts are never closed in this product (yet), so there is no deleted state. */
export type AccountState = { status: 'absent' } | ExistingAccountState;

const event = eventsOf<AccountEvent>(IdentitySchemaVersion);

export function initialState(): AccountState {
  return { status: 'absent' };
}

export function evolve(state: AccountState, e: AccountEvent): AccountState {
  if (e.type === T.AccountCreated) {
    return { status: 'active', ...e.payload, accountAlias: null, passwordPolicy: null };
  }
  if (state.status === 'absent') return state;
  switch (e.type) {
    case T.AccountAliasCreated:
      return { ...state, accountAlias: e.payload.accountAlias };
    case T.AccountAliasDeleted:
      return { ...state, accountAlias: null };
    case T.AccountPasswordPolicyUpdated:
      return { ...state, passwordPolicy: e.payload.policy };
    case T.AccountPasswordPolicyDeleted:
      return { ...state, passwordPolicy: null };
    default:
      return state;
  }
}

function requireAccount(state: AccountState): ExistingAccountState {
  if (state.status !== 'active') throw IdentityErrors.noSuchAccount();
  return state;
}

function samePolicy(a: PasswordPolicy, b: PasswordPolicy): boolean {
  return (Object.keys(a) as (keyof PasswordPolicy)[]).every((key) => a[key] === b[key]);
}

export function decide(command: AccountCommand, state: AccountState): AccountEvent[] {
  switch (command.type) {
    case 'CreateAccount': {
      const { accountId, accountName, managementAccount } = command.data;
      validateAccountId(accountId);
      validateAccountName(accountName);
      if (state.status !== 'absent') throw IdentityErrors.accountAlreadyExists(accountId);
      return [event(T.AccountCreated, { accountId, accountName, managementAccount })];
    }
    case 'CreateAccountAlias': {
      const account = requireAccount(state);
      const { accountAlias } = command.data;
      validateAccountAlias(accountAlias);
      if (account.accountAlias === accountAlias) return [];
      const replaced =
        account.accountAlias === null
          ? []
          : [
              event(T.AccountAliasDeleted, {
                accountId: account.accountId,
                accountAlias: account.accountAlias,
              }),
            ];
      return [...replaced, event(T.AccountAliasCreated, { accountId: account.accountId, accountAlias })];
    }
    case 'DeleteAccountAlias': {
      const account = requireAccount(state);
      const asked = command.data.accountAlias;
      if (account.accountAlias === null || (asked !== undefined && asked !== account.accountAlias)) {
        throw IdentityErrors.noSuchAccountAlias(asked ?? '(none)');
      }
      return [
        event(T.AccountAliasDeleted, { accountId: account.accountId, accountAlias: account.accountAlias }),
      ];
    }
    case 'UpdateAccountPasswordPolicy': {
      const account = requireAccount(state);
      const policy = passwordPolicyFrom(command.data);
      if (account.passwordPolicy && samePolicy(account.passwordPolicy, policy)) return [];
      return [event(T.AccountPasswordPolicyUpdated, { accountId: account.accountId, policy })];
    }
    case 'DeleteAccountPasswordPolicy': {
      const account = requireAccount(state);
      if (!account.passwordPolicy) throw IdentityErrors.noSuchPasswordPolicy();
      return [event(T.AccountPasswordPolicyDeleted, { accountId: account.accountId })];
    }
    default:
      return assertNever(command);
  }
}

export const accountDecider = { initialState, evolve, decide } as const;
