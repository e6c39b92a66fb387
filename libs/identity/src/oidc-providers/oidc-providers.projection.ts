import { IdentityEventTypes as T, type IdentityEvent, type TagV1 } from '@iam/contracts';
import { identifier, type EventsOf, type InlineProjection, type Queryable } from '@iam/event-store';
import { applyTags, removeTags } from '../shared/tags';

const oidcProvidersHandled = [
  T.OpenIDConnectProviderCreated,
  T.OpenIDConnectProviderClientIdAdded,
  T.OpenIDConnectProviderClientIdRemoved,
  T.OpenIDConnectProviderThumbprintUpdated,
  T.OpenIDConnectProviderTagged,
  T.OpenIDConnectProviderUntagged,
  T.OpenIDConnectProviderDeleted,
] as const;
type OidcProvidersEvent = EventsOf<IdentityEvent, typeof oidcProvidersHandled>;

/** The OIDC providers view: what GetOpenIDConnectProvider and ListOpenIDConnectProviders read. */
export class OidcProvidersProjection implements InlineProjection<OidcProvidersEvent> {
  readonly name = 'oidc_providers';
  readonly version = 1;
  readonly handles = oidcProvidersHandled;
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.oidc_providers`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: OidcProvidersEvent): Promise<void> {
    switch (event.type) {
      case T.OpenIDConnectProviderCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.table} (arn, account_id, url, client_ids, thumbprints, tags, create_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            p.arn,
            p.accountId,
            p.url,
            JSON.stringify(p.clientIds),
            JSON.stringify(p.thumbprints),
            JSON.stringify(p.tags),
            p.createDate,
          ],
        );
        return;
      }
      case T.OpenIDConnectProviderClientIdAdded:
      case T.OpenIDConnectProviderClientIdRemoved: {
        const p = event.payload;
        const added = event.type === T.OpenIDConnectProviderClientIdAdded;
        await this.change<string[]>(tx, p.arn, 'client_ids', (ids) =>
          added ? [...ids, p.clientId] : ids.filter((id) => id !== p.clientId),
        );
        return;
      }
      case T.OpenIDConnectProviderThumbprintUpdated: {
        const p = event.payload;
        await tx.query(`UPDATE ${this.table} SET thumbprints = $2 WHERE arn = $1`, [
          p.arn,
          JSON.stringify(p.thumbprints),
        ]);
        return;
      }
      case T.OpenIDConnectProviderTagged:
      case T.OpenIDConnectProviderUntagged: {
        const p = event.payload;
        await this.change<TagV1[]>(tx, p.arn, 'tags', (tags) =>
          'tags' in p ? applyTags(tags, p.tags) : removeTags(tags, p.tagKeys),
        );
        return;
      }
      case T.OpenIDConnectProviderDeleted:
        await tx.query(`DELETE FROM ${this.table} WHERE arn = $1`, [event.payload.arn]);
        return;
    }
  }

  private async change<T>(
    tx: Queryable,
    arn: string,
    column: 'client_ids' | 'tags',
    change: (current: T) => T,
  ): Promise<void> {
    const { rows } = await tx.query<Record<string, T>>(
      `SELECT ${column} FROM ${this.table} WHERE arn = $1 FOR UPDATE`,
      [arn],
    );
    if (rows.length === 0) return;
    await tx.query(`UPDATE ${this.table} SET ${column} = $2 WHERE arn = $1`, [
      arn,
      JSON.stringify(change(rows[0][column])),
    ]);
  }
}
