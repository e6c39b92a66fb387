import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { ManagedPoliciesQueries } from './managed-policies.queries';
import { ManagedPolicyStreams } from './managed-policy-streams';

export class DeletePolicy extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly policyArn: string,
  ) {
    super();
  }
}

/** Deletes a policy nobody uses any more (the decider refuses with DeleteConflict otherwise). */
@CommandHandler(DeletePolicy)
export class DeletePolicyHandler implements ICommandHandler<DeletePolicy> {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
    private readonly policyStreams: ManagedPolicyStreams,
  ) {}

  async execute({ requester, policyArn }: DeletePolicy): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      // Locked FOR UPDATE so the count below sees every attachment committed before.
      const row = await this.policyStreams.requireModifiable(
        tx,
        requester,
        policyArn,
        'iam:DeletePolicy',
        'FOR UPDATE',
      );
      const usageCount = await this.policies.usageCount(tx, requester.caller.accountId, policyArn);
      await this.policyStreams.execute(tx, requester, row.policy_id, {
        type: 'DeletePolicy',
        data: { usageCount },
      });
    });
  }
}
