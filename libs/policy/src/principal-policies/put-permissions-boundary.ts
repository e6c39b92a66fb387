import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { ManagedPoliciesQueries } from '../managed-policies/managed-policies.queries';
import { PrincipalPolicyStreams } from './principal-policy-streams';

/** PutUserPermissionsBoundary, PutRolePermissionsBoundary (groups have none, as in AWS). */
export abstract class PutPermissionsBoundary extends Command<void> {
  abstract readonly kind: 'user' | 'role';

  constructor(
    readonly requester: Requester,
    readonly principalName: string,
    readonly policyArn: string,
  ) {
    super();
  }
}

export class PutUserPermissionsBoundary extends PutPermissionsBoundary {
  readonly kind = 'user';
}
export class PutRolePermissionsBoundary extends PutPermissionsBoundary {
  readonly kind = 'role';
}

/** Sets a managed policy of the caller's account, or an AWS managed one, as the boundary. */
@Injectable()
abstract class PutPermissionsBoundaryHandler implements ICommandHandler<PutPermissionsBoundary> {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
    private readonly principalStreams: PrincipalPolicyStreams,
  ) {}

  async execute({ requester, kind, principalName, policyArn }: PutPermissionsBoundary): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const principal = await this.principalStreams.principal(tx, requester, kind, principalName);
      const policy = await this.policies.attachable(tx, requester.caller.accountId, policyArn);
      await this.principalStreams.execute(tx, requester, {
        type: 'PutPermissionsBoundary',
        data: { principal, policy },
      });
    });
  }
}

@CommandHandler(PutUserPermissionsBoundary)
export class PutUserPermissionsBoundaryHandler extends PutPermissionsBoundaryHandler {}
@CommandHandler(PutRolePermissionsBoundary)
export class PutRolePermissionsBoundaryHandler extends PutPermissionsBoundaryHandler {}
