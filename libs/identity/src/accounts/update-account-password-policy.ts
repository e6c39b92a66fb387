import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import type { PasswordPolicyInput } from '../passwords/password-policy';
import { AccountStreams } from './account-streams';

export class UpdateAccountPasswordPolicy extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly input: PasswordPolicyInput,
  ) {
    super();
  }
}

/** As in AWS, every field left out takes its default (the decider's rule). */
@CommandHandler(UpdateAccountPasswordPolicy)
export class UpdateAccountPasswordPolicyHandler implements ICommandHandler<UpdateAccountPasswordPolicy> {
  constructor(
    private readonly store: EventStore,
    private readonly accountStreams: AccountStreams,
  ) {}

  async execute({ requester, input }: UpdateAccountPasswordPolicy): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.accountStreams.execute(tx, requester, { type: 'UpdateAccountPasswordPolicy', data: input }),
    );
  }
}
