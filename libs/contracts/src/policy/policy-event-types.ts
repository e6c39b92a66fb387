/**
 * Fixed type strings of every event the policy service publishes on
 * `iam.policy.v1` (`Topics.policy`). All are at schema version 1
 * (`PolicySchemaVersion`); a breaking payload change bumps the version of
 * that one event and adds an upcaster, it never renames the type.
 *
 * Streams (the Kafka key, so one stream stays ordered):
 * - `policy-<ANPA id>`: one customer managed policy and its versions.
 * - `principal-policies-user-<AIDA id>`, `principal-policies-group-<AGPA id>`,
 *   `principal-policies-role-<AROA id>`: what is attached to, inline in, and
 *   the permissions boundary of one principal.
 *
 * Ordering holds within a stream only. A consumer joins attachments and
 * boundaries (by `policyArn`) to policy documents (from the `policy-…`
 * streams, or `AwsManagedPolicies` for `arn:aws:iam::aws:policy/…`) when it
 * evaluates, because an attachment may arrive before the PolicyCreated of
 * its policy when the two streams sit on different partitions.
 */
export const PolicyEventTypes = {
  // policy-<ANPA id>
  PolicyCreated: 'iam.policy.PolicyCreated',
  PolicyVersionCreated: 'iam.policy.PolicyVersionCreated',
  DefaultPolicyVersionSet: 'iam.policy.DefaultPolicyVersionSet',
  PolicyVersionDeleted: 'iam.policy.PolicyVersionDeleted',
  PolicyDeleted: 'iam.policy.PolicyDeleted',
  PolicyTagged: 'iam.policy.PolicyTagged',
  PolicyUntagged: 'iam.policy.PolicyUntagged',
  // principal-policies-user-<AIDA id>
  UserPolicyAttached: 'iam.policy.UserPolicyAttached',
  UserPolicyDetached: 'iam.policy.UserPolicyDetached',
  UserPolicyPut: 'iam.policy.UserPolicyPut',
  UserPolicyDeleted: 'iam.policy.UserPolicyDeleted',
  UserPermissionsBoundarySet: 'iam.policy.UserPermissionsBoundarySet',
  UserPermissionsBoundaryDeleted: 'iam.policy.UserPermissionsBoundaryDeleted',
  // principal-policies-group-<AGPA id>
  GroupPolicyAttached: 'iam.policy.GroupPolicyAttached',
  GroupPolicyDetached: 'iam.policy.GroupPolicyDetached',
  GroupPolicyPut: 'iam.policy.GroupPolicyPut',
  GroupPolicyDeleted: 'iam.policy.GroupPolicyDeleted',
  // principal-policies-role-<AROA id>
  RolePolicyAttached: 'iam.policy.RolePolicyAttached',
  RolePolicyDetached: 'iam.policy.RolePolicyDetached',
  RolePolicyPut: 'iam.policy.RolePolicyPut',
  RolePolicyDeleted: 'iam.policy.RolePolicyDeleted',
  RolePermissionsBoundarySet: 'iam.policy.RolePermissionsBoundarySet',
  RolePermissionsBoundaryDeleted: 'iam.policy.RolePermissionsBoundaryDeleted',
} as const;

export type PolicyEventType = (typeof PolicyEventTypes)[keyof typeof PolicyEventTypes];

/** Current schema version of every policy event payload. */
export const PolicySchemaVersion = 1;
