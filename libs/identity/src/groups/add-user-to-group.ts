import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { UserStreams } from '../users/user-streams';
import { GroupsQueries } from './groups.queries';

export class AddUserToGroup extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly groupName: string,
    readonly userName: string,
  ) {
    super();
  }
}

/**
 * Membership is decided on the user stream (the user's groups quota), with the group
 * resolved and share-locked in the same transaction so it cannot be deleted meanwhile.
 */
@CommandHandler(AddUserToGroup)
export class AddUserToGroupHandler implements ICommandHandler<AddUserToGroup> {
  constructor(
    private readonly store: EventStore,
    @Inject(GroupsQueries) private readonly groups: GroupsQueries,
    private readonly userStreams: UserStreams,
  ) {}

  async execute({ requester, groupName, userName }: AddUserToGroup): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const group = await this.groups.get(tx, requester.caller.accountId, groupName, 'share');
      await this.userStreams.execute(tx, requester, userName, {
        type: 'AddUserToGroup',
        data: { userName, groupId: group.groupId, groupName: group.groupName },
      });
    });
  }
}
