import type { TagV1 } from '@iam/contracts';

/**
 * Commands on one role stream. `roleName` is the name the caller addressed.
 * Trust policy grammar is checked by the handler with the policy engine
 * (MalformedPolicyDocument) before the command; the decider checks size and
 * characters only.
 */
export type CreateRole = {
  type: 'CreateRole';
  data: {
    accountId: string;
    /** `AROA` + 17 base32 characters (see `uniqueId('role', …)`). */
    roleId: string;
    roleName: string;
    path?: string;
    assumeRolePolicyDocument: string;
    description?: string;
    /** Seconds, 3600–43200; default 3600. */
    maxSessionDuration?: number;
    tags?: readonly TagV1[];
    createDate: string;
    /** A managed policy ARN set as the role's permissions boundary (the handler has checked it exists). */
    permissionsBoundary?: string;
  };
};

/** As AWS UpdateRole: a field left out keeps its value. */
export type UpdateRole = {
  type: 'UpdateRole';
  data: { roleName: string; description?: string; maxSessionDuration?: number };
};

export type UpdateAssumeRolePolicy = {
  type: 'UpdateAssumeRolePolicy';
  data: { roleName: string; policyDocument: string };
};

export type TagRole = { type: 'TagRole'; data: { roleName: string; tags: readonly TagV1[] } };
export type UntagRole = { type: 'UntagRole'; data: { roleName: string; tagKeys: readonly string[] } };

export type DeleteRole = {
  type: 'DeleteRole';
  data: {
    roleName: string;
    /** From the handler's projection of policy events. */
    attachedManagedPolicyCount?: number;
    inlinePolicyCount?: number;
  };
};

export type RoleCommand = CreateRole | UpdateRole | UpdateAssumeRolePolicy | TagRole | UntagRole | DeleteRole;
