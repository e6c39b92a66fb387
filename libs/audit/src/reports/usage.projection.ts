import { AccessRecordTypes, type AccessEvent, type AccessRecord } from '@iam/contracts';
import { identifier, type Projection, type Queryable } from '@iam/event-store';

/** Refusals before the caller was known: the key did not sign the request, so it was not "used". */
const AUTHENTICATION_FAILURES = new Set([
  'MissingAuthenticationToken',
  'IncompleteSignature',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'RequestExpired',
  'ExpiredToken',
]);

/** `iam.amazonaws.com` → `iam`, `authorization.iam.local` → `authorization`: the service namespace. */
export function serviceNamespace(eventSource: string): string {
  return eventSource.split('.')[0];
}

/** The principal a record's use counts for: a role for its sessions, otherwise the caller itself. */
export function usagePrincipal(record: AccessRecord): string | undefined {
  const identity = record.userIdentity;
  if (identity.type === 'AssumedRole') return identity.sessionContext?.sessionIssuer?.arn;
  return identity.arn;
}

/**
 * Last use, from the access records of `iam.access.v1`: of each access key
 * (date, region, service: the credential report's columns), of each
 * principal's password (successful `ConsoleLogin`), and of each action by
 * each principal (the access advisor; a role's sessions count for the role).
 * Attempts refused by the authorizer count, as in AWS's access advisor;
 * requests whose signature was not accepted do not. Records may arrive out of
 * order (retries): every upsert keeps the later time.
 */
export class UsageProjection implements Projection<AccessEvent> {
  readonly name = 'report_usage';
  readonly version = 1;
  readonly handles = [AccessRecordTypes.apiCall, AccessRecordTypes.consoleSignIn];
  private readonly keys: string;
  private readonly signIns: string;
  private readonly actions: string;

  constructor(
    schema: string,
    /** The product's region (IAM_REGION): where a call was served, when its record names none. */
    private readonly region: string,
  ) {
    const s = identifier(schema);
    this.keys = `${s}.report_key_last_used`;
    this.signIns = `${s}.report_sign_ins`;
    this.actions = `${s}.report_action_last_used`;
  }

  async reset(tx: Queryable): Promise<void> {
    for (const table of [this.keys, this.signIns, this.actions]) await tx.query(`DELETE FROM ${table}`);
  }

  async apply(tx: Queryable, event: AccessEvent): Promise<void> {
    const record = event.payload;
    if (record.errorCode !== undefined && AUTHENTICATION_FAILURES.has(record.errorCode)) return;
    const account = event.accountId;
    const at = record.eventTime;
    const principal = usagePrincipal(record);
    const region =
      typeof record.additionalEventData?.awsRegion === 'string'
        ? record.additionalEventData.awsRegion
        : this.region;
    const service = serviceNamespace(record.eventSource);

    if (event.type === AccessRecordTypes.consoleSignIn) {
      if (record.errorCode !== undefined || principal === undefined) return;
      await tx.query(
        `INSERT INTO ${this.signIns} (principal_arn, account_id, last_used_at) VALUES ($1, $2, $3)
         ON CONFLICT (principal_arn) DO UPDATE SET last_used_at = GREATEST(${this.signIns}.last_used_at, EXCLUDED.last_used_at)`,
        [principal, account, at],
      );
      return;
    }
    const accessKeyId = record.userIdentity.accessKeyId;
    if (accessKeyId) {
      await tx.query(
        `INSERT INTO ${this.keys} (access_key_id, account_id, last_used_at, region, service) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (access_key_id) DO UPDATE SET last_used_at = EXCLUDED.last_used_at, region = EXCLUDED.region,
           service = EXCLUDED.service WHERE ${this.keys}.last_used_at < EXCLUDED.last_used_at`,
        [accessKeyId, account, at, region, service],
      );
    }
    if (principal === undefined) return;
    await tx.query(
      `INSERT INTO ${this.actions} (account_id, principal_arn, service, action, last_used_at, last_used_by, region)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (account_id, principal_arn, service, action) DO UPDATE SET last_used_at = EXCLUDED.last_used_at,
         last_used_by = EXCLUDED.last_used_by, region = EXCLUDED.region
       WHERE ${this.actions}.last_used_at < EXCLUDED.last_used_at`,
      [account, principal, service, record.eventName, at, record.userIdentity.arn ?? principal, region],
    );
  }
}
