import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PrincipalPolicyCounts, type Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { RoleStreams } from './role-streams';
import { RolesQueries } from './roles.queries';

export class DeleteRole extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly roleName: string,
  ) {
    super();
  }
}

/** Deletes a role that holds no policies any more (the decider refuses with DeleteConflict otherwise). */
@CommandHandler(DeleteRole)
export class DeleteRoleHandler implements ICommandHandler<DeleteRole> {
  constructor(
    private readonly store: EventStore,
    @Inject(RolesQueries) private readonly roles: RolesQueries,
    private readonly policyCounts: PrincipalPolicyCounts,
    private readonly roleStreams: RoleStreams,
  ) {}

  async execute({ requester, roleName }: DeleteRole): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const role = await this.roles.get(tx, requester.caller.accountId, roleName);
      const policies = await this.policyCounts.of(tx, 'role', role.roleId);
      await this.roleStreams.execute(tx, requester, roleName, {
        type: 'DeleteRole',
        data: { roleName, ...policies },
      });
    });
  }
}
