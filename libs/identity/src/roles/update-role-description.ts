import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { RoleStreams } from './role-streams';
import { RolesQueries, type RoleView } from './roles.queries';

export class UpdateRoleDescription extends Command<RoleView> {
  constructor(
    readonly requester: Requester,
    readonly roleName: string,
    readonly description: string,
  ) {
    super();
  }
}

/**
 * AWS's older action for what UpdateRole also does: the description alone,
 * answered with the role. Its own action name (iam:UpdateRoleDescription)
 * so policies written for AWS govern it; the same decider rules.
 */
@CommandHandler(UpdateRoleDescription)
export class UpdateRoleDescriptionHandler implements ICommandHandler<UpdateRoleDescription> {
  constructor(
    private readonly store: EventStore,
    @Inject(RolesQueries) private readonly roles: RolesQueries,
    private readonly roleStreams: RoleStreams,
  ) {}

  execute({ requester, roleName, description }: UpdateRoleDescription): Promise<RoleView> {
    return commandTransaction(this.store, async (tx) => {
      await this.roleStreams.execute(tx, requester, roleName, {
        type: 'UpdateRole',
        data: { roleName, description },
      });
      return this.roles.get(tx, requester.caller.accountId, roleName);
    });
  }
}
