import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SessionStore, type Requester } from '@iam/auth';
import { IamError, StsEventTypes, StsSchemaVersion, type StsDomainEvent } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { callerMetadata } from '@iam/service-kit';
import { RolesQueries } from '../roles/roles.queries';
import { StsStreams } from '../shared/sts-streams';

export interface RoleSessionsRevocation {
  roleName: string;
  roleArn: string;
  /** ISO-8601: sessions of the role issued at or before this no longer work. */
  revokedBefore: string;
}

export class RevokeRoleSessions extends Command<RoleSessionsRevocation> {
  constructor(
    readonly requester: Requester,
    readonly roleName: string,
  ) {
    super();
  }
}

/**
 * Ends every session of a role issued until now, at once, in every service
 * (AWS's "revoke active sessions", without its deny-policy workaround): a
 * revocation marker for the role in the session store, which every service
 * reads with each session on every request, and RoleSessionsRevoked on the
 * sts topic. Sessions issued afterwards work. The marker is written in the
 * event's transaction, so there is no event without it.
 */
@CommandHandler(RevokeRoleSessions)
export class RevokeRoleSessionsHandler implements ICommandHandler<RevokeRoleSessions> {
  constructor(
    private readonly store: EventStore,
    private readonly sessions: SessionStore,
    @Inject(RolesQueries) private readonly roles: RolesQueries,
  ) {}

  async execute({ requester, roleName }: RevokeRoleSessions): Promise<RoleSessionsRevocation> {
    const role = await this.roles.byName(requester.caller.accountId, roleName);
    if (!role) throw new IamError('NoSuchEntity', `The role with name ${roleName} cannot be found.`);
    const now = Date.now();
    const before = new Date(now).toISOString();
    const event: StsDomainEvent = {
      type: StsEventTypes.RoleSessionsRevoked,
      schemaVersion: StsSchemaVersion,
      payload: { roleId: role.roleId, roleName: role.roleName, roleArn: role.arn, before },
    };
    await this.store.database.transaction(async (tx) => {
      await this.store.appendWithin(
        tx,
        StsStreams.roleSessions(role.roleId),
        'any',
        [event],
        callerMetadata(requester),
      );
      await this.sessions.revokeIssuedBefore(role.roleId, now);
    });
    return { roleName: role.roleName, roleArn: role.arn, revokedBefore: before };
  }
}
