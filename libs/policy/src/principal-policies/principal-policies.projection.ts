import { PolicyEventTypes as T, type EventEnvelope } from '@iam/contracts';
import { identifier, type InlineProjection, type Queryable } from '@iam/event-store';
import type { PrincipalKind } from '../shared/policy-names';

type Payload = Record<string, string | null>;

const kindOf = (type: string): PrincipalKind | undefined =>
  type.startsWith('iam.policy.User')
    ? 'user'
    : type.startsWith('iam.policy.Group')
      ? 'group'
      : type.startsWith('iam.policy.Role')
        ? 'role'
        : undefined;

/** Attachments, inline policies and permissions boundaries of every principal, by principal and by policy. */
export class PrincipalPoliciesProjection implements InlineProjection {
  readonly name = 'principal-policies';
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

  async apply(tx: Queryable, event: EventEnvelope): Promise<void> {
    const kind = kindOf(event.type);
    if (!kind) return;
    const p = event.payload as Payload;
    const id = p[`${kind}Id`];
    const name = p[`${kind}Name`];
    const arn = p[`${kind}Arn`];
    switch (event.type) {
      case T.UserPolicyAttached:
      case T.GroupPolicyAttached:
      case T.RolePolicyAttached:
        await tx.query(
          `INSERT INTO ${this.attachments}
             (account_id, principal_type, principal_id, principal_name, principal_arn, policy_arn, policy_id, policy_name)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
          [p.accountId, kind, id, name, arn, p.policyArn, p.policyId, p.policyName],
        );
        return;
      case T.UserPolicyDetached:
      case T.GroupPolicyDetached:
      case T.RolePolicyDetached:
        await tx.query(
          `DELETE FROM ${this.attachments} WHERE principal_type = $1 AND principal_id = $2 AND policy_arn = $3`,
          [kind, id, p.policyArn],
        );
        return;
      case T.UserPolicyPut:
      case T.GroupPolicyPut:
      case T.RolePolicyPut:
        await tx.query(
          `INSERT INTO ${this.inline} (account_id, principal_type, principal_id, policy_name, policy_document)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (principal_type, principal_id, policy_name) DO UPDATE SET policy_document = EXCLUDED.policy_document`,
          [p.accountId, kind, id, p.policyName, p.policyDocument],
        );
        return;
      case T.UserPolicyDeleted:
      case T.GroupPolicyDeleted:
      case T.RolePolicyDeleted:
        await tx.query(
          `DELETE FROM ${this.inline} WHERE principal_type = $1 AND principal_id = $2 AND policy_name = $3`,
          [kind, id, p.policyName],
        );
        return;
      case T.UserPermissionsBoundarySet:
      case T.RolePermissionsBoundarySet:
        await tx.query(
          `INSERT INTO ${this.boundaries} (principal_type, principal_id, account_id, principal_name, principal_arn, policy_arn)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (principal_type, principal_id) DO UPDATE SET policy_arn = EXCLUDED.policy_arn`,
          [kind, id, p.accountId, name, arn, p.policyArn],
        );
        return;
      case T.UserPermissionsBoundaryDeleted:
      case T.RolePermissionsBoundaryDeleted:
        await tx.query(`DELETE FROM ${this.boundaries} WHERE principal_type = $1 AND principal_id = $2`, [
          kind,
          id,
        ]);
        return;
      default:
        return;
    }
  }
}
