import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { callerMetadata, commandTransaction, executeOnStream, reservingName } from '@iam/service-kit';
import { StreamIds } from '../shared/iam-arns';
import { IdentityErrors } from '../shared/identity-errors';
import { IdentityRandom } from '../shared/identity-random';
import { groupDecider } from './group.decider';
import { GroupsQueries, type GroupView } from './groups.queries';

export class CreateGroup extends Command<GroupView> {
  constructor(
    readonly requester: Requester,
    readonly input: { groupName: string; path?: string },
  ) {
    super();
  }
}

/** A new group in the caller's account; its name is reserved in the same transaction. */
@CommandHandler(CreateGroup)
export class CreateGroupHandler implements ICommandHandler<CreateGroup> {
  constructor(
    private readonly store: EventStore,
    @Inject(GroupsQueries) private readonly groups: GroupsQueries,
  ) {}

  execute({ requester, input }: CreateGroup): Promise<GroupView> {
    const { accountId } = requester.caller;
    const groupId = IdentityRandom.uniqueId('group');
    return reservingName(
      () =>
        commandTransaction(this.store, async (tx) => {
          await executeOnStream(
            this.store,
            tx,
            groupDecider,
            StreamIds.group(groupId),
            {
              type: 'CreateGroup',
              data: {
                accountId,
                groupId,
                groupName: input.groupName,
                path: input.path,
                createDate: new Date().toISOString(),
              },
            },
            callerMetadata(requester),
          );
          return this.groups.get(tx, accountId, input.groupName);
        }),
      'groups_account_name',
      () => IdentityErrors.groupAlreadyExists(input.groupName),
    );
  }
}
