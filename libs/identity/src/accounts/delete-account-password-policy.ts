import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { AccountStreams } from './account-streams';

export class DeleteAccountPasswordPolicy extends Command<void> {
  constructor(readonly requester: Requester) {
    super();
  }
}

@CommandHandler(DeleteAccountPasswordPolicy)
export class DeleteAccountPasswordPolicyHandler implements ICommandHandler<DeleteAccountPasswordPolicy> {
  constructor(
    private readonly store: EventStore,
    private readonly accountStreams: AccountStreams,
  ) {}

  async execute({ requester }: DeleteAccountPasswordPolicy): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.accountStreams.execute(tx, requester, { type: 'DeleteAccountPasswordPolicy', data: {} }),
    );
  }
}
