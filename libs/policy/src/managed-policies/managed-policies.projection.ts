import { PolicyEventTypes as T, type PolicyEvent } from '@iam/contracts';
import { identifier, type EventsOf, type InlineProjection, type Queryable } from '@iam/event-store';
import { nameKey } from '../shared/policy-names';

const managedPoliciesHandled = [
  T.PolicyCreated,
  T.PolicyVersionCreated,
  T.DefaultPolicyVersionSet,
  T.PolicyVersionDeleted,
  T.PolicyDeleted,
  T.PolicyTagged,
  T.PolicyUntagged,
] as const;
type ManagedPoliciesEvent = EventsOf<PolicyEvent, typeof managedPoliciesHandled>;

/** Customer managed policies and their versions: what GetPolicy, ListPolicies and the versions routes read. */
export class ManagedPoliciesProjection implements InlineProjection<ManagedPoliciesEvent> {
  readonly name = 'managed-policies';
  readonly version = 1;
  readonly handles = managedPoliciesHandled;
  private readonly policies: string;
  private readonly versions: string;

  constructor(schema: string) {
    this.policies = `${identifier(schema)}.managed_policies`;
    this.versions = `${identifier(schema)}.managed_policy_versions`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.versions}`);
    await tx.query(`DELETE FROM ${this.policies}`);
  }

  async apply(tx: Queryable, event: ManagedPoliciesEvent): Promise<void> {
    switch (event.type) {
      case T.PolicyCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.policies} (policy_id, account_id, policy_name, policy_name_key, path, arn, description,
             tags, default_version_id, create_date, update_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
          [
            p.policyId,
            p.accountId,
            p.policyName,
            nameKey(p.policyName),
            p.path,
            p.policyArn,
            p.description,
            JSON.stringify(p.tags),
            p.defaultVersionId,
            p.createDate,
          ],
        );
        await this.addVersion(tx, p.policyId, p.defaultVersionId, p.document, p.createDate);
        return;
      }
      case T.PolicyVersionCreated: {
        const p = event.payload;
        await this.addVersion(tx, p.policyId, p.versionId, p.document, p.createDate);
        if (p.setAsDefault) {
          await tx.query(
            `UPDATE ${this.policies} SET default_version_id = $2, update_date = $3 WHERE policy_id = $1`,
            [p.policyId, p.versionId, p.createDate],
          );
        }
        return;
      }
      case T.DefaultPolicyVersionSet: {
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.policies} SET default_version_id = $2, update_date = $3 WHERE policy_id = $1`,
          [p.policyId, p.versionId, event.occurredAt],
        );
        return;
      }
      case T.PolicyTagged: {
        // Keys compare case-insensitively: the new tag replaces one of the same key in any case.
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.policies} SET tags = (
             SELECT COALESCE(jsonb_agg(t.value ORDER BY t.ord), '[]'::jsonb)
             FROM jsonb_array_elements(tags) WITH ORDINALITY t(value, ord)
             WHERE lower(t.value->>'key') <> ALL ($2::text[])
           ) || $3::jsonb WHERE policy_id = $1`,
          [p.policyId, p.tags.map((t) => t.key.toLowerCase()), JSON.stringify(p.tags)],
        );
        return;
      }
      case T.PolicyUntagged: {
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.policies} SET tags = (
             SELECT COALESCE(jsonb_agg(t.value ORDER BY t.ord), '[]'::jsonb)
             FROM jsonb_array_elements(tags) WITH ORDINALITY t(value, ord)
             WHERE lower(t.value->>'key') <> ALL ($2::text[])
           ) WHERE policy_id = $1`,
          [p.policyId, p.tagKeys.map((k) => k.toLowerCase())],
        );
        return;
      }
      case T.PolicyVersionDeleted: {
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.versions} WHERE policy_id = $1 AND version_id = $2`, [
          p.policyId,
          p.versionId,
        ]);
        return;
      }
      case T.PolicyDeleted: {
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.versions} WHERE policy_id = $1`, [p.policyId]);
        await tx.query(`DELETE FROM ${this.policies} WHERE policy_id = $1`, [p.policyId]);
        return;
      }
    }
  }

  private async addVersion(
    tx: Queryable,
    policyId: string,
    versionId: string,
    document: string,
    createDate: string,
  ) {
    await tx.query(
      `INSERT INTO ${this.versions} (policy_id, version_id, version_number, document, create_date)
       VALUES ($1, $2, $3, $4, $5)`,
      [policyId, versionId, Number(versionId.slice(1)), document, createDate],
    );
  }
}
