import { Inject, Injectable } from '@nestjs/common';
import type { Requester } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import { callerMetadata, executeOnStream, loadState } from '@iam/service-kit';
import { StreamIds } from '../shared/iam-arns';
import { IdentityErrors } from '../shared/identity-errors';
import type { UserCommand } from '../users/user.commands';
import { userDecider, type ExistingUserState } from '../users/user.decider';
import { UsersQueries } from '../users/users.queries';

/**
 * The user whose login profile an administrator changes, folded from its
 * stream (the profile and the password history the new password is checked
 * against), and the command run on that stream.
 */
@Injectable()
export class LoginProfileUsers {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
  ) {}

  /** The addressed user of the caller's account. */
  async live(tx: Queryable, requester: Requester, userName: string): Promise<ExistingUserState> {
    const view = await this.users.get(tx, requester.caller.accountId, userName);
    const state = await loadState(this.store, tx, userDecider, StreamIds.user(view.userId));
    if (state.status !== 'active') throw IdentityErrors.noSuchUser(userName);
    return state;
  }

  execute(tx: Queryable, requester: Requester, user: ExistingUserState, command: UserCommand) {
    return executeOnStream(
      this.store,
      tx,
      userDecider,
      StreamIds.user(user.userId),
      command,
      callerMetadata(requester),
    );
  }
}
