import type { EventEnvelope } from '../event-envelope';

/**
 * Events the identity service publishes on `iam.identity.v1`. Payloads never
 * carry a secret in plaintext.
 */
export const IdentityEventTypes = {
  AccountCreated: 'iam.identity.AccountCreated',
  UserCreated: 'iam.identity.UserCreated',
} as const;

export interface AccountCreatedV1 {
  accountId: string;
  accountName: string;
  managementAccount: boolean;
}

export interface UserCreatedV1 {
  userId: string;
  userName: string;
  path: string;
  arn: string;
  tags: { key: string; value: string }[];
}

export type IdentityEvent =
  | EventEnvelope<typeof IdentityEventTypes.AccountCreated, AccountCreatedV1>
  | EventEnvelope<typeof IdentityEventTypes.UserCreated, UserCreatedV1>;
