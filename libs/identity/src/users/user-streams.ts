import { Inject, Injectable } from '@nestjs/common';
import type { Requester } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import { callerMetadata, executeOnStream } from '@iam/service-kit';
import { StreamIds } from '../shared/iam-arns';
import { userDecider } from './user.decider';
import type { UserCommand } from './user.commands';
import { UsersQueries } from './users.queries';

/** Runs a user decider command on the stream of a user named in the caller's account (every slice that changes a user). */
@Injectable()
export class UserStreams {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
  ) {}

  async execute(tx: Queryable, requester: Requester, userName: string, command: UserCommand) {
    const user = await this.users.get(tx, requester.caller.accountId, userName);
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
