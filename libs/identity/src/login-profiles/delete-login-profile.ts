import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { LoginProfileUsers } from './login-profile-users';

export class DeleteLoginProfile extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
  ) {
    super();
  }
}

@CommandHandler(DeleteLoginProfile)
export class DeleteLoginProfileHandler implements ICommandHandler<DeleteLoginProfile> {
  constructor(
    private readonly store: EventStore,
    private readonly profileUsers: LoginProfileUsers,
  ) {}

  async execute({ requester, userName }: DeleteLoginProfile): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const user = await this.profileUsers.live(tx, requester, userName);
      await this.profileUsers.execute(tx, requester, user, {
        type: 'DeleteLoginProfile',
        data: { userName },
      });
    });
  }
}
