import { IdentityEventTypes as T, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type Projection, type Queryable } from '@iam/event-store';

const handled = [T.SamlProviderCreated, T.SamlProviderUpdated, T.SamlProviderDeleted] as const;
type SamlProvidersEvent = EventsOf<IdentityEvent, typeof handled>;

/**
 * SAML providers as AssumeRoleWithSAML verifies against them, from
 * identity's events on `iam.identity.v1`: the certificates identity read
 * from the metadata (sts never parses an administrator's metadata itself).
 * A provider created again after its deletion takes its row back.
 */
export class StsSamlProvidersProjection implements Projection<SamlProvidersEvent> {
  readonly name = 'saml-providers';
  readonly version = 1;
  readonly handles = handled;
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.saml_providers`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: SamlProvidersEvent): Promise<void> {
    switch (event.type) {
      case T.SamlProviderCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.table} (arn, account_id, entity_id, signing_certificates, valid_until, deleted)
           VALUES ($1, $2, $3, $4, $5, false)
           ON CONFLICT (arn) DO UPDATE SET entity_id = $3, signing_certificates = $4, valid_until = $5, deleted = false`,
          [
            p.arn,
            p.accountId ?? event.accountId,
            p.entityId,
            JSON.stringify(p.signingCertificates),
            p.validUntil ?? null,
          ],
        );
        return;
      }
      case T.SamlProviderUpdated: {
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.table} SET entity_id = $2, signing_certificates = $3, valid_until = $4 WHERE arn = $1`,
          [p.arn, p.entityId, JSON.stringify(p.signingCertificates), p.validUntil ?? null],
        );
        return;
      }
      case T.SamlProviderDeleted:
        await tx.query(`UPDATE ${this.table} SET deleted = true WHERE arn = $1`, [event.payload.arn]);
        return;
    }
  }
}
