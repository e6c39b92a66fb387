import type { AccessKeyStatus, TagV1 } from '@iam/contracts';

/**
 * Commands on one user stream. The handler resolves the user name to the
 * stream; `userName` is the name the caller addressed (as every AWS call
 * names its user), so a user renamed meanwhile answers NoSuchEntity, and
 * errors name what the caller asked for. It may be left out when the target
 * is the caller itself (a root user's own keys, ChangePassword).
 *
 * Ids, times, and the ids of secrets (which the handler sealed into
 * `sealed_secrets` in the same transaction) come in from the handler, so `decide` is deterministic.
 */
interface OnUser<TType extends string, TData> {
  type: TType;
  data: TData & { userName?: string };
}

export type CreateUser = {
  type: 'CreateUser';
  data: {
    accountId: string;
    /** `AIDA` + 17 base32 characters (see `uniqueId('user', …)`). */
    userId: string;
    userName: string;
    path?: string;
    tags?: readonly TagV1[];
    createDate: string;
    /** A managed policy ARN set as the user's permissions boundary (the handler has checked it exists). */
    permissionsBoundary?: string;
  };
};

/** Creates the root user of an account, at account creation; its stream is `user-<account id>`. */
export type CreateRootUser = {
  type: 'CreateRootUser';
  data: { accountId: string; createDate: string };
};

export type UpdateUser = OnUser<'UpdateUser', { newUserName?: string; newPath?: string }>;
export type TagUser = OnUser<'TagUser', { tags: readonly TagV1[] }>;
export type UntagUser = OnUser<'UntagUser', { tagKeys: readonly string[] }>;

export type DeleteUser = OnUser<
  'DeleteUser',
  {
    /**
     * What the policy service holds for this user, from the handler's
     * projection of policy events (the user stream cannot see them).
     */
    attachedManagedPolicyCount?: number;
    inlinePolicyCount?: number;
  }
>;

export type CreateAccessKey = OnUser<
  'CreateAccessKey',
  {
    /** `AKIA` + 16 base32 characters (see `accessKeyId(…)`). */
    accessKeyId: string;
    /** Id of the 40-character secret, which the handler sealed into `sealed_secrets`. */
    secretId: string;
    createDate: string;
  }
>;

export type UpdateAccessKey = OnUser<'UpdateAccessKey', { accessKeyId: string; status: AccessKeyStatus }>;
export type DeleteAccessKey = OnUser<'DeleteAccessKey', { accessKeyId: string }>;

/**
 * The handler has checked the plaintext password against the account policy
 * (`checkPassword`), hashed it with argon2id and sealed the hash (its id here).
 */
export type CreateLoginProfile = OnUser<
  'CreateLoginProfile',
  { passwordHashId: string; passwordResetRequired?: boolean; createDate: string }
>;

/** An administrator sets a new password and/or the reset flag (UpdateLoginProfile). */
export type UpdateLoginProfile = OnUser<
  'UpdateLoginProfile',
  {
    /** A new password, checked and hashed as for CreateLoginProfile (and against `recentPasswordHashes`). */
    passwordHashId?: string;
    passwordResetRequired?: boolean;
    /** When the new password was set; required with `passwordHashId`. */
    changedAt?: string;
  }
>;

export type DeleteLoginProfile = OnUser<'DeleteLoginProfile', object>;

/**
 * The user changes their own password. The handler has verified the old
 * password, `ownPasswordChange` and the policy (including reuse against
 * `recentPasswordHashes`).
 */
export type ChangePassword = OnUser<'ChangePassword', { passwordHashId: string; changedAt: string }>;

/** The handler has checked that the group exists (its stream or projection). */
export type AddUserToGroup = OnUser<'AddUserToGroup', { groupId: string; groupName: string }>;
export type RemoveUserFromGroup = OnUser<'RemoveUserFromGroup', { groupId: string; groupName: string }>;

/**
 * Associates an MFA device with the user. The handler enables the device on
 * its own stream (`EnableVirtualMfaDevice`, which checks the two codes) in
 * the same unit of work.
 */
export type EnableMfaDevice = OnUser<'EnableMfaDevice', { serialNumber: string; enableDate: string }>;
export type DeactivateMfaDevice = OnUser<'DeactivateMfaDevice', { serialNumber: string }>;

export type UserCommand =
  | CreateUser
  | CreateRootUser
  | UpdateUser
  | TagUser
  | UntagUser
  | DeleteUser
  | CreateAccessKey
  | UpdateAccessKey
  | DeleteAccessKey
  | CreateLoginProfile
  | UpdateLoginProfile
  | DeleteLoginProfile
  | ChangePassword
  | AddUserToGroup
  | RemoveUserFromGroup
  | EnableMfaDevice
  | DeactivateMfaDevice;
