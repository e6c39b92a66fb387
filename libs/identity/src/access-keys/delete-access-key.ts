import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SealedSecrets, type Requester } from '@iam/auth';
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
    private readonly secrets: SealedSecrets,
  ) {}

  async execute({ requester, userName, accessKeyId }: DeleteAccessKey): Promise<void> {
    validateAccessKeyId(accessKeyId);
    await commandTransaction(this.store, async (tx) => {
      await this.userStreams.execute(tx, requester, userName, {
        type: 'DeleteAccessKey',
        data: { userName, accessKeyId },
      });
      // Its secret goes with it, in the same transaction (it is bound to the key id).
      await this.secrets.erase(tx, 'access-key-secret', accessKeyId);
    });
  }
}
