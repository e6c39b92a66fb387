import type { NewEvent } from '../event-envelope';
import type { IdentityEventTypes, TagV1 } from './identity-event-types';

/** Stream `role-<AROA id>`. */

export interface RoleCreatedV1 {
  roleId: string;
  accountId: string;
  roleName: string;
  path: string;
  arn: string;
  /** The trust policy, as the JSON text the caller sent (validated by the policy engine). */
  assumeRolePolicyDocument: string;
  description: string;
  /** Seconds, 3600–43200. */
  maxSessionDuration: number;
  tags: TagV1[];
  createDate: string;
  /** As `UserCreatedV1.permissionsBoundary`: the boundary set by CreateRole, absent when none. */
  permissionsBoundary?: string;
}

export interface RoleUpdatedV1 {
  roleId: string;
  roleName: string;
  description: string;
  maxSessionDuration: number;
}

export interface RoleTrustPolicyUpdatedV1 {
  roleId: string;
  roleName: string;
  assumeRolePolicyDocument: string;
}

export interface RoleTaggedV1 {
  roleId: string;
  roleName: string;
  tags: TagV1[];
}

export interface RoleUntaggedV1 {
  roleId: string;
  roleName: string;
  tagKeys: string[];
}

export interface RoleDeletedV1 {
  roleId: string;
  roleName: string;
  arn: string;
}

export type RoleEvent =
  | NewEvent<typeof IdentityEventTypes.RoleCreated, RoleCreatedV1>
  | NewEvent<typeof IdentityEventTypes.RoleUpdated, RoleUpdatedV1>
  | NewEvent<typeof IdentityEventTypes.RoleTrustPolicyUpdated, RoleTrustPolicyUpdatedV1>
  | NewEvent<typeof IdentityEventTypes.RoleTagged, RoleTaggedV1>
  | NewEvent<typeof IdentityEventTypes.RoleUntagged, RoleUntaggedV1>
  | NewEvent<typeof IdentityEventTypes.RoleDeleted, RoleDeletedV1>;
