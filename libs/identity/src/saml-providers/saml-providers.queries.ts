import type { TagV1 } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { noSuchSamlProvider } from './saml-provider-arns';

/** GetSAMLProvider's answer (AWS's fields). */
export interface SamlProviderView {
  samlProviderArn: string;
  samlMetadataDocument: string;
  createDate: string;
  validUntil?: string;
  tags: TagV1[];
}

/** One entry of ListSAMLProviders (AWS's SAMLProviderListEntry). */
export interface SamlProviderListEntry {
  arn: string;
  createDate: string;
  validUntil?: string;
}

interface Row {
  arn: string;
  metadata_document: string;
  create_date: string | Date;
  valid_until: string | Date | null;
  tags: TagV1[];
}

const iso = (value: string | Date) => new Date(value).toISOString();

/** Reads of the SAML providers view, always within the caller's account. */
export class SamlProvidersQueries {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.saml_providers`;
  }

  async get(db: Queryable, accountId: string, arn: string): Promise<SamlProviderView> {
    const { rows } = await db.query<Row>(`SELECT * FROM ${this.table} WHERE account_id = $1 AND arn = $2`, [
      accountId,
      arn,
    ]);
    const row = rows[0];
    if (!row) throw noSuchSamlProvider(arn);
    return {
      samlProviderArn: row.arn,
      samlMetadataDocument: row.metadata_document,
      createDate: iso(row.create_date),
      ...(row.valid_until !== null ? { validUntil: iso(row.valid_until) } : {}),
      tags: row.tags,
    };
  }

  /** Every provider of the account (AWS does not page this list; an account holds at most 100). */
  async list(db: Queryable, accountId: string): Promise<SamlProviderListEntry[]> {
    const { rows } = await db.query<Row>(
      `SELECT arn, create_date, valid_until FROM ${this.table} WHERE account_id = $1 ORDER BY arn`,
      [accountId],
    );
    return rows.map((row) => ({
      arn: row.arn,
      createDate: iso(row.create_date),
      ...(row.valid_until !== null ? { validUntil: iso(row.valid_until) } : {}),
    }));
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
