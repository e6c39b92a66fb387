import { AuditEventTypes as A, type AuditEvent } from '@iam/contracts';
import { identifier, type InlineProjection, type Queryable } from '@iam/event-store';

/** The open findings of each account, folded from the audit service's own events (inline, in the append's transaction). */
export class FindingsProjection implements InlineProjection<AuditEvent> {
  readonly name = 'findings';
  readonly version = 1;
  readonly handles = [A.FindingRaised, A.FindingCleared];
  private readonly findings: string;

  constructor(schema: string) {
    this.findings = `${identifier(schema)}.findings`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.findings}`);
  }

  async apply(tx: Queryable, event: AuditEvent): Promise<void> {
    if (event.type === A.FindingCleared) {
      await tx.query(`DELETE FROM ${this.findings} WHERE account_id = $1 AND finding_id = $2`, [
        event.accountId,
        event.payload.findingId,
      ]);
      return;
    }
    const p = event.payload;
    await tx.query(
      `INSERT INTO ${this.findings} (account_id, finding_id, rule_id, severity, entity_arn, entity_type, detail,
         remediation, detected_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (account_id, finding_id) DO UPDATE SET detail = EXCLUDED.detail`,
      [
        event.accountId,
        p.findingId,
        p.ruleId,
        p.severity,
        p.entityArn,
        p.entityType,
        p.detail,
        p.remediation,
        p.detectedAt,
      ],
    );
  }
}
