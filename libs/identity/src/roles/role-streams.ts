import { Inject, Injectable } from '@nestjs/common';
import type { Requester } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import { callerMetadata, executeOnStream } from '@iam/service-kit';
import { StreamIds } from '../shared/iam-arns';
import type { RoleCommand } from './role.commands';
import { roleDecider } from './role.decider';
import { RolesQueries } from './roles.queries';

/** Runs a role decider command on the stream of a role named in the caller's account (every use case that changes a role). */
@Injectable()
export class RoleStreams {
  constructor(
    private readonly store: EventStore,
    @Inject(RolesQueries) private readonly roles: RolesQueries,
  ) {}

  async execute(tx: Queryable, requester: Requester, roleName: string, command: RoleCommand) {
    const role = await this.roles.get(tx, requester.caller.accountId, roleName);
    return executeOnStream(
      this.store,
      tx,
      roleDecider,
      StreamIds.role(role.roleId),
      command,
      callerMetadata(requester),
    );
  }
}
