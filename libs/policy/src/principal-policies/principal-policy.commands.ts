import type { PrincipalKind } from '../shared/policy-names';

/**
 * The principal a command acts on, as the handler resolved the name the
 * caller addressed through its projection of identity's events.
 */
export interface PrincipalTarget {
  kind: PrincipalKind;
  accountId: string;
  /** `AIDA…`, `AGPA…` or `AROA…`. */
  id: string;
  name: string;
  arn: string;
  /**
   * The boundary identity created it with (CreateUser's or CreateRole's
   * PermissionsBoundary): its boundary until its policies stream sets or
   * removes one. Null or absent when none.
   */
  boundaryAtCreation?: string | null;
}

/** A managed policy the handler found attachable (same account, or AWS managed). */
export interface AttachablePolicy {
  policyArn: string;
  policyId: string;
  policyName: string;
}

/**
 * Commands on one principal's policies stream
 * (`principal-policies-<kind>-<id>`).
 */
export type AttachPolicy = {
  type: 'AttachPolicy';
  data: { principal: PrincipalTarget; policy: AttachablePolicy };
};
export type DetachPolicy = { type: 'DetachPolicy'; data: { principal: PrincipalTarget; policyArn: string } };
export type PutInlinePolicy = {
  type: 'PutInlinePolicy';
  data: { principal: PrincipalTarget; policyName: string; policyDocument: string };
};
export type DeleteInlinePolicy = {
  type: 'DeleteInlinePolicy';
  data: { principal: PrincipalTarget; policyName: string };
};
export type PutPermissionsBoundary = {
  type: 'PutPermissionsBoundary';
  data: { principal: PrincipalTarget; policy: AttachablePolicy };
};
export type DeletePermissionsBoundary = {
  type: 'DeletePermissionsBoundary';
  data: { principal: PrincipalTarget };
};

export type PrincipalPolicyCommand =
  | AttachPolicy
  | DetachPolicy
  | PutInlinePolicy
  | DeleteInlinePolicy
  | PutPermissionsBoundary
  | DeletePermissionsBoundary;
