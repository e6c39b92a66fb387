import { Inject, Injectable } from '@nestjs/common';
import { PrincipalPolicyCounts, type Principal } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import {
  type Page,
  type PageRequest,
  callerMetadata,
  executeOnStream,
  reservingName,
} from '@iam/service-kit';
import { IdentityErrors } from '../shared/identity-errors';
import { IdentityRandom } from '../shared/identity-random';
import { StreamIds } from '../shared/iam-arns';
import { UsersQueries } from '../users/users.queries';
import { UsersService } from '../users/users.service';
import type { GroupCommand } from './group.commands';
import { groupDecider } from './group.decider';
import { GroupsQueries, type GroupMemberView, type GroupView } from './groups.queries';

/**
 * Use cases of IAM groups, each in one transaction, always within the
 * caller's account. Membership is decided on the user stream (the user's
 * 10-groups quota), with the group resolved and locked in the same transaction.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly store: EventStore,
    @Inject(GroupsQueries) private readonly groups: GroupsQueries,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    private readonly usersService: UsersService,
    private readonly policyCounts: PrincipalPolicyCounts,
  ) {}

  async create(
    caller: Principal,
    requestId: string,
    input: { groupName: string; path?: string },
  ): Promise<GroupView> {
    const groupId = IdentityRandom.uniqueId('group');
    return reservingName(
      () =>
        this.store.database.transaction(async (tx) => {
          await executeOnStream(
            this.store,
            tx,
            groupDecider,
            StreamIds.group(groupId),
            {
              type: 'CreateGroup',
              data: {
                accountId: caller.accountId,
                groupId,
                groupName: input.groupName,
                path: input.path,
                createDate: new Date().toISOString(),
              },
            },
            callerMetadata(caller, requestId),
          );
          return this.groups.get(tx, caller.accountId, input.groupName);
        }),
      'groups_account_name',
      () => IdentityErrors.groupAlreadyExists(input.groupName),
    );
  }

  /** GetGroup: the group and a page of its users. */
  async get(
    caller: Principal,
    groupName: string,
    request: PageRequest,
  ): Promise<{ group: GroupView; users: Page<GroupMemberView> }> {
    const db = this.store.database;
    const group = await this.groups.get(db, caller.accountId, groupName);
    return { group, users: await this.groups.listMembers(db, caller.accountId, group.groupId, request) };
  }

  list(caller: Principal, request: PageRequest & { pathPrefix?: string }): Promise<Page<GroupView>> {
    return this.groups.list(this.store.database, caller.accountId, request);
  }

  async listForUser(caller: Principal, userName: string, request: PageRequest): Promise<Page<GroupView>> {
    const db = this.store.database;
    const user = await this.users.get(db, caller.accountId, userName);
    return this.groups.listForUser(db, caller.accountId, user.userId, request);
  }

  async update(
    caller: Principal,
    requestId: string,
    groupName: string,
    input: { newGroupName?: string; newPath?: string },
  ): Promise<GroupView> {
    return reservingName(
      () =>
        this.store.database.transaction(async (tx) => {
          await this.onGroup(tx, caller, requestId, groupName, {
            type: 'UpdateGroup',
            data: { groupName, ...input },
          });
          return this.groups.get(tx, caller.accountId, input.newGroupName ?? groupName);
        }),
      'groups_account_name',
      () => IdentityErrors.groupAlreadyExists(input.newGroupName ?? groupName),
    );
  }

  async delete(caller: Principal, requestId: string, groupName: string): Promise<void> {
    await this.store.database.transaction(async (tx) => {
      // Locked first, so a member added concurrently is either counted or finds no group.
      const group = await this.groups.get(tx, caller.accountId, groupName, 'update');
      const memberCount = await this.groups.memberCount(tx, caller.accountId, group.groupId);
      await this.onGroup(
        tx,
        caller,
        requestId,
        groupName,
        {
          type: 'DeleteGroup',
          data: { groupName, memberCount, ...(await this.policyCounts.of(tx, 'group', group.groupId)) },
        },
        group,
      );
    });
  }

  async addUser(caller: Principal, requestId: string, groupName: string, userName: string): Promise<void> {
    await this.store.database.transaction(async (tx) => {
      const group = await this.groups.get(tx, caller.accountId, groupName, 'share');
      await this.usersService.onUser(tx, caller, requestId, userName, {
        type: 'AddUserToGroup',
        data: { userName, groupId: group.groupId, groupName: group.groupName },
      });
    });
  }

  async removeUser(caller: Principal, requestId: string, groupName: string, userName: string): Promise<void> {
    await this.store.database.transaction(async (tx) => {
      const group = await this.groups.get(tx, caller.accountId, groupName, 'share');
      await this.usersService.onUser(tx, caller, requestId, userName, {
        type: 'RemoveUserFromGroup',
        data: { userName, groupId: group.groupId, groupName: group.groupName },
      });
    });
  }

  /** Resolves a group name in the caller's account to its stream and runs a command on it. */
  private async onGroup(
    tx: Queryable,
    caller: Principal,
    requestId: string,
    groupName: string,
    command: GroupCommand,
    resolved?: GroupView,
  ) {
    const group = resolved ?? (await this.groups.get(tx, caller.accountId, groupName));
    return executeOnStream(
      this.store,
      tx,
      groupDecider,
      StreamIds.group(group.groupId),
      command,
      callerMetadata(caller, requestId),
    );
  }
}
