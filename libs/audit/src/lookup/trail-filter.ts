import { IamError } from '@iam/contracts';

/** LookupEvents's attributes, any combination (all must match), over one account's trail. */
export interface TrailFilter {
  eventId?: string;
  eventName?: string;
  /** CloudTrail's `Username`: an IAM user's name, a role session's name, `root`. */
  userName?: string;
  principalArn?: string;
  resourceArn?: string;
  resourceType?: string;
  accessKeyId?: string;
  eventSource?: string;
  readOnly?: boolean;
  errorCode?: string;
  /** Inclusive. */
  startTime?: Date;
  /** Exclusive. */
  endTime?: Date;
}

/** Which rows a stream or export carries: access records (the default), domain events, or both. */
export type TrailKind = 'access' | 'event' | 'all';

/** CloudTrail refuses a range that ends before it starts. */
export function checkTimeRange(filter: Pick<TrailFilter, 'startTime' | 'endTime'>): void {
  if (filter.startTime && filter.endTime && filter.startTime.getTime() > filter.endTime.getTime())
    throw new IamError(
      'InvalidTimeRangeException',
      `startTime (${filter.startTime.toISOString()}) must not be after endTime (${filter.endTime.toISOString()}).`,
    );
}

/**
 * The SQL conditions of a filter over `trail t`, with its parameters
 * numbered from `first`. Each attribute matches its column (derived from the
 * record's payload at insert), so every filter is an index range.
 * `kind` is written as a literal: the lookup indexes are partial on it.
 * A domain event has no access columns: a filter on one matches access
 * records only, except `eventName`, which matches a domain event's type.
 * `timeOf` is the table whose `occurred_at` the time range bounds: the
 * lookup by resource ARN bounds the resource rows' copy (`r`), its index.
 */
export function filterSql(
  filter: TrailFilter,
  kind: TrailKind,
  first: number,
  timeOf: 't' | 'r' = 't',
): { conditions: string[]; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  if (kind !== 'all') conditions.push(`t.kind = '${kind}'`);
  const column = (name: string, value: unknown) => {
    if (value !== undefined) conditions.push(`t.${name} = ${param(value)}`);
  };
  column('event_id', filter.eventId);
  if (filter.eventName !== undefined) {
    const p = param(filter.eventName);
    conditions.push(
      kind === 'access'
        ? `t.event_name = ${p}`
        : `(t.event_name = ${p} OR (t.kind = 'event' AND t.event_type = ${p}))`,
    );
  }
  column('user_name', filter.userName);
  column('principal_arn', filter.principalArn);
  column('access_key_id', filter.accessKeyId);
  column('event_source', filter.eventSource);
  column('read_only', filter.readOnly);
  column('error_code', filter.errorCode);
  if (filter.resourceArn !== undefined)
    conditions.push(
      `EXISTS (SELECT 1 FROM {resources} r WHERE r.account_id = t.account_id AND r.sequence = t.sequence AND r.resource_arn = ${param(filter.resourceArn)})`,
    );
  if (filter.resourceType !== undefined)
    conditions.push(
      `EXISTS (SELECT 1 FROM {resources} r WHERE r.account_id = t.account_id AND r.sequence = t.sequence AND r.resource_type = ${param(filter.resourceType)})`,
    );
  if (filter.startTime !== undefined)
    conditions.push(`${timeOf}.occurred_at >= ${param(filter.startTime.toISOString())}`);
  if (filter.endTime !== undefined)
    conditions.push(`${timeOf}.occurred_at < ${param(filter.endTime.toISOString())}`);
  return { conditions, params };
}
