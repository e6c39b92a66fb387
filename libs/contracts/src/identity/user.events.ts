import type { NewEvent } from '../event-envelope';
import type { IdentityEventTypes, TagV1 } from './identity-event-types';

/**
 * Stream `user-<AIDA id>`; the root user's stream is `user-<account id>`.
 * Every payload names the user by id and by its name at the time, so a
 * consumer can project it without history.
 *
 * Secret material: an event never carries a secret in plaintext. Access-key
 * secrets travel as `encryptedSecret` (AES-256-GCM blob under the
 * key-encryption key), because every service needs them to verify SigV4
 * signatures. Password hashes travel as `encryptedPasswordHash`: the argon2id
 * hash, itself encrypted under the key-encryption key. The hash must be in
 * the event store (it is the source of truth, and sign-in and reuse
 * prevention read it back), but events are also published to Kafka and kept
 * forever in the append-only audit trail; a bare argon2id hash there could be
 * cracked offline for weak passwords and can never be erased. Encrypting it
 * (OWASP's "pepper by encryption") makes a leaked topic or trail useless
 * without the key, and needs no relay that rewrites events on the way out.
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

export interface LoginProfileUpdatedV1 {
  userId: string;
  userName: string;
  passwordResetRequired: boolean;
  /** Present when an administrator set a new password; encrypted argon2id hash. */
  encryptedPasswordHash: string | null;
  /** When the new password was set (ISO-8601); null when no password was set. */
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
  | NewEvent<typeof IdentityEventTypes.AccessKeyCreated, AccessKeyCreatedV1>
  | NewEvent<typeof IdentityEventTypes.AccessKeyStatusUpdated, AccessKeyStatusUpdatedV1>
  | NewEvent<typeof IdentityEventTypes.AccessKeyDeleted, AccessKeyDeletedV1>
  | NewEvent<typeof IdentityEventTypes.LoginProfileCreated, LoginProfileCreatedV1>
  | NewEvent<typeof IdentityEventTypes.LoginProfileUpdated, LoginProfileUpdatedV1>
  | NewEvent<typeof IdentityEventTypes.LoginProfileDeleted, LoginProfileDeletedV1>
  | NewEvent<typeof IdentityEventTypes.PasswordChanged, PasswordChangedV1>
  | NewEvent<typeof IdentityEventTypes.UserAddedToGroup, UserAddedToGroupV1>
  | NewEvent<typeof IdentityEventTypes.UserRemovedFromGroup, UserRemovedFromGroupV1>
  | NewEvent<typeof IdentityEventTypes.MfaDeviceEnabled, MfaDeviceEnabledV1>
  | NewEvent<typeof IdentityEventTypes.MfaDeviceDeactivated, MfaDeviceDeactivatedV1>;
