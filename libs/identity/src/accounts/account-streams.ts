import { Injectable } from '@nestjs/common';
import type { Requester } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import { callerMetadata, executeOnStream } from '@iam/service-kit';
import { StreamIds } from '../shared/iam-arns';
import { accountDecider } from './account.decider';
import type { AccountCommand } from './account.commands';

/** Runs an account decider command on the stream of the caller's own account (alias and password policy). */
@Injectable()
export class AccountStreams {
  constructor(private readonly store: EventStore) {}

  execute(tx: Queryable, requester: Requester, command: AccountCommand) {
    return executeOnStream(
      this.store,
      tx,
      accountDecider,
      StreamIds.account(requester.caller.accountId),
      command,
      callerMetadata(requester),
    );
  }
}
