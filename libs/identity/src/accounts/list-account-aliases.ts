import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { AccountsQueries } from './accounts.queries';

export class ListAccountAliases extends Query<string[]> {
  constructor(readonly requester: Requester) {
    super();
  }
}

/** The caller's account alias as AWS lists it: a list of at most one (none before CreateAccountAlias). */
@QueryHandler(ListAccountAliases)
export class ListAccountAliasesHandler implements IQueryHandler<ListAccountAliases> {
  constructor(
    private readonly store: EventStore,
    @Inject(AccountsQueries) private readonly accounts: AccountsQueries,
  ) {}

  async execute({ requester }: ListAccountAliases): Promise<string[]> {
    const account = await this.accounts.get(this.store.database, requester.caller.accountId);
    return account.alias === null ? [] : [account.alias];
  }
}
