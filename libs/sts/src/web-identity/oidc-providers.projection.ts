import { IdentityEventTypes as T, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type Projection, type Queryable } from '@iam/event-store';

const oidcProvidersHandled = [
  T.OpenIDConnectProviderCreated,
  T.OpenIDConnectProviderClientIdAdded,
  T.OpenIDConnectProviderClientIdRemoved,
  T.OpenIDConnectProviderDeleted,
] as const;
type OidcProvidersEvent = EventsOf<IdentityEvent, typeof oidcProvidersHandled>;

/**
 * OIDC providers as AssumeRoleWithWebIdentity reads them: the issuer a
 * token's `iss` must equal and the client ids its `aud` must name. Safe to
 * replay: a created provider overwrites its row (a provider deleted and
 * created again at the same URL), changes of client ids are set operations.
 */
export class StsOidcProvidersProjection implements Projection<OidcProvidersEvent> {
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
          `INSERT INTO ${this.table} (arn, account_id, url, client_ids) VALUES ($1, $2, $3, $4)
           ON CONFLICT (arn) DO UPDATE SET account_id = $2, url = $3, client_ids = $4`,
          [p.arn, p.accountId ?? event.accountId, p.url, JSON.stringify(p.clientIds ?? [])],
        );
        return;
      }
      case T.OpenIDConnectProviderClientIdAdded: {
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.table} SET client_ids = client_ids || $2::jsonb
            WHERE arn = $1 AND NOT client_ids @> $2::jsonb`,
          [p.arn, JSON.stringify([p.clientId])],
        );
        return;
      }
      case T.OpenIDConnectProviderClientIdRemoved: {
        const p = event.payload;
        await tx.query(`UPDATE ${this.table} SET client_ids = client_ids - $2::text WHERE arn = $1`, [
          p.arn,
          p.clientId,
        ]);
        return;
      }
      case T.OpenIDConnectProviderDeleted:
        await tx.query(`DELETE FROM ${this.table} WHERE arn = $1`, [event.payload.arn]);
        return;
    }
  }
}
