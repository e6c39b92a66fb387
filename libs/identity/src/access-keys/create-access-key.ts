import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SealedSecrets, type Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { IdentityRandom } from '../shared/identity-random';
import { UserStreams } from '../users/user-streams';
import type { AccessKeyView } from './access-keys.queries';

export type CreatedAccessKey = AccessKeyView & { secretAccessKey: string };

export class CreateAccessKey extends Command<CreatedAccessKey> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
  ) {
    super();
  }
}

/** A new key for a user: the secret is answered this once and rests only sealed. */
@CommandHandler(CreateAccessKey)
export class CreateAccessKeyHandler implements ICommandHandler<CreateAccessKey> {
  constructor(
    private readonly store: EventStore,
    private readonly userStreams: UserStreams,
    private readonly secrets: SealedSecrets,
  ) {}

  async execute({ requester, userName }: CreateAccessKey): Promise<CreatedAccessKey> {
    const accessKeyId = IdentityRandom.accessKeyId();
    const secretAccessKey = IdentityRandom.secretAccessKey();
    const createDate = new Date().toISOString();
    // The sealed secret is written in the command's transaction: it exists exactly when its event does.
    await commandTransaction(this.store, async (tx) =>
      this.userStreams.execute(tx, requester, userName, {
        type: 'CreateAccessKey',
        data: {
          userName,
          accessKeyId,
          secretId: await this.secrets.put(tx, 'access-key-secret', accessKeyId, secretAccessKey),
          createDate,
        },
      }),
    );
    return { userName, accessKeyId, status: 'Active', secretAccessKey, createDate };
  }
}
