import type { NewEvent } from '../event-envelope';
import type { PolicyEventTypes } from './policy-event-types';

/**
 * Streams `principal-policies-<user|group|role>-<unique id>`: the policies
 * of one IAM user, group or role. Every payload names the principal by
 * unique id (stable across renames), by its name and ARN at the time, and
 * carries its account id (also in the envelope).
 *
 * - Attached / Detached: a managed policy by ARN, customer managed
 *   (`arn:aws:iam::<account>:policy/…`, same account only) or AWS managed
 *   (`arn:aws:iam::aws:policy/…`). Its document is the policy's default
 *   version (see managed-policy.events.ts). At most 10 per principal.
 * - Put / Deleted: an inline policy, by name, with its full document (a Put
 *   of an existing name replaces its document).
 * - PermissionsBoundarySet / Deleted (users and roles only): a managed
 *   policy by ARN whose default document caps the principal's permissions.
 *   A Set replaces any previous boundary.
 */

export interface UserRef {
  accountId: string;
  userId: string;
  userName: string;
  userArn: string;
}

export interface GroupRef {
  accountId: string;
  groupId: string;
  groupName: string;
  groupArn: string;
}

export interface RoleRef {
  accountId: string;
  roleId: string;
  roleName: string;
  roleArn: string;
}

export type PolicyAttachmentV1<TRef> = TRef & {
  policyArn: string;
  /** `ANPA…` unique id of the managed policy (AWS managed policies have theirs too). */
  policyId: string;
  policyName: string;
};

export type InlinePolicyPutV1<TRef> = TRef & {
  policyName: string;
  /** JSON text as the caller sent it, validated for the principal's inline type. */
  policyDocument: string;
};

export type InlinePolicyDeletedV1<TRef> = TRef & { policyName: string };

export type PermissionsBoundarySetV1<TRef> = TRef & {
  policyArn: string;
  /** The boundary this one replaces, or null. */
  previousPolicyArn: string | null;
};

export type PermissionsBoundaryDeletedV1<TRef> = TRef & { policyArn: string };

export type UserPolicyAttachedV1 = PolicyAttachmentV1<UserRef>;
export type UserPolicyDetachedV1 = PolicyAttachmentV1<UserRef>;
export type UserPolicyPutV1 = InlinePolicyPutV1<UserRef>;
export type UserPolicyDeletedV1 = InlinePolicyDeletedV1<UserRef>;
export type UserPermissionsBoundarySetV1 = PermissionsBoundarySetV1<UserRef>;
export type UserPermissionsBoundaryDeletedV1 = PermissionsBoundaryDeletedV1<UserRef>;

export type GroupPolicyAttachedV1 = PolicyAttachmentV1<GroupRef>;
export type GroupPolicyDetachedV1 = PolicyAttachmentV1<GroupRef>;
export type GroupPolicyPutV1 = InlinePolicyPutV1<GroupRef>;
export type GroupPolicyDeletedV1 = InlinePolicyDeletedV1<GroupRef>;

export type RolePolicyAttachedV1 = PolicyAttachmentV1<RoleRef>;
export type RolePolicyDetachedV1 = PolicyAttachmentV1<RoleRef>;
export type RolePolicyPutV1 = InlinePolicyPutV1<RoleRef>;
export type RolePolicyDeletedV1 = InlinePolicyDeletedV1<RoleRef>;
export type RolePermissionsBoundarySetV1 = PermissionsBoundarySetV1<RoleRef>;
export type RolePermissionsBoundaryDeletedV1 = PermissionsBoundaryDeletedV1<RoleRef>;

type T = typeof PolicyEventTypes;

export type UserPolicyEvent =
  | NewEvent<T['UserPolicyAttached'], UserPolicyAttachedV1>
  | NewEvent<T['UserPolicyDetached'], UserPolicyDetachedV1>
  | NewEvent<T['UserPolicyPut'], UserPolicyPutV1>
  | NewEvent<T['UserPolicyDeleted'], UserPolicyDeletedV1>
  | NewEvent<T['UserPermissionsBoundarySet'], UserPermissionsBoundarySetV1>
  | NewEvent<T['UserPermissionsBoundaryDeleted'], UserPermissionsBoundaryDeletedV1>;

export type GroupPolicyEvent =
  | NewEvent<T['GroupPolicyAttached'], GroupPolicyAttachedV1>
  | NewEvent<T['GroupPolicyDetached'], GroupPolicyDetachedV1>
  | NewEvent<T['GroupPolicyPut'], GroupPolicyPutV1>
  | NewEvent<T['GroupPolicyDeleted'], GroupPolicyDeletedV1>;

export type RolePolicyEvent =
  | NewEvent<T['RolePolicyAttached'], RolePolicyAttachedV1>
  | NewEvent<T['RolePolicyDetached'], RolePolicyDetachedV1>
  | NewEvent<T['RolePolicyPut'], RolePolicyPutV1>
  | NewEvent<T['RolePolicyDeleted'], RolePolicyDeletedV1>
  | NewEvent<T['RolePermissionsBoundarySet'], RolePermissionsBoundarySetV1>
  | NewEvent<T['RolePermissionsBoundaryDeleted'], RolePermissionsBoundaryDeletedV1>;

export type PrincipalPolicyEvent = UserPolicyEvent | GroupPolicyEvent | RolePolicyEvent;
