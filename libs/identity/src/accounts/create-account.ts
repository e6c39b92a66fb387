import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SealedSecrets, type Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { callerMetadata, commandTransaction } from '@iam/service-kit';
import { createAccountWithRoot, type RootCredentials } from './account-creation';
import { AccountsQueries } from './accounts.queries';

export class CreateAccount extends Command<RootCredentials> {
  constructor(
    readonly requester: Requester,
    readonly accountName: string,
  ) {
    super();
  }
}

/** A member account with its root user and root key; only principals of the management account may create one. */
@CommandHandler(CreateAccount)
export class CreateAccountHandler implements ICommandHandler<CreateAccount> {
  constructor(
    private readonly store: EventStore,
    private readonly secrets: SealedSecrets,
    @Inject(AccountsQueries) private readonly accounts: AccountsQueries,
  ) {}

  async execute({ requester, accountName }: CreateAccount): Promise<RootCredentials> {
    const { caller } = requester;
    const own = await this.accounts.get(this.store.database, caller.accountId);
    if (!own.management) {
      throw new IamError(
        'AccessDenied',
        `User: ${caller.arn} is not authorized to perform: organizations:CreateAccount: only the management account can create accounts`,
      );
    }
    const { actorArn, correlationId, causationId } = callerMetadata(requester);
    return commandTransaction(this.store, (tx) =>
      createAccountWithRoot(this.store, this.secrets, tx, {
        accountName,
        managementAccount: false,
        metadata: { actorArn, correlationId, causationId },
      }),
    );
  }
}
