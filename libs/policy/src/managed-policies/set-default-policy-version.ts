import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { ManagedPolicyStreams } from './managed-policy-streams';

export class SetDefaultPolicyVersion extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly policyArn: string,
    readonly versionId: string,
  ) {
    super();
  }
}

@CommandHandler(SetDefaultPolicyVersion)
export class SetDefaultPolicyVersionHandler implements ICommandHandler<SetDefaultPolicyVersion> {
  constructor(
    private readonly store: EventStore,
    private readonly policyStreams: ManagedPolicyStreams,
  ) {}

  async execute({ requester, policyArn, versionId }: SetDefaultPolicyVersion): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const row = await this.policyStreams.requireModifiable(
        tx,
        requester,
        policyArn,
        'iam:SetDefaultPolicyVersion',
      );
      await this.policyStreams.execute(tx, requester, row.policy_id, {
        type: 'SetDefaultPolicyVersion',
        data: { versionId },
      });
    });
  }
}
