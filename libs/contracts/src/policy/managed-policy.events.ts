import type { NewEvent } from '../event-envelope';
import type { TagV1 } from '../identity/identity-event-types';
import type { PolicyEventTypes } from './policy-event-types';

/**
 * Stream `policy-<ANPA id>`: a customer managed policy. Version ids are
 * `v1`, `v2`, … and never reused. Every event that changes which document is
 * the default carries that document, so a consumer that only keeps
 * "ARN → default document" needs no history:
 *
 * | event | default document afterwards |
 * |---|---|
 * | PolicyCreated | `document` (version `v1`) |
 * | PolicyVersionCreated with `setAsDefault` | `document` |
 * | PolicyVersionCreated without | unchanged |
 * | DefaultPolicyVersionSet | `document` |
 * | PolicyVersionDeleted | unchanged (the default version cannot be deleted) |
 * | PolicyDeleted | none: forget the policy |
 *
 * Documents are the JSON text as the caller sent it, validated by
 * `validatePolicy(text, { type: 'identity', kind: 'managed' })`.
 * AWS managed policies (`arn:aws:iam::aws:policy/…`) raise no events: they
 * ship as code (`AwsManagedPolicies`).
 */

export interface PolicyCreatedV1 {
  policyId: string;
  accountId: string;
  policyName: string;
  path: string;
  /** `arn:aws:iam::<account>:policy<path><name>`. */
  policyArn: string;
  description: string;
  tags: TagV1[];
  /** Always `v1`. */
  defaultVersionId: string;
  /** The document of `v1`, the default version. */
  document: string;
  /** ISO-8601. */
  createDate: string;
}

export interface PolicyVersionCreatedV1 {
  policyId: string;
  policyArn: string;
  policyName: string;
  versionId: string;
  document: string;
  /** When true this version is the default from now on (no separate DefaultPolicyVersionSet). */
  setAsDefault: boolean;
  createDate: string;
}

export interface DefaultPolicyVersionSetV1 {
  policyId: string;
  policyArn: string;
  policyName: string;
  versionId: string;
  previousVersionId: string;
  /** The document of `versionId`, now the policy's effective document. */
  document: string;
}

export interface PolicyVersionDeletedV1 {
  policyId: string;
  policyArn: string;
  policyName: string;
  /** Never the default version. */
  versionId: string;
}

/** Only possible once the policy is attached nowhere and holds only its default version. */
export interface PolicyDeletedV1 {
  policyId: string;
  policyArn: string;
  policyName: string;
}

/** TagPolicy: `tags` set (a key already there, in any case, takes the new key and value). */
export interface PolicyTaggedV1 {
  policyId: string;
  policyArn: string;
  policyName: string;
  tags: TagV1[];
}

/** UntagPolicy: the stored keys removed (as stored; never empty). */
export interface PolicyUntaggedV1 {
  policyId: string;
  policyArn: string;
  policyName: string;
  tagKeys: string[];
}

export type ManagedPolicyEvent =
  | NewEvent<typeof PolicyEventTypes.PolicyCreated, PolicyCreatedV1>
  | NewEvent<typeof PolicyEventTypes.PolicyVersionCreated, PolicyVersionCreatedV1>
  | NewEvent<typeof PolicyEventTypes.DefaultPolicyVersionSet, DefaultPolicyVersionSetV1>
  | NewEvent<typeof PolicyEventTypes.PolicyVersionDeleted, PolicyVersionDeletedV1>
  | NewEvent<typeof PolicyEventTypes.PolicyDeleted, PolicyDeletedV1>
  | NewEvent<typeof PolicyEventTypes.PolicyTagged, PolicyTaggedV1>
  | NewEvent<typeof PolicyEventTypes.PolicyUntagged, PolicyUntaggedV1>;
