import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { PasswordPolicyV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { IdentityErrors } from '../shared/identity-errors';
import { AccountsQueries } from './accounts.queries';

export class GetAccountPasswordPolicy extends Query<PasswordPolicyV1> {
  constructor(readonly requester: Requester) {
    super();
  }
}

@QueryHandler(GetAccountPasswordPolicy)
export class GetAccountPasswordPolicyHandler implements IQueryHandler<GetAccountPasswordPolicy> {
  constructor(
    private readonly store: EventStore,
    @Inject(AccountsQueries) private readonly accounts: AccountsQueries,
  ) {}

  async execute({ requester }: GetAccountPasswordPolicy): Promise<PasswordPolicyV1> {
    const account = await this.accounts.get(this.store.database, requester.caller.accountId);
    if (!account.password_policy) throw IdentityErrors.noSuchPasswordPolicy();
    return account.password_policy;
  }
}
