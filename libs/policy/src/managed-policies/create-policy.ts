import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { PolicyEventTypes, type TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { commandTransaction, reservingName } from '@iam/service-kit';
import { PolicyErrors } from '../shared/policy-errors';
import { PolicyRandom } from '../shared/policy-random';
import { ManagedPoliciesQueries, type PolicyView } from './managed-policies.queries';
import { ManagedPolicyStreams } from './managed-policy-streams';

export class CreatePolicy extends Command<PolicyView> {
  constructor(
    readonly requester: Requester,
    readonly input: {
      policyName: string;
      policyDocument: string;
      path?: string;
      description?: string;
      tags?: TagV1[];
    },
  ) {
    super();
  }
}

/** A customer managed policy in the caller's account; its name is reserved in the same transaction. */
@CommandHandler(CreatePolicy)
export class CreatePolicyHandler implements ICommandHandler<CreatePolicy> {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
    private readonly policyStreams: ManagedPolicyStreams,
  ) {}

  execute({ requester, input }: CreatePolicy): Promise<PolicyView> {
    const { accountId } = requester.caller;
    const policyId = PolicyRandom.policyId();
    return reservingName(
      () =>
        commandTransaction(this.store, async (tx) => {
          const { events } = await this.policyStreams.execute(tx, requester, policyId, {
            type: 'CreatePolicy',
            data: { accountId, policyId, ...input, createDate: new Date().toISOString() },
          });
          const [created] = events;
          if (created?.type !== PolicyEventTypes.PolicyCreated)
            throw new Error('CreatePolicy raised no PolicyCreated');
          return this.policies.get(tx, accountId, created.payload.policyArn);
        }),
      // The ARN contains the name: a race on one name meets either index first.
      ['managed_policies_account_name', 'managed_policies_arn_key'],
      () => PolicyErrors.policyAlreadyExists(input.policyName),
    );
  }
}
