import type { TagV1 } from '@iam/contracts';

/**
 * Commands on one customer managed policy stream (`policy-<ANPA id>`). The
 * handler resolves the ARN the caller addressed to the stream, within the
 * caller's account; ids, times and what only a projection knows (how many
 * principals use the policy) come in as data, so `decide` is deterministic.
 */

export type CreatePolicy = {
  type: 'CreatePolicy';
  data: {
    accountId: string;
    /** `ANPA` + 17 base32 characters. */
    policyId: string;
    policyName: string;
    path?: string;
    description?: string;
    tags?: readonly TagV1[];
    policyDocument: string;
    createDate: string;
  };
};

export type CreatePolicyVersion = {
  type: 'CreatePolicyVersion';
  data: { policyDocument: string; setAsDefault?: boolean; createDate: string };
};

export type SetDefaultPolicyVersion = { type: 'SetDefaultPolicyVersion'; data: { versionId: string } };

export type DeletePolicyVersion = { type: 'DeletePolicyVersion'; data: { versionId: string } };

export type DeletePolicy = {
  type: 'DeletePolicy';
  data: {
    /** Users, groups and roles the policy is attached to or is the permissions boundary of (handler's projection). */
    usageCount: number;
  };
};

export type TagPolicy = { type: 'TagPolicy'; data: { tags: readonly TagV1[] } };

export type UntagPolicy = { type: 'UntagPolicy'; data: { tagKeys: readonly string[] } };

export type ManagedPolicyCommand =
  | CreatePolicy
  | CreatePolicyVersion
  | SetDefaultPolicyVersion
  | DeletePolicyVersion
  | DeletePolicy
  | TagPolicy
  | UntagPolicy;
