import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction, reservingName } from '@iam/service-kit';
import { IdentityErrors } from '../shared/identity-errors';
import { UserStreams } from './user-streams';
import { UsersQueries, type UserView } from './users.queries';

export class UpdateUser extends Command<UserView> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
    readonly input: { newUserName?: string; newPath?: string },
  ) {
    super();
  }
}

/** Renames or moves a user; the new name is reserved in the same transaction. */
@CommandHandler(UpdateUser)
export class UpdateUserHandler implements ICommandHandler<UpdateUser> {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    private readonly userStreams: UserStreams,
  ) {}

  execute({ requester, userName, input }: UpdateUser): Promise<UserView> {
    const newName = input.newUserName ?? userName;
    return reservingName(
      () =>
        commandTransaction(this.store, async (tx) => {
          await this.userStreams.execute(tx, requester, userName, {
            type: 'UpdateUser',
            data: { userName, ...input },
          });
          return this.users.get(tx, requester.caller.accountId, newName);
        }),
      'users_account_name',
      () => IdentityErrors.userAlreadyExists(newName),
    );
  }
}
