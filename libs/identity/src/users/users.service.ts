import { Inject, Injectable } from '@nestjs/common';
import type { TagV1 } from '@iam/contracts';
import { PrincipalPolicyCounts, type Principal } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import {
  type Page,
  type PageRequest,
  callerMetadata,
  executeOnStream,
  reservingName,
} from '@iam/service-kit';
import { BoundaryPolicies, withBoundary } from '../shared/boundary-policies';
import { validatePermissionsBoundaryArn } from '../shared/iam-arns';
import { IdentityErrors } from '../shared/identity-errors';
import { IdentityRandom } from '../shared/identity-random';
import { StreamIds } from '../shared/iam-arns';
import { userDecider } from './user.decider';
import type { UserCommand } from './user.commands';
import { UsersQueries, type UserView } from './users.queries';

/** Use cases of IAM users, each in one transaction, always within the caller's account. */
@Injectable()
export class UsersService {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    private readonly policyCounts: PrincipalPolicyCounts,
    private readonly boundaries: BoundaryPolicies,
  ) {}

  async create(
    caller: Principal,
    requestId: string,
    input: { userName: string; path?: string; tags?: TagV1[]; permissionsBoundary?: string },
  ): Promise<UserView> {
    const userId = IdentityRandom.uniqueId('user');
    return reservingName(
      () =>
        this.store.database.transaction(async (tx) => {
          const { permissionsBoundary } = input;
          if (permissionsBoundary !== undefined) {
            validatePermissionsBoundaryArn(permissionsBoundary, caller.accountId);
            await this.boundaries.requireExisting(tx, permissionsBoundary);
          }
          await executeOnStream(
            this.store,
            tx,
            userDecider,
            StreamIds.user(userId),
            {
              type: 'CreateUser',
              data: {
                accountId: caller.accountId,
                userId,
                userName: input.userName,
                path: input.path,
                tags: input.tags,
                createDate: new Date().toISOString(),
                permissionsBoundary,
              },
            },
            callerMetadata(caller, requestId),
          );
          return withBoundary(
            await this.users.get(tx, caller.accountId, input.userName),
            permissionsBoundary,
          );
        }),
      'users_account_name',
      () => IdentityErrors.userAlreadyExists(input.userName),
    );
  }

  get(caller: Principal, userName: string): Promise<UserView> {
    return this.users.get(this.store.database, caller.accountId, userName);
  }

  list(caller: Principal, request: PageRequest & { pathPrefix?: string }): Promise<Page<UserView>> {
    return this.users.list(this.store.database, caller.accountId, request);
  }

  async update(
    caller: Principal,
    requestId: string,
    userName: string,
    input: { newUserName?: string; newPath?: string },
  ): Promise<UserView> {
    return reservingName(
      () =>
        this.store.database.transaction(async (tx) => {
          await this.onUser(tx, caller, requestId, userName, {
            type: 'UpdateUser',
            data: { userName, ...input },
          });
          return this.users.get(tx, caller.accountId, input.newUserName ?? userName);
        }),
      'users_account_name',
      () => IdentityErrors.userAlreadyExists(input.newUserName ?? userName),
    );
  }

  async delete(caller: Principal, requestId: string, userName: string): Promise<void> {
    await this.store.database.transaction(async (tx) => {
      const user = await this.users.get(tx, caller.accountId, userName);
      const policies = await this.policyCounts.of(tx, 'user', user.userId);
      await this.onUser(tx, caller, requestId, userName, {
        type: 'DeleteUser',
        data: { userName, ...policies },
      });
    });
  }

  async tag(caller: Principal, requestId: string, userName: string, tags: TagV1[]): Promise<void> {
    await this.store.database.transaction((tx) =>
      this.onUser(tx, caller, requestId, userName, { type: 'TagUser', data: { userName, tags } }),
    );
  }

  async untag(caller: Principal, requestId: string, userName: string, tagKeys: string[]): Promise<void> {
    await this.store.database.transaction((tx) =>
      this.onUser(tx, caller, requestId, userName, { type: 'UntagUser', data: { userName, tagKeys } }),
    );
  }

  /** Resolves a user name in the caller's account to its stream and runs a command on it. */
  async onUser(
    tx: Parameters<Parameters<EventStore['database']['transaction']>[0]>[0],
    caller: Principal,
    requestId: string,
    userName: string,
    command: UserCommand,
  ) {
    const user = await this.users.get(tx, caller.accountId, userName);
    return executeOnStream(
      this.store,
      tx,
      userDecider,
      StreamIds.user(user.userId),
      command,
      callerMetadata(caller, requestId),
    );
  }
}
