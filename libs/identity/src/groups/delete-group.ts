import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PrincipalPolicyCounts, type Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { GroupStreams } from './group-streams';
import { GroupsQueries } from './groups.queries';

export class DeleteGroup extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly groupName: string,
  ) {
    super();
  }
}

/** Deletes a group with no members and no policies (the decider refuses with DeleteConflict otherwise). */
@CommandHandler(DeleteGroup)
export class DeleteGroupHandler implements ICommandHandler<DeleteGroup> {
  constructor(
    private readonly store: EventStore,
    @Inject(GroupsQueries) private readonly groups: GroupsQueries,
    private readonly policyCounts: PrincipalPolicyCounts,
    private readonly groupStreams: GroupStreams,
  ) {}

  async execute({ requester, groupName }: DeleteGroup): Promise<void> {
    const { accountId } = requester.caller;
    await commandTransaction(this.store, async (tx) => {
      // Locked first, so a member added concurrently is either counted or finds no group.
      const group = await this.groups.get(tx, accountId, groupName, 'update');
      const memberCount = await this.groups.memberCount(tx, accountId, group.groupId);
      const policies = await this.policyCounts.of(tx, 'group', group.groupId);
      await this.groupStreams.execute(tx, requester, groupName, {
        type: 'DeleteGroup',
        data: { groupName, memberCount, ...policies },
      });
    });
  }
}
