import { identifier, type SqlDatabase } from '@iam/event-store';

/** A SAML provider as AssumeRoleWithSAML verifies against it. */
export interface StsSamlProvider {
  arn: string;
  accountId: string;
  entityId: string;
  /** Base64 DER X.509 certificates from the provider's metadata. */
  signingCertificates: string[];
  /** ISO-8601, the metadata's validUntil. */
  validUntil?: string;
}

interface Row {
  arn: string;
  account_id: string;
  entity_id: string;
  signing_certificates: string[];
  valid_until: string | Date | null;
}

/** Reads of sts's SAML providers projection. */
export class StsSamlProvidersQueries {
  private readonly table: string;

  constructor(
    private readonly db: SqlDatabase,
    schema: string,
  ) {
    this.table = `${identifier(schema)}.saml_providers`;
  }

  /** The live provider with exactly this ARN. */
  async byArn(arn: string): Promise<StsSamlProvider | undefined> {
    const { rows } = await this.db.query<Row>(`SELECT * FROM ${this.table} WHERE arn = $1 AND NOT deleted`, [
      arn,
    ]);
    const row = rows[0];
    return (
      row && {
        arn: row.arn,
        accountId: row.account_id,
        entityId: row.entity_id,
        signingCertificates: row.signing_certificates,
        ...(row.valid_until !== null ? { validUntil: new Date(row.valid_until).toISOString() } : {}),
      }
    );
  }
}
