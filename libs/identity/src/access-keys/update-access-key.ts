import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { AccessKeyStatus } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { validateAccessKeyId } from '../shared/iam-arns';
import { UserStreams } from '../users/user-streams';

export class UpdateAccessKey extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
    readonly accessKeyId: string,
    readonly status: AccessKeyStatus,
  ) {
    super();
  }
}

/** Activates or deactivates a key of a user. */
@CommandHandler(UpdateAccessKey)
export class UpdateAccessKeyHandler implements ICommandHandler<UpdateAccessKey> {
  constructor(
    private readonly store: EventStore,
    private readonly userStreams: UserStreams,
  ) {}

  async execute({ requester, userName, accessKeyId, status }: UpdateAccessKey): Promise<void> {
    validateAccessKeyId(accessKeyId);
    await commandTransaction(this.store, (tx) =>
      this.userStreams.execute(tx, requester, userName, {
        type: 'UpdateAccessKey',
        data: { userName, accessKeyId, status },
      }),
    );
  }
}
