import type { TagV1 } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { OidcProviderErrors } from './oidc-provider.decider';

/** GetOpenIDConnectProvider's answer, with AWS's names (`url` without its scheme, as AWS shows it). */
export interface OidcProviderView {
  url: string;
  clientIDList: string[];
  thumbprintList: string[];
  createDate: string;
  tags: TagV1[];
}

interface OidcProviderRow {
  arn: string;
  url: string;
  client_ids: string[];
  thumbprints: string[];
  tags: TagV1[];
  create_date: string | Date;
}

/** Reads of the OIDC providers view, always within the caller's account. */
export class OidcProvidersQueries {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.oidc_providers`;
  }

  async get(db: Queryable, accountId: string, arn: string): Promise<OidcProviderView> {
    const { rows } = await db.query<OidcProviderRow>(
      `SELECT * FROM ${this.table} WHERE account_id = $1 AND arn = $2`,
      [accountId, arn],
    );
    if (!rows[0]) throw OidcProviderErrors.noSuchProvider(arn);
    const row = rows[0];
    return {
      url: row.url.replace(/^https?:\/\//, ''),
      clientIDList: row.client_ids,
      thumbprintList: row.thumbprints,
      createDate: new Date(row.create_date).toISOString(),
      tags: row.tags,
    };
  }

  /** ListOpenIDConnectProviders: every provider of the account (at most 100 by IAM's quota; not paged, as in AWS). */
  async list(db: Queryable, accountId: string): Promise<{ arn: string }[]> {
    const { rows } = await db.query<{ arn: string }>(
      `SELECT arn FROM ${this.table} WHERE account_id = $1 ORDER BY arn`,
      [accountId],
    );
    return rows.map((row) => ({ arn: row.arn }));
  }

  /**
   * How many providers the account has, for its quota of 100, read inside
   * the creating transaction after taking the account's turn (a transaction
   * advisory lock), so two creations cannot both take the last place.
   */
  async countForCreation(tx: Queryable, accountId: string): Promise<number> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.table}:${accountId}`]);
    const { rows } = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.table} WHERE account_id = $1`,
      [accountId],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
