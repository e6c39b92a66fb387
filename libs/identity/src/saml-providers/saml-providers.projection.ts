import { IdentityEventTypes as T, type IdentityEvent, type TagV1 } from '@iam/contracts';
import { identifier, type EventsOf, type InlineProjection, type Queryable } from '@iam/event-store';
import { applyTags, removeTags } from '../shared/tags';

const handled = [
  T.SamlProviderCreated,
  T.SamlProviderUpdated,
  T.SamlProviderTagged,
  T.SamlProviderUntagged,
  T.SamlProviderDeleted,
] as const;
type SamlProvidersEvent = EventsOf<IdentityEvent, typeof handled>;

/** The SAML providers view: what GetSAMLProvider, ListSAMLProviders and ListSAMLProviderTags read. */
export class SamlProvidersProjection implements InlineProjection<SamlProvidersEvent> {
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
          `INSERT INTO ${this.table} (arn, account_id, name, metadata_document, entity_id, valid_until, create_date, tags)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            p.arn,
            p.accountId,
            p.name,
            p.samlMetadataDocument,
            p.entityId,
            p.validUntil ?? null,
            p.createDate,
            JSON.stringify(p.tags),
          ],
        );
        return;
      }
      case T.SamlProviderUpdated: {
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.table} SET metadata_document = $2, entity_id = $3, valid_until = $4 WHERE arn = $1`,
          [p.arn, p.samlMetadataDocument, p.entityId, p.validUntil ?? null],
        );
        return;
      }
      case T.SamlProviderTagged:
      case T.SamlProviderUntagged: {
        const p = event.payload;
        const { rows } = await tx.query<{ tags: TagV1[] }>(`SELECT tags FROM ${this.table} WHERE arn = $1`, [
          p.arn,
        ]);
        if (rows.length === 0) return;
        const tags = 'tags' in p ? applyTags(rows[0].tags, p.tags) : removeTags(rows[0].tags, p.tagKeys);
        await tx.query(`UPDATE ${this.table} SET tags = $2 WHERE arn = $1`, [p.arn, JSON.stringify(tags)]);
        return;
      }
      case T.SamlProviderDeleted:
        await tx.query(`DELETE FROM ${this.table} WHERE arn = $1`, [event.payload.arn]);
        return;
    }
  }
}
