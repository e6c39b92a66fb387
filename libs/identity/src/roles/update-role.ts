import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { RoleStreams } from './role-streams';
import { RolesQueries, type RoleView } from './roles.queries';

export class UpdateRole extends Command<RoleView> {
  constructor(
    readonly requester: Requester,
    readonly roleName: string,
    readonly input: { description?: string; maxSessionDuration?: number },
  ) {
    super();
  }
}

/** As AWS UpdateRole: a field left out keeps its value. */
@CommandHandler(UpdateRole)
export class UpdateRoleHandler implements ICommandHandler<UpdateRole> {
  constructor(
    private readonly store: EventStore,
    @Inject(RolesQueries) private readonly roles: RolesQueries,
    private readonly roleStreams: RoleStreams,
  ) {}

  execute({ requester, roleName, input }: UpdateRole): Promise<RoleView> {
    return commandTransaction(this.store, async (tx) => {
      await this.roleStreams.execute(tx, requester, roleName, {
        type: 'UpdateRole',
        data: { roleName, ...input },
      });
      return this.roles.get(tx, requester.caller.accountId, roleName);
    });
  }
}
