import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { RoleStreams } from './role-streams';

export class UntagRole extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly roleName: string,
    readonly tagKeys: string[],
  ) {
    super();
  }
}

@CommandHandler(UntagRole)
export class UntagRoleHandler implements ICommandHandler<UntagRole> {
  constructor(
    private readonly store: EventStore,
    private readonly roleStreams: RoleStreams,
  ) {}

  async execute({ requester, roleName, tagKeys }: UntagRole): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.roleStreams.execute(tx, requester, roleName, { type: 'UntagRole', data: { roleName, tagKeys } }),
    );
  }
}
