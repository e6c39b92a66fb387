import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { UserStreams } from './user-streams';

export class UntagUser extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
    readonly tagKeys: string[],
  ) {
    super();
  }
}

@CommandHandler(UntagUser)
export class UntagUserHandler implements ICommandHandler<UntagUser> {
  constructor(
    private readonly store: EventStore,
    private readonly userStreams: UserStreams,
  ) {}

  async execute({ requester, userName, tagKeys }: UntagUser): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.userStreams.execute(tx, requester, userName, { type: 'UntagUser', data: { userName, tagKeys } }),
    );
  }
}
