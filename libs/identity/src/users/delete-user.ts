import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PrincipalPolicyCounts, SealedSecrets, type Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction, passwordHashAssociatedData } from '@iam/service-kit';
import { UserStreams } from './user-streams';
import { UsersQueries } from './users.queries';

export class DeleteUser extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
  ) {
    super();
  }
}

/** Deletes a user that holds nothing any more (the decider refuses with DeleteConflict otherwise). */
@CommandHandler(DeleteUser)
export class DeleteUserHandler implements ICommandHandler<DeleteUser> {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    private readonly policyCounts: PrincipalPolicyCounts,
    private readonly userStreams: UserStreams,
    private readonly secrets: SealedSecrets,
  ) {}

  async execute({ requester, userName }: DeleteUser): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const user = await this.users.get(tx, requester.caller.accountId, userName);
      const policies = await this.policyCounts.of(tx, 'user', user.userId);
      await this.userStreams.execute(tx, requester, userName, {
        type: 'DeleteUser',
        data: { userName, ...policies },
      });
      // The password history (kept after DeleteLoginProfile, for reuse prevention) goes with the user.
      await this.secrets.erase(tx, 'password-hash', passwordHashAssociatedData(user.userId));
    });
  }
}
