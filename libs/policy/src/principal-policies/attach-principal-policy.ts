import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { ManagedPoliciesQueries } from '../managed-policies/managed-policies.queries';
import type { PrincipalKind } from '../shared/policy-names';
import { PrincipalPolicyStreams } from './principal-policy-streams';

/** AttachUserPolicy, AttachGroupPolicy, AttachRolePolicy: one use case, on the named principal's policies stream. */
export abstract class AttachPrincipalPolicy extends Command<void> {
  abstract readonly kind: PrincipalKind;

  constructor(
    readonly requester: Requester,
    readonly principalName: string,
    readonly policyArn: string,
  ) {
    super();
  }
}

export class AttachUserPolicy extends AttachPrincipalPolicy {
  readonly kind = 'user';
}
export class AttachGroupPolicy extends AttachPrincipalPolicy {
  readonly kind = 'group';
}
export class AttachRolePolicy extends AttachPrincipalPolicy {
  readonly kind = 'role';
}

/** Attaches a managed policy of the caller's account, or an AWS managed one (at most 10 per principal). */
@Injectable()
abstract class AttachPrincipalPolicyHandler implements ICommandHandler<AttachPrincipalPolicy> {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
    private readonly principalStreams: PrincipalPolicyStreams,
  ) {}

  async execute({ requester, kind, principalName, policyArn }: AttachPrincipalPolicy): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const principal = await this.principalStreams.principal(tx, requester, kind, principalName);
      const policy = await this.policies.attachable(tx, requester.caller.accountId, policyArn);
      await this.principalStreams.execute(tx, requester, {
        type: 'AttachPolicy',
        data: { principal, policy },
      });
    });
  }
}

@CommandHandler(AttachUserPolicy)
export class AttachUserPolicyHandler extends AttachPrincipalPolicyHandler {}
@CommandHandler(AttachGroupPolicy)
export class AttachGroupPolicyHandler extends AttachPrincipalPolicyHandler {}
@CommandHandler(AttachRolePolicy)
export class AttachRolePolicyHandler extends AttachPrincipalPolicyHandler {}
