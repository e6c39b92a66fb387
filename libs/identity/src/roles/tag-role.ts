import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { RoleStreams } from './role-streams';

export class TagRole extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly roleName: string,
    readonly tags: TagV1[],
  ) {
    super();
  }
}

@CommandHandler(TagRole)
export class TagRoleHandler implements ICommandHandler<TagRole> {
  constructor(
    private readonly store: EventStore,
    private readonly roleStreams: RoleStreams,
  ) {}

  async execute({ requester, roleName, tags }: TagRole): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.roleStreams.execute(tx, requester, roleName, { type: 'TagRole', data: { roleName, tags } }),
    );
  }
}
