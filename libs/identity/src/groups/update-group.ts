import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction, reservingName } from '@iam/service-kit';
import { IdentityErrors } from '../shared/identity-errors';
import { GroupStreams } from './group-streams';
import { GroupsQueries, type GroupView } from './groups.queries';

export class UpdateGroup extends Command<GroupView> {
  constructor(
    readonly requester: Requester,
    readonly groupName: string,
    readonly input: { newGroupName?: string; newPath?: string },
  ) {
    super();
  }
}

/** Renames or moves a group; the new name is reserved in the same transaction. */
@CommandHandler(UpdateGroup)
export class UpdateGroupHandler implements ICommandHandler<UpdateGroup> {
  constructor(
    private readonly store: EventStore,
    @Inject(GroupsQueries) private readonly groups: GroupsQueries,
    private readonly groupStreams: GroupStreams,
  ) {}

  execute({ requester, groupName, input }: UpdateGroup): Promise<GroupView> {
    const newName = input.newGroupName ?? groupName;
    return reservingName(
      () =>
        commandTransaction(this.store, async (tx) => {
          await this.groupStreams.execute(tx, requester, groupName, {
            type: 'UpdateGroup',
            data: { groupName, ...input },
          });
          return this.groups.get(tx, requester.caller.accountId, newName);
        }),
      'groups_account_name',
      () => IdentityErrors.groupAlreadyExists(newName),
    );
  }
}
