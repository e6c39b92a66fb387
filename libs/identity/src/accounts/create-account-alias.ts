import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction, reservingName } from '@iam/service-kit';
import { IdentityErrors } from '../shared/identity-errors';
import { AccountStreams } from './account-streams';

export class CreateAccountAlias extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly accountAlias: string,
  ) {
    super();
  }
}

/** Sets (or replaces) the caller's account alias; aliases are unique across accounts by a reservation. */
@CommandHandler(CreateAccountAlias)
export class CreateAccountAliasHandler implements ICommandHandler<CreateAccountAlias> {
  constructor(
    private readonly store: EventStore,
    private readonly accountStreams: AccountStreams,
  ) {}

  async execute({ requester, accountAlias }: CreateAccountAlias): Promise<void> {
    await reservingName(
      () =>
        commandTransaction(this.store, (tx) =>
          this.accountStreams.execute(tx, requester, { type: 'CreateAccountAlias', data: { accountAlias } }),
        ),
      'accounts_alias_key',
      () => IdentityErrors.accountAliasAlreadyExists(accountAlias),
    );
  }
}
