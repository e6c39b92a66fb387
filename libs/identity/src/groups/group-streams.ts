import { Inject, Injectable } from '@nestjs/common';
import type { Requester } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import { callerMetadata, executeOnStream } from '@iam/service-kit';
import { StreamIds } from '../shared/iam-arns';
import type { GroupCommand } from './group.commands';
import { groupDecider } from './group.decider';
import { GroupsQueries } from './groups.queries';

/** Runs a group decider command on the stream of a group named in the caller's account (UpdateGroup, DeleteGroup). */
@Injectable()
export class GroupStreams {
  constructor(
    private readonly store: EventStore,
    @Inject(GroupsQueries) private readonly groups: GroupsQueries,
  ) {}

  async execute(tx: Queryable, requester: Requester, groupName: string, command: GroupCommand) {
    const group = await this.groups.get(tx, requester.caller.accountId, groupName);
    return executeOnStream(
      this.store,
      tx,
      groupDecider,
      StreamIds.group(group.groupId),
      command,
      callerMetadata(requester),
    );
  }
}
