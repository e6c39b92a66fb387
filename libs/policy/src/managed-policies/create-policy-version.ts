import { PolicyEventTypes } from '@iam/contracts';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { ManagedPoliciesQueries, type PolicyVersionView } from './managed-policies.queries';
import { ManagedPolicyStreams } from './managed-policy-streams';

export class CreatePolicyVersion extends Command<PolicyVersionView> {
  constructor(
    readonly requester: Requester,
    readonly policyArn: string,
    readonly input: { policyDocument: string; setAsDefault?: boolean },
  ) {
    super();
  }
}

/** A new version of the caller's policy; answered without its document, as AWS. */
@CommandHandler(CreatePolicyVersion)
export class CreatePolicyVersionHandler implements ICommandHandler<CreatePolicyVersion> {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
    private readonly policyStreams: ManagedPolicyStreams,
  ) {}

  execute({ requester, policyArn, input }: CreatePolicyVersion): Promise<PolicyVersionView> {
    return commandTransaction(this.store, async (tx) => {
      const row = await this.policyStreams.requireModifiable(
        tx,
        requester,
        policyArn,
        'iam:CreatePolicyVersion',
      );
      const { events } = await this.policyStreams.execute(tx, requester, row.policy_id, {
        type: 'CreatePolicyVersion',
        data: { ...input, createDate: new Date().toISOString() },
      });
      const created = events.find((event) => event.type === PolicyEventTypes.PolicyVersionCreated);
      if (created?.type !== PolicyEventTypes.PolicyVersionCreated)
        throw new Error('CreatePolicyVersion raised no PolicyVersionCreated');
      const { document: _document, ...version } = await this.policies.getVersion(
        tx,
        requester.caller.accountId,
        policyArn,
        created.payload.versionId,
      );
      return version;
    });
  }
}
