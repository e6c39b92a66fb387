import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import type { PrincipalKind } from '../shared/policy-names';
import { PrincipalPolicyStreams } from './principal-policy-streams';

/** PutUserPolicy, PutGroupPolicy, PutRolePolicy: an inline policy, replacing one of that name. */
export abstract class PutPrincipalPolicy extends Command<void> {
  abstract readonly kind: PrincipalKind;

  constructor(
    readonly requester: Requester,
    readonly principalName: string,
    readonly policyName: string,
    readonly policyDocument: string,
  ) {
    super();
  }
}

export class PutUserPolicy extends PutPrincipalPolicy {
  readonly kind = 'user';
}
export class PutGroupPolicy extends PutPrincipalPolicy {
  readonly kind = 'group';
}
export class PutRolePolicy extends PutPrincipalPolicy {
  readonly kind = 'role';
}

@Injectable()
abstract class PutPrincipalPolicyHandler implements ICommandHandler<PutPrincipalPolicy> {
  constructor(
    private readonly store: EventStore,
    private readonly principalStreams: PrincipalPolicyStreams,
  ) {}

  async execute({
    requester,
    kind,
    principalName,
    policyName,
    policyDocument,
  }: PutPrincipalPolicy): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const principal = await this.principalStreams.principal(tx, requester, kind, principalName);
      await this.principalStreams.execute(tx, requester, {
        type: 'PutInlinePolicy',
        data: { principal, policyName, policyDocument },
      });
    });
  }
}

@CommandHandler(PutUserPolicy)
export class PutUserPolicyHandler extends PutPrincipalPolicyHandler {}
@CommandHandler(PutGroupPolicy)
export class PutGroupPolicyHandler extends PutPrincipalPolicyHandler {}
@CommandHandler(PutRolePolicy)
export class PutRolePolicyHandler extends PutPrincipalPolicyHandler {}
