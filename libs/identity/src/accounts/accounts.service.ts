import { Inject, Injectable } from '@nestjs/common';
import { SecretBox, type Principal } from '@iam/auth';
import { IamError, type PasswordPolicyV1 } from '@iam/contracts';
import { EventStore, identifier } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { callerMetadata, executeOnStream, reservingName, commandTransaction } from '@iam/service-kit';
import { IdentityErrors, IdentityQuotas } from '../shared/identity-errors';
import { StreamIds } from '../shared/iam-arns';
import type { PasswordPolicyInput } from '../passwords/password-policy';
import { accountDecider } from './account.decider';
import type { AccountCommand } from './account.commands';
import { createAccountWithRoot } from './account-creation';

interface AccountRow {
  account_id: string;
  account_name: string;
  management: boolean;
  alias: string | null;
  password_policy: PasswordPolicyV1 | null;
}

/** Accounts: member account creation, summary, alias and password policy of the caller's account. */
@Injectable()
export class AccountsService {
  private readonly schema: string;

  constructor(
    private readonly store: EventStore,
    private readonly secrets: SecretBox,
    @Inject(IDENTITY_SCHEMA) schema: string,
  ) {
    this.schema = identifier(schema);
  }

  /** Only principals of the management account may create accounts. */
  async createMemberAccount(caller: Principal, requestId: string, accountName: string) {
    const own = await this.account(caller.accountId);
    if (!own.management) {
      throw new IamError(
        'AccessDenied',
        `User: ${caller.arn} is not authorized to perform: organizations:CreateAccount: only the management account can create accounts`,
      );
    }
    return commandTransaction(this.store, (tx) =>
      createAccountWithRoot(this.store, this.secrets, tx, {
        accountName,
        managementAccount: false,
        metadata: { actorArn: caller.arn, correlationId: requestId, causationId: requestId },
      }),
    );
  }

  async summary(caller: Principal) {
    const account = await this.account(caller.accountId);
    const count = async (table: string) => {
      const { rows } = await this.store.database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${this.schema}.${table} WHERE account_id = $1`,
        [caller.accountId],
      );
      return Number(rows[0].n);
    };
    return {
      accountId: account.account_id,
      accountName: account.account_name,
      accountAlias: account.alias,
      managementAccount: account.management,
      summaryMap: {
        Users: await count('users'),
        UsersQuota: 5000,
        Groups: await count('groups'),
        GroupsQuota: 300,
        Roles: await count('roles'),
        RolesQuota: 1000,
        MFADevices: await count('mfa_devices'),
        AccessKeysPerUserQuota: IdentityQuotas.AccessKeysPerUser,
        GroupsPerUserQuota: IdentityQuotas.GroupsPerUser,
        AccountAccessKeysPresent: 1,
        AccountMFAEnabled: 0,
      },
    };
  }

  async setAlias(caller: Principal, requestId: string, accountAlias: string): Promise<void> {
    await reservingName(
      () => this.onAccount(caller, requestId, { type: 'CreateAccountAlias', data: { accountAlias } }),
      'accounts_alias_key',
      () => IdentityErrors.accountAliasAlreadyExists(accountAlias),
    );
  }

  async deleteAlias(caller: Principal, requestId: string): Promise<void> {
    await this.onAccount(caller, requestId, { type: 'DeleteAccountAlias', data: {} });
  }

  async passwordPolicy(caller: Principal): Promise<PasswordPolicyV1> {
    const account = await this.account(caller.accountId);
    if (!account.password_policy) throw IdentityErrors.noSuchPasswordPolicy();
    return account.password_policy;
  }

  async setPasswordPolicy(caller: Principal, requestId: string, input: PasswordPolicyInput): Promise<void> {
    await this.onAccount(caller, requestId, { type: 'UpdateAccountPasswordPolicy', data: input });
  }

  async deletePasswordPolicy(caller: Principal, requestId: string): Promise<void> {
    await this.onAccount(caller, requestId, { type: 'DeleteAccountPasswordPolicy', data: {} });
  }

  private async onAccount(caller: Principal, requestId: string, command: AccountCommand) {
    await commandTransaction(this.store, (tx) =>
      executeOnStream(
        this.store,
        tx,
        accountDecider,
        StreamIds.account(caller.accountId),
        command,
        callerMetadata({ caller, requestId }),
      ),
    );
  }

  private async account(accountId: string): Promise<AccountRow> {
    const { rows } = await this.store.database.query<AccountRow>(
      `SELECT * FROM ${this.schema}.accounts WHERE account_id = $1`,
      [accountId],
    );
    if (!rows[0]) throw IdentityErrors.noSuchAccount(accountId);
    return rows[0];
  }
}
