import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { ManagedPolicyStreams } from './managed-policy-streams';

export class TagPolicy extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly policyArn: string,
    readonly tags: TagV1[],
  ) {
    super();
  }
}

/** Sets tags on a customer managed policy (an AWS managed one is read-only). */
@CommandHandler(TagPolicy)
export class TagPolicyHandler implements ICommandHandler<TagPolicy> {
  constructor(
    private readonly store: EventStore,
    private readonly policyStreams: ManagedPolicyStreams,
  ) {}

  async execute({ requester, policyArn, tags }: TagPolicy): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const row = await this.policyStreams.requireModifiable(tx, requester, policyArn, 'iam:TagPolicy');
      await this.policyStreams.execute(tx, requester, row.policy_id, { type: 'TagPolicy', data: { tags } });
    });
  }
}
