import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { IdentityQuotas } from '../shared/identity-errors';
import { AccountsQueries } from './accounts.queries';

export interface AccountSummary {
  accountId: string;
  accountName: string;
  accountAlias: string | null;
  managementAccount: boolean;
  summaryMap: Record<string, number>;
}

export class GetAccountSummary extends Query<AccountSummary> {
  constructor(readonly requester: Requester) {
    super();
  }
}

/** The caller's account with its entity counts and quotas. */
@QueryHandler(GetAccountSummary)
export class GetAccountSummaryHandler implements IQueryHandler<GetAccountSummary> {
  constructor(
    private readonly store: EventStore,
    @Inject(AccountsQueries) private readonly accounts: AccountsQueries,
  ) {}

  async execute({ requester }: GetAccountSummary): Promise<AccountSummary> {
    const db = this.store.database;
    const account = await this.accounts.get(db, requester.caller.accountId);
    const counts = await this.accounts.counts(db, account.account_id);
    return {
      accountId: account.account_id,
      accountName: account.account_name,
      accountAlias: account.alias,
      managementAccount: account.management,
      summaryMap: {
        Users: counts.Users,
        UsersQuota: 5000,
        Groups: counts.Groups,
        GroupsQuota: 300,
        Roles: counts.Roles,
        RolesQuota: 1000,
        MFADevices: counts.MFADevices,
        AccessKeysPerUserQuota: IdentityQuotas.AccessKeysPerUser,
        GroupsPerUserQuota: IdentityQuotas.GroupsPerUser,
        AccountAccessKeysPresent: 1,
        AccountMFAEnabled: 0,
      },
    };
  }
}
