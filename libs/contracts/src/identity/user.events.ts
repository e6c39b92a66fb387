import type { NewEvent } from '../event-envelope';
import type { IdentityEventTypes, TagV1 } from './identity-event-types';

/**
 * Stream `user-<AIDA id>`; the root user's stream is `user-<account id>`.
 * Every payload names the user by id and by its name at the time, so a
 * consumer can project it without history.
 *
 * Secret material: an event never carries a secret, not even sealed. It
 * names the secret by id (`secretId`, `passwordHashId`; version 2); the
 * secret, sealed with AES-256-GCM under the key-encryption key, rests in
 * identity's `sealed_secrets` table, written in the command's transaction.
 * Events are published to Kafka and kept forever in the audit trail: a
 * sealed blob there would open to whoever later obtained the key, and could
 * never be re-sealed or erased. Version 1 carried the sealed blobs
 * (`encryptedSecret`, `encryptedPasswordHash`); readers upcast it to
 * version 2 (`identity.upcasters.ts`) and a migration copied the blobs into
 * the table under the ids the upcaster derives (`legacySecretId`).
 */

export interface UserCreatedV1 {
  userId: string;
  accountId: string;
  userName: string;
  path: string;
  arn: string;
  tags: TagV1[];
  /** ISO-8601. */
  createDate: string;
  /**
   * The ARN of the managed policy set as the user's permissions boundary in
   * the same call (CreateUser's PermissionsBoundary); absent when none. The
   * policy service and the authorization projection take it as the boundary
   * until a boundary event of the user's policies stream replaces it.
   */
  permissionsBoundary?: string;
}

/**
 * The root user of an account. Not an IAM user in AWS terms (ListUsers does
 * not show it; it cannot be renamed, tagged, grouped or deleted), but it
 * holds access keys, a password and MFA devices like one, so it lives on a
 * user stream and shares those rules.
 */
export interface RootUserCreatedV1 {
  /** The account id, as AWS answers GetCallerIdentity's UserId for root. */
  userId: string;
  accountId: string;
  arn: string;
  createDate: string;
}

export interface UserUpdatedV1 {
  userId: string;
  previousUserName: string;
  previousPath: string;
  userName: string;
  path: string;
  arn: string;
}

export interface UserTaggedV1 {
  userId: string;
  userName: string;
  /** The tags this request set (a key already present, in any case, is replaced). */
  tags: TagV1[];
}

export interface UserUntaggedV1 {
  userId: string;
  userName: string;
  /** Keys as stored (their stored case) that were removed. */
  tagKeys: string[];
}

export interface UserDeletedV1 {
  userId: string;
  userName: string;
  arn: string;
}

export type AccessKeyStatus = 'Active' | 'Inactive';

export interface AccessKeyCreatedV1 {
  userId: string;
  userName: string;
  accessKeyId: string;
  status: AccessKeyStatus;
  createDate: string;
  /** The 40-character secret, AES-256-GCM encrypted; never plaintext. */
  encryptedSecret: string;
}

/**
 * Version 2: the event records that the secret exists, never the secret. The
 * sealed secret rests in identity's `sealed_secrets` table under this id
 * (written in the command's transaction), so the event log, Kafka and the
 * audit trail hold nothing a later key compromise would open.
 */
export interface AccessKeyCreatedV2 {
  userId: string;
  userName: string;
  accessKeyId: string;
  status: AccessKeyStatus;
  createDate: string;
  /** Id of the sealed secret in identity's `sealed_secrets`. */
  secretId: string;
}

export interface AccessKeyStatusUpdatedV1 {
  userId: string;
  userName: string;
  accessKeyId: string;
  status: AccessKeyStatus;
}

export interface AccessKeyDeletedV1 {
  userId: string;
  userName: string;
  accessKeyId: string;
}

export interface LoginProfileCreatedV1 {
  userId: string;
  userName: string;
  createDate: string;
  passwordResetRequired: boolean;
  /** argon2id hash of the password, encrypted under the key-encryption key. */
  encryptedPasswordHash: string;
}

