import {
  PolicyEventTypes as T,
  type GroupRef,
  type PolicyEvent,
  type RoleRef,
  type UserRef,
} from '@iam/contracts';
import { identifier, type EventsOf, type InlineProjection, type Queryable } from '@iam/event-store';
import type { PrincipalKind } from '../shared/policy-names';

const principalPoliciesHandled = [
  T.UserPolicyAttached,
  T.GroupPolicyAttached,
  T.RolePolicyAttached,
  T.UserPolicyDetached,
  T.GroupPolicyDetached,
  T.RolePolicyDetached,
  T.UserPolicyPut,
  T.GroupPolicyPut,
  T.RolePolicyPut,
  T.UserPolicyDeleted,
  T.GroupPolicyDeleted,
  T.RolePolicyDeleted,
  T.UserPermissionsBoundarySet,
  T.RolePermissionsBoundarySet,
  T.UserPermissionsBoundaryDeleted,
  T.RolePermissionsBoundaryDeleted,
] as const;
type PrincipalPoliciesEvent = EventsOf<PolicyEvent, typeof principalPoliciesHandled>;

/** The principal a payload names, whichever kind it is. */
function principalOf(ref: UserRef | GroupRef | RoleRef): {
  kind: PrincipalKind;
  id: string;
  name: string;
  arn: string;
} {
  if ('userId' in ref) return { kind: 'user', id: ref.userId, name: ref.userName, arn: ref.userArn };
  if ('groupId' in ref) return { kind: 'group', id: ref.groupId, name: ref.groupName, arn: ref.groupArn };
  return { kind: 'role', id: ref.roleId, name: ref.roleName, arn: ref.roleArn };
}

/** Attachments, inline policies and permissions boundaries of every principal, by principal and by policy. */
export class PrincipalPoliciesProjection implements InlineProjection<PrincipalPoliciesEvent> {
  readonly name = 'principal-policies';
  readonly version = 1;
  readonly handles = principalPoliciesHandled;
  private readonly attachments: string;
  private readonly inline: string;
  private readonly boundaries: string;

  constructor(schema: string) {
    this.attachments = `${identifier(schema)}.policy_attachments`;
    this.inline = `${identifier(schema)}.inline_policies`;
    this.boundaries = `${identifier(schema)}.permissions_boundaries`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.attachments}`);
    await tx.query(`DELETE FROM ${this.inline}`);
    await tx.query(`DELETE FROM ${this.boundaries}`);
  }

  async apply(tx: Queryable, event: PrincipalPoliciesEvent): Promise<void> {
    const { kind, id, name, arn } = principalOf(event.payload);
    switch (event.type) {
      case T.UserPolicyAttached:
      case T.GroupPolicyAttached:
      case T.RolePolicyAttached: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.attachments}
             (account_id, principal_type, principal_id, principal_name, principal_arn, policy_arn, policy_id, policy_name)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
          [p.accountId, kind, id, name, arn, p.policyArn, p.policyId, p.policyName],
        );
        return;
      }
      case T.UserPolicyDetached:
      case T.GroupPolicyDetached:
      case T.RolePolicyDetached:
        await tx.query(
          `DELETE FROM ${this.attachments} WHERE principal_type = $1 AND principal_id = $2 AND policy_arn = $3`,
          [kind, id, event.payload.policyArn],
        );
        return;
      case T.UserPolicyPut:
      case T.GroupPolicyPut:
      case T.RolePolicyPut: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.inline} (account_id, principal_type, principal_id, policy_name, policy_document)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (principal_type, principal_id, policy_name) DO UPDATE SET policy_document = EXCLUDED.policy_document`,
          [p.accountId, kind, id, p.policyName, p.policyDocument],
        );
        return;
      }
      case T.UserPolicyDeleted:
      case T.GroupPolicyDeleted:
      case T.RolePolicyDeleted:
        await tx.query(
          `DELETE FROM ${this.inline} WHERE principal_type = $1 AND principal_id = $2 AND policy_name = $3`,
          [kind, id, event.payload.policyName],
        );
        return;
      case T.UserPermissionsBoundarySet:
      case T.RolePermissionsBoundarySet: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.boundaries} (principal_type, principal_id, account_id, principal_name, principal_arn, policy_arn)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (principal_type, principal_id) DO UPDATE SET policy_arn = EXCLUDED.policy_arn`,
          [kind, id, p.accountId, name, arn, p.policyArn],
        );
        return;
      }
      case T.UserPermissionsBoundaryDeleted:
      case T.RolePermissionsBoundaryDeleted:
        await tx.query(`DELETE FROM ${this.boundaries} WHERE principal_type = $1 AND principal_id = $2`, [
          kind,
          id,
        ]);
        return;
    }
  }
}
