import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { PrincipalPolicyStreams } from './principal-policy-streams';

/** DeleteUserPermissionsBoundary, DeleteRolePermissionsBoundary. */
export abstract class DeletePermissionsBoundary extends Command<void> {
  abstract readonly kind: 'user' | 'role';

  constructor(
    readonly requester: Requester,
    readonly principalName: string,
  ) {
    super();
  }
}

export class DeleteUserPermissionsBoundary extends DeletePermissionsBoundary {
  readonly kind = 'user';
}
export class DeleteRolePermissionsBoundary extends DeletePermissionsBoundary {
  readonly kind = 'role';
}

@Injectable()
abstract class DeletePermissionsBoundaryHandler implements ICommandHandler<DeletePermissionsBoundary> {
  constructor(
    private readonly store: EventStore,
    private readonly principalStreams: PrincipalPolicyStreams,
  ) {}

  async execute({ requester, kind, principalName }: DeletePermissionsBoundary): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const principal = await this.principalStreams.principal(tx, requester, kind, principalName);
      await this.principalStreams.execute(tx, requester, {
        type: 'DeletePermissionsBoundary',
        data: { principal },
      });
    });
  }
}

@CommandHandler(DeleteUserPermissionsBoundary)
export class DeleteUserPermissionsBoundaryHandler extends DeletePermissionsBoundaryHandler {}
@CommandHandler(DeleteRolePermissionsBoundary)
export class DeleteRolePermissionsBoundaryHandler extends DeletePermissionsBoundaryHandler {}
