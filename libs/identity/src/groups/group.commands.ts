/**
 * Commands on one group stream. `groupName` is the name the caller
 * addressed; a group renamed meanwhile answers NoSuchEntity.
 */
export type CreateGroup = {
  type: 'CreateGroup';
  data: {
    accountId: string;
    /** `AGPA` + 17 base32 characters (see `uniqueId('group', …)`). */
    groupId: string;
    groupName: string;
    path?: string;
    createDate: string;
  };
};

export type UpdateGroup = {
  type: 'UpdateGroup';
  data: { groupName: string; newGroupName?: string; newPath?: string };
};

export type DeleteGroup = {
  type: 'DeleteGroup';
  data: {
    groupName: string;
    /**
     * Facts the group stream cannot see, from the handler's projections:
     * members (membership lives on user streams) and policies (the policy
     * service's events).
     */
    memberCount: number;
    attachedManagedPolicyCount?: number;
    inlinePolicyCount?: number;
  };
};

export type GroupCommand = CreateGroup | UpdateGroup | DeleteGroup;
