import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { UserStreams } from './user-streams';

export class TagUser extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
    readonly tags: TagV1[],
  ) {
    super();
  }
}

@CommandHandler(TagUser)
export class TagUserHandler implements ICommandHandler<TagUser> {
  constructor(
    private readonly store: EventStore,
    private readonly userStreams: UserStreams,
  ) {}

  async execute({ requester, userName, tags }: TagUser): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.userStreams.execute(tx, requester, userName, { type: 'TagUser', data: { userName, tags } }),
    );
  }
}
