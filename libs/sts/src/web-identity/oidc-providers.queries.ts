import { identifier, type SqlDatabase } from '@iam/event-store';

/** A registered OIDC provider as AssumeRoleWithWebIdentity reads it. */
export interface StsOidcProvider {
  arn: string;
  accountId: string;
  /** The issuer, normalized as identity registered it (`https://host[:port][/path]`). */
  url: string;
  clientIds: string[];
}

/** Reads of sts's projection of identity's OIDC providers. */
export class StsOidcProvidersQueries {
  private readonly table: string;

  constructor(
    private readonly db: SqlDatabase,
    schema: string,
  ) {
    this.table = `${identifier(schema)}.oidc_providers`;
  }

  /** The provider of this issuer in the account (a token is only ever checked against its own issuer's provider). */
  async byIssuer(accountId: string, url: string): Promise<StsOidcProvider | undefined> {
    const { rows } = await this.db.query<{
      arn: string;
      account_id: string;
      url: string;
      client_ids: string[];
    }>(`SELECT arn, account_id, url, client_ids FROM ${this.table} WHERE account_id = $1 AND url = $2`, [
      accountId,
      url,
    ]);
    const row = rows[0];
    return row && { arn: row.arn, accountId: row.account_id, url: row.url, clientIds: row.client_ids };
  }
}
