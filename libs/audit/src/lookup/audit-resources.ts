import type { ResourceContext } from '@iam/auth';
import { IamError } from '@iam/contracts';

/**
 * The actions of the audit routes (CloudTrail's service prefix) and the
 * resource they act on: one account's trail,
 * `arn:aws:cloudtrail::<account>:trail/iam-audit` (no region: the trail is
 * the account's across regions; `arn:aws:cloudtrail:*:<account>:trail/*`
 * in a policy matches it). LookupEvents is
 * CloudTrail's own action; StreamEvents and ExportEvents are this product's
 * (CloudTrail has no live stream or export), named the same way.
 */
export const AuditActions = {
  lookupEvents: 'cloudtrail:LookupEvents',
  streamEvents: 'cloudtrail:StreamEvents',
  exportEvents: 'cloudtrail:ExportEvents',
} as const;

export const TRAIL_NAME = 'iam-audit';

export function trailArn(accountId: string): string {
  return `arn:aws:cloudtrail::${accountId}:trail/${TRAIL_NAME}`;
}

const TRAIL_ARN = /^arn:aws:cloudtrail::(\d{12}):trail\/iam-audit$/;

/** The account of a trail ARN, or undefined for any other ARN. */
export function trailAccountOf(arn: string): string | undefined {
  return TRAIL_ARN.exec(arn)?.[1];
}

/**
 * The account whose trail a request reads: its `accountId` query parameter,
 * else the caller's own. Read before the DTO validates (authorization comes
 * first), so a malformed one is refused here, naming the parameter.
 */
export function requestedAccount(context: Pick<ResourceContext, 'principal' | 'query'>): string {
  const asked = context.query.accountId;
  if (asked === undefined) return context.principal.accountId;
  if (typeof asked !== 'string' || !/^\d{12}$/.test(asked))
    throw new IamError(
      'ValidationError',
      '1 validation error detected: accountId: must be a 12-digit account id',
    );
  return asked;
}

/** The route resource: the trail of the account the request reads. */
export const requestedTrail = (context: ResourceContext): string => trailArn(requestedAccount(context));
