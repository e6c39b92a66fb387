import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { AccountStreams } from './account-streams';

export class DeleteAccountAlias extends Command<void> {
  constructor(readonly requester: Requester) {
    super();
  }
}

@CommandHandler(DeleteAccountAlias)
export class DeleteAccountAliasHandler implements ICommandHandler<DeleteAccountAlias> {
  constructor(
    private readonly store: EventStore,
    private readonly accountStreams: AccountStreams,
  ) {}

  async execute({ requester }: DeleteAccountAlias): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.accountStreams.execute(tx, requester, { type: 'DeleteAccountAlias', data: {} }),
    );
  }
}
