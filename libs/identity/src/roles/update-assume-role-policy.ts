import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { RoleStreams } from './role-streams';
import { validateTrustPolicy } from './trust-policy';

export class UpdateAssumeRolePolicy extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly roleName: string,
    readonly policyDocument: string,
  ) {
    super();
  }
}

/** Replaces a role's trust policy, which passes the policy engine first (MalformedPolicyDocument). */
@CommandHandler(UpdateAssumeRolePolicy)
export class UpdateAssumeRolePolicyHandler implements ICommandHandler<UpdateAssumeRolePolicy> {
  constructor(
    private readonly store: EventStore,
    private readonly roleStreams: RoleStreams,
  ) {}

  async execute({ requester, roleName, policyDocument }: UpdateAssumeRolePolicy): Promise<void> {
    validateTrustPolicy(policyDocument, 'policyDocument');
    await commandTransaction(this.store, (tx) =>
      this.roleStreams.execute(tx, requester, roleName, {
        type: 'UpdateAssumeRolePolicy',
        data: { roleName, policyDocument },
      }),
    );
  }
}
