import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import type { PrincipalKind } from '../shared/policy-names';
import { PrincipalPolicyStreams } from './principal-policy-streams';

/** DeleteUserPolicy, DeleteGroupPolicy, DeleteRolePolicy: removes one inline policy of the named principal. */
export abstract class DeletePrincipalPolicy extends Command<void> {
  abstract readonly kind: PrincipalKind;

  constructor(
    readonly requester: Requester,
    readonly principalName: string,
    readonly policyName: string,
  ) {
    super();
  }
}

export class DeleteUserPolicy extends DeletePrincipalPolicy {
  readonly kind = 'user';
}
export class DeleteGroupPolicy extends DeletePrincipalPolicy {
  readonly kind = 'group';
}
export class DeleteRolePolicy extends DeletePrincipalPolicy {
  readonly kind = 'role';
}

@Injectable()
abstract class DeletePrincipalPolicyHandler implements ICommandHandler<DeletePrincipalPolicy> {
  constructor(
    private readonly store: EventStore,
    private readonly principalStreams: PrincipalPolicyStreams,
  ) {}

  async execute({ requester, kind, principalName, policyName }: DeletePrincipalPolicy): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const principal = await this.principalStreams.principal(tx, requester, kind, principalName);
      await this.principalStreams.execute(tx, requester, {
        type: 'DeleteInlinePolicy',
        data: { principal, policyName },
      });
    });
  }
}

@CommandHandler(DeleteUserPolicy)
export class DeleteUserPolicyHandler extends DeletePrincipalPolicyHandler {}
@CommandHandler(DeleteGroupPolicy)
export class DeleteGroupPolicyHandler extends DeletePrincipalPolicyHandler {}
@CommandHandler(DeleteRolePolicy)
export class DeleteRolePolicyHandler extends DeletePrincipalPolicyHandler {}
