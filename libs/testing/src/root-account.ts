import { randomInt } from 'node:crypto';
import {
  IdentityEventTypes as T,
  IdentitySchemaVersion as v,
  SecretReferenceSchemaVersion,
  Topics,
  type IdentityDomainEvent,
  type NewEvent,
} from '@iam/contracts';
import { randomRootKey, type Credentials } from './signed-client';

export interface TestAccount {
  accountId: string;
  rootArn: string;
  /** The root user's access key, as a signed client uses it. */
  root: Credentials;
}

/** Events of one stream that exist before the request under test, on the topic of the service that owns them. */
export interface GivenStream {
  streamId: string;
  events: readonly NewEvent[];
  /** Topic of the stream's service; the service under test's own when left out. */
  topic?: string;
  /** Account the events belong to (their envelope's); the scenario's when left out. */
  accountId?: string;
}

/** A stream as it stands before the request (emmett's `existingStream`). */
export function existingStream(streamId: string, events: GivenStream['events'], topic?: string): GivenStream {
  return topic === undefined ? { streamId, events } : { streamId, events, topic };
}

/** A new account id and root key, for one scenario. */
export function newTestAccount(): TestAccount {
  const accountId = String(randomInt(100_000_000_000, 1_000_000_000_000));
  return { accountId, rootArn: `arn:aws:iam::${accountId}:root`, root: randomRootKey() };
}

/**
 * The identity events an account is born with (what account creation
 * appends): the account, its root user and the root's access key, whose
 * secret the caller has sealed into identity's `sealed_secrets` as
 * `rootSecretId` (`SliceApp.sealSecret`).
 */
export function rootAccountStreams(testAccount: TestAccount, rootSecretId: string): GivenStream[] {
  const { accountId, rootArn, root } = testAccount;
  const createDate = new Date().toISOString();
  const account: IdentityDomainEvent[] = [
    {
      type: T.AccountCreated,
      schemaVersion: v,
      payload: { accountId, accountName: `slice-${accountId}`, managementAccount: false },
    },
  ];
  const rootUser: IdentityDomainEvent[] = [
    {
      type: T.RootUserCreated,
      schemaVersion: v,
      payload: { userId: accountId, accountId, arn: rootArn, createDate },
    },
    {
      type: T.AccessKeyCreated,
      schemaVersion: SecretReferenceSchemaVersion,
      payload: {
        userId: accountId,
        userName: '<root_account>',
        accessKeyId: root.accessKeyId,
        status: 'Active',
        createDate,
        secretId: rootSecretId,
      },
    },
  ];
  return [
    existingStream(`account-${accountId}`, account, Topics.identity),
    existingStream(`user-${accountId}`, rootUser, Topics.identity),
  ];
}
