import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { ManagedPolicyStreams } from './managed-policy-streams';

export class UntagPolicy extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly policyArn: string,
    readonly tagKeys: string[],
  ) {
    super();
  }
}

/** Removes tags (by key, in any case) from a customer managed policy; keys it does not have are ignored, as in AWS. */
@CommandHandler(UntagPolicy)
export class UntagPolicyHandler implements ICommandHandler<UntagPolicy> {
  constructor(
    private readonly store: EventStore,
    private readonly policyStreams: ManagedPolicyStreams,
  ) {}

  async execute({ requester, policyArn, tagKeys }: UntagPolicy): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const row = await this.policyStreams.requireModifiable(tx, requester, policyArn, 'iam:UntagPolicy');
      await this.policyStreams.execute(tx, requester, row.policy_id, {
        type: 'UntagPolicy',
        data: { tagKeys },
      });
    });
  }
}
