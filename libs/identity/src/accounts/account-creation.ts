import type { SealedSecrets } from '@iam/auth';
import type { EventMetadata } from '@iam/contracts';
import type { EventStore, Queryable } from '@iam/event-store';
import { rootArn, StreamIds } from '../shared/iam-arns';
import { IdentityRandom } from '../shared/identity-random';
import { executeOnStream } from '@iam/service-kit';
import { userDecider } from '../users/user.decider';
import { accountDecider } from './account.decider';

export interface RootCredentials {
  accountId: string;
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * An account is born with its root user and one root access key, in one
 * transaction. The secret is returned to be shown once; it rests sealed.
 */
export async function createAccountWithRoot(
  store: EventStore,
  secrets: SealedSecrets,
  tx: Queryable,
  input: {
    accountId?: string;
    accountName: string;
    managementAccount: boolean;
    rootKey?: { accessKeyId: string; secretAccessKey: string };
    metadata: Omit<EventMetadata, 'accountId' | 'actorArn'> & { actorArn?: string };
  },
): Promise<RootCredentials> {
  const accountId = input.accountId ?? IdentityRandom.accountId();
  const metadata: EventMetadata = {
    ...input.metadata,
    accountId,
    actorArn: input.metadata.actorArn ?? rootArn(accountId),
  };
  const createDate = new Date().toISOString();
  await executeOnStream(
    store,
    tx,
    accountDecider,
    StreamIds.account(accountId),
    {
      type: 'CreateAccount',
      data: { accountId, accountName: input.accountName, managementAccount: input.managementAccount },
    },
    metadata,
  );
  await executeOnStream(
    store,
    tx,
    userDecider,
    StreamIds.rootUser(accountId),
    {
      type: 'CreateRootUser',
      data: { accountId, createDate },
    },
    metadata,
  );
  return createRootAccessKey(store, secrets, tx, metadata, input.rootKey);
}

/**
 * A new access key of an account's root user (at account creation, and the
 * operators' break-glass `iam-admin root-key create` on a system that lost
 * its root key): the root user's decider refuses a third key (LimitExceeded)
 * and a root user that does not exist. `metadata` names who did it.
 */
export async function createRootAccessKey(
  store: EventStore,
  secrets: SealedSecrets,
  tx: Queryable,
  metadata: EventMetadata,
  preset?: { accessKeyId: string; secretAccessKey: string },
): Promise<RootCredentials> {
  const { accountId } = metadata;
  const accessKeyId = preset?.accessKeyId ?? IdentityRandom.accessKeyId();
  const secretAccessKey = preset?.secretAccessKey ?? IdentityRandom.secretAccessKey();
  await executeOnStream(
    store,
    tx,
    userDecider,
    StreamIds.rootUser(accountId),
    {
      type: 'CreateAccessKey',
      data: {
        accessKeyId,
        secretId: await secrets.put(tx, 'access-key-secret', accessKeyId, secretAccessKey),
        createDate: new Date().toISOString(),
      },
    },
    metadata,
  );
  return { accountId, arn: rootArn(accountId), accessKeyId, secretAccessKey };
}