/** Version 2: the sealed argon2id hash rests in `sealed_secrets` under `passwordHashId`. */
export interface LoginProfileCreatedV2 {
  userId: string;
  userName: string;
  createDate: string;
  passwordResetRequired: boolean;
  passwordHashId: string;
}

export interface LoginProfileUpdatedV1 {
  userId: string;
  userName: string;
  passwordResetRequired: boolean;
  /** Present when an administrator set a new password; encrypted argon2id hash. */
  encryptedPasswordHash: string | null;
  /** When the new password was set (ISO-8601); null when no password was set. */
  passwordLastChanged: string | null;
}

/** Version 2: `passwordHashId` names the sealed hash in `sealed_secrets`, null when no password was set. */
export interface LoginProfileUpdatedV2 {
  userId: string;
  userName: string;
  passwordResetRequired: boolean;
  passwordHashId: string | null;
  passwordLastChanged: string | null;
}

export interface LoginProfileDeletedV1 {
  userId: string;
  userName: string;
}

/** The user changed their own password (ChangePassword). */
export interface PasswordChangedV1 {
  userId: string;
  userName: string;
  encryptedPasswordHash: string;
  passwordLastChanged: string;
}

/** Version 2: the sealed hash rests in `sealed_secrets` under `passwordHashId`. */
export interface PasswordChangedV2 {
  userId: string;
  userName: string;
  passwordHashId: string;
  passwordLastChanged: string;
}

export interface UserAddedToGroupV1 {
  userId: string;
  userName: string;
  groupId: string;
  groupName: string;
}

export interface UserRemovedFromGroupV1 {
  userId: string;
  userName: string;
  groupId: string;
  groupName: string;
}

export interface MfaDeviceEnabledV1 {
  userId: string;
  userName: string;
  serialNumber: string;
  enableDate: string;
}

export interface MfaDeviceDeactivatedV1 {
  userId: string;
  userName: string;
  serialNumber: string;
}

export type UserEvent =
  | NewEvent<typeof IdentityEventTypes.UserCreated, UserCreatedV1>
  | NewEvent<typeof IdentityEventTypes.RootUserCreated, RootUserCreatedV1>
  | NewEvent<typeof IdentityEventTypes.UserUpdated, UserUpdatedV1>
  | NewEvent<typeof IdentityEventTypes.UserTagged, UserTaggedV1>
  | NewEvent<typeof IdentityEventTypes.UserUntagged, UserUntaggedV1>
  | NewEvent<typeof IdentityEventTypes.UserDeleted, UserDeletedV1>
  | NewEvent<typeof IdentityEventTypes.AccessKeyCreated, AccessKeyCreatedV2>
  | NewEvent<typeof IdentityEventTypes.AccessKeyStatusUpdated, AccessKeyStatusUpdatedV1>
  | NewEvent<typeof IdentityEventTypes.AccessKeyDeleted, AccessKeyDeletedV1>
  | NewEvent<typeof IdentityEventTypes.LoginProfileCreated, LoginProfileCreatedV2>
  | NewEvent<typeof IdentityEventTypes.LoginProfileUpdated, LoginProfileUpdatedV2>
  | NewEvent<typeof IdentityEventTypes.LoginProfileDeleted, LoginProfileDeletedV1>
  | NewEvent<typeof IdentityEventTypes.PasswordChanged, PasswordChangedV2>
  | NewEvent<typeof IdentityEventTypes.UserAddedToGroup, UserAddedToGroupV1>
  | NewEvent<typeof IdentityEventTypes.UserRemovedFromGroup, UserRemovedFromGroupV1>
  | NewEvent<typeof IdentityEventTypes.MfaDeviceEnabled, MfaDeviceEnabledV1>
  | NewEvent<typeof IdentityEventTypes.MfaDeviceDeactivated, MfaDeviceDeactivatedV1>;
