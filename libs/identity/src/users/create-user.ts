import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { callerMetadata, commandTransaction, executeOnStream, reservingName } from '@iam/service-kit';
import { BoundaryPolicies, withBoundary } from '../shared/boundary-policies';
import { StreamIds } from '../shared/iam-arns';
import { IdentityErrors } from '../shared/identity-errors';
import { IdentityRandom } from '../shared/identity-random';
import { userDecider } from './user.decider';
import { UsersQueries, type UserView } from './users.queries';

export class CreateUser extends Command<UserView> {
  constructor(
    readonly requester: Requester,
    readonly input: { userName: string; path?: string; tags?: TagV1[]; permissionsBoundary?: string },
  ) {
    super();
  }
}

/** A new user in the caller's account; its name is reserved in the same transaction. */
@CommandHandler(CreateUser)
export class CreateUserHandler implements ICommandHandler<CreateUser> {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    private readonly boundaries: BoundaryPolicies,
  ) {}

  execute({ requester, input }: CreateUser): Promise<UserView> {
    const { accountId } = requester.caller;
    const { permissionsBoundary } = input;
    const userId = IdentityRandom.uniqueId('user');
    return reservingName(
      () =>
        commandTransaction(this.store, async (tx) => {
          await this.boundaries.requireSettable(tx, permissionsBoundary, accountId);
          await executeOnStream(
            this.store,
            tx,
            userDecider,
            StreamIds.user(userId),
            {
              type: 'CreateUser',
              data: {
                accountId,
                userId,
                userName: input.userName,
                path: input.path,
                tags: input.tags,
                createDate: new Date().toISOString(),
                permissionsBoundary,
              },
            },
            callerMetadata(requester),
          );
          return withBoundary(await this.users.get(tx, accountId, input.userName), permissionsBoundary);
        }),
      'users_account_name',
      () => IdentityErrors.userAlreadyExists(input.userName),
    );
  }
}
