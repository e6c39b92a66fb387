import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { validateAccessKeyId } from '../shared/iam-arns';
import { UserStreams } from '../users/user-streams';

export class DeleteAccessKey extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
    readonly accessKeyId: string,
  ) {
    super();
  }
}

@CommandHandler(DeleteAccessKey)
export class DeleteAccessKeyHandler implements ICommandHandler<DeleteAccessKey> {
  constructor(
    private readonly store: EventStore,
    private readonly userStreams: UserStreams,
  ) {}

  async execute({ requester, userName, accessKeyId }: DeleteAccessKey): Promise<void> {
    validateAccessKeyId(accessKeyId);
    await commandTransaction(this.store, (tx) =>
      this.userStreams.execute(tx, requester, userName, {
        type: 'DeleteAccessKey',
        data: { userName, accessKeyId },
      }),
    );
  }
}
