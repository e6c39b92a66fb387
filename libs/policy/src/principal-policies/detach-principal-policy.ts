import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import type { PrincipalKind } from '../shared/policy-names';
import { PrincipalPolicyStreams } from './principal-policy-streams';

/** DetachUserPolicy, DetachGroupPolicy, DetachRolePolicy: one use case, on the named principal's policies stream. */
export abstract class DetachPrincipalPolicy extends Command<void> {
  abstract readonly kind: PrincipalKind;

  constructor(
    readonly requester: Requester,
    readonly principalName: string,
    readonly policyArn: string,
  ) {
    super();
  }
}

export class DetachUserPolicy extends DetachPrincipalPolicy {
  readonly kind = 'user';
}
export class DetachGroupPolicy extends DetachPrincipalPolicy {
  readonly kind = 'group';
}
export class DetachRolePolicy extends DetachPrincipalPolicy {
  readonly kind = 'role';
}

@Injectable()
abstract class DetachPrincipalPolicyHandler implements ICommandHandler<DetachPrincipalPolicy> {
  constructor(
    private readonly store: EventStore,
    private readonly principalStreams: PrincipalPolicyStreams,
  ) {}

  async execute({ requester, kind, principalName, policyArn }: DetachPrincipalPolicy): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const principal = await this.principalStreams.principal(tx, requester, kind, principalName);
      await this.principalStreams.execute(tx, requester, {
        type: 'DetachPolicy',
        data: { principal, policyArn },
      });
    });
  }
}

@CommandHandler(DetachUserPolicy)
export class DetachUserPolicyHandler extends DetachPrincipalPolicyHandler {}
@CommandHandler(DetachGroupPolicy)
export class DetachGroupPolicyHandler extends DetachPrincipalPolicyHandler {}
@CommandHandler(DetachRolePolicy)
export class DetachRolePolicyHandler extends DetachPrincipalPolicyHandler {}
