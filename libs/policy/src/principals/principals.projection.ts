import { IdentityEventTypes as T, type EventEnvelope } from '@iam/contracts';
import { identifier, type Projection, type Queryable } from '@iam/event-store';
import { nameKey, type PrincipalKind } from '../shared/policy-names';

interface PrincipalPayload {
  accountId?: string;
  path: string;
  arn: string;
  [field: string]: unknown;
}

const created: Record<string, PrincipalKind> = {
  [T.UserCreated]: 'user',
  [T.GroupCreated]: 'group',
  [T.RoleCreated]: 'role',
};
const updated: Record<string, PrincipalKind> = { [T.UserUpdated]: 'user', [T.GroupUpdated]: 'group' };
const deleted: Record<string, PrincipalKind> = {
  [T.UserDeleted]: 'user',
  [T.GroupDeleted]: 'group',
  [T.RoleDeleted]: 'role',
};

/**
 * IAM users, groups and roles by account and name, from identity's events
 * (consumed from `iam.identity.v1`): whom a policy can be attached to. A
 * rename is carried into the attachment and boundary rows; a deleted
 * principal's policy rows go with it, so attachment counts stay honest.
 */
export class PrincipalsProjection implements Projection {
  readonly name = 'principals';
  private readonly principals: string;
  private readonly attachments: string;
  private readonly inline: string;
  private readonly boundaries: string;

  constructor(schema: string) {
    this.principals = `${identifier(schema)}.principals`;
    this.attachments = `${identifier(schema)}.policy_attachments`;
    this.inline = `${identifier(schema)}.inline_policies`;
    this.boundaries = `${identifier(schema)}.permissions_boundaries`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.principals}`);
  }

  async apply(tx: Queryable, event: EventEnvelope): Promise<void> {
    const p = event.payload as PrincipalPayload;
    if (created[event.type]) {
      const kind = created[event.type];
      const name = String(p[`${kind}Name`]);
      await tx.query(
        `INSERT INTO ${this.principals} (principal_id, principal_type, account_id, name, name_key, path, arn)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (principal_id) DO NOTHING`,
        [p[`${kind}Id`], kind, p.accountId ?? event.accountId, name, nameKey(name), p.path, p.arn],
      );
      return;
    }
    if (updated[event.type]) {
      const kind = updated[event.type];
      const id = p[`${kind}Id`];
      const name = String(p[`${kind}Name`]);
      await tx.query(
        `UPDATE ${this.principals} SET name = $2, name_key = $3, path = $4, arn = $5 WHERE principal_id = $1`,
        [id, name, nameKey(name), p.path, p.arn],
      );
      for (const table of [this.attachments, this.boundaries]) {
        await tx.query(
          `UPDATE ${table} SET principal_name = $2, principal_arn = $3 WHERE principal_id = $1`,
          [id, name, p.arn],
        );
      }
      return;
    }
    if (deleted[event.type]) {
      const id = p[`${deleted[event.type]}Id`];
      for (const table of [this.principals, this.attachments, this.inline, this.boundaries]) {
        await tx.query(`DELETE FROM ${table} WHERE principal_id = $1`, [id]);
      }
    }
  }
}
