import type { Provider } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { POLICY_SCHEMA } from '../policy.tokens';
import { PrincipalsQueries } from '../principals/principals.queries';
import {
  AttachGroupPolicyHandler,
  AttachRolePolicyHandler,
  AttachUserPolicyHandler,
} from './attach-principal-policy';
import {
  DeleteRolePermissionsBoundaryHandler,
  DeleteUserPermissionsBoundaryHandler,
} from './delete-permissions-boundary';
import {
  DeleteGroupPolicyHandler,
  DeleteRolePolicyHandler,
  DeleteUserPolicyHandler,
} from './delete-principal-policy';
import {
  DetachGroupPolicyHandler,
  DetachRolePolicyHandler,
  DetachUserPolicyHandler,
} from './detach-principal-policy';
import {
  GetRolePermissionsBoundaryHandler,
  GetUserPermissionsBoundaryHandler,
} from './get-permissions-boundary';
import { GetGroupPolicyHandler, GetRolePolicyHandler, GetUserPolicyHandler } from './get-principal-policy';
import {
  ListAttachedGroupPoliciesHandler,
  ListAttachedRolePoliciesHandler,
  ListAttachedUserPoliciesHandler,
} from './list-attached-principal-policies';
import {
  ListGroupPoliciesHandler,
  ListRolePoliciesHandler,
  ListUserPoliciesHandler,
} from './list-principal-policies';
import { principalPoliciesControllers } from './principal-policies.controllers';
import { PrincipalPoliciesProjection } from './principal-policies.projection';
import { PrincipalPoliciesQueries } from './principal-policies.queries';
import { PrincipalPolicyStreams } from './principal-policy-streams';
import {
  PutRolePermissionsBoundaryHandler,
  PutUserPermissionsBoundaryHandler,
} from './put-permissions-boundary';
import { PutGroupPolicyHandler, PutRolePolicyHandler, PutUserPolicyHandler } from './put-principal-policy';

/**
 * What this slice adds to the policy module: the policy routes of users,
 * groups and roles, one handler per AWS action, queries and read model.
 */
export const principalPoliciesSlice = {
  controllers: principalPoliciesControllers,
  providers: [
    {
      provide: PrincipalPoliciesQueries,
      inject: [POLICY_SCHEMA],
      useFactory: (schema: string) => new PrincipalPoliciesQueries(schema),
    },
    {
      provide: PrincipalsQueries,
      inject: [POLICY_SCHEMA],
      useFactory: (schema: string) => new PrincipalsQueries(schema),
    },
    PrincipalPolicyStreams,
    AttachUserPolicyHandler,
    AttachGroupPolicyHandler,
    AttachRolePolicyHandler,
    DetachUserPolicyHandler,
    DetachGroupPolicyHandler,
    DetachRolePolicyHandler,
    ListAttachedUserPoliciesHandler,
    ListAttachedGroupPoliciesHandler,
    ListAttachedRolePoliciesHandler,
    PutUserPolicyHandler,
    PutGroupPolicyHandler,
    PutRolePolicyHandler,
    GetUserPolicyHandler,
    GetGroupPolicyHandler,
    GetRolePolicyHandler,
    ListUserPoliciesHandler,
    ListGroupPoliciesHandler,
    ListRolePoliciesHandler,
    DeleteUserPolicyHandler,
    DeleteGroupPolicyHandler,
    DeleteRolePolicyHandler,
    PutUserPermissionsBoundaryHandler,
    PutRolePermissionsBoundaryHandler,
    GetUserPermissionsBoundaryHandler,
    GetRolePermissionsBoundaryHandler,
    DeleteUserPermissionsBoundaryHandler,
    DeleteRolePermissionsBoundaryHandler,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new PrincipalPoliciesProjection(schema)],
};
