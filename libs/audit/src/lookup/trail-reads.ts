import { identifier, type SqlDatabase } from '@iam/event-store';
import { IamError } from '@iam/contracts';
import { readPage, type Page, type PageRequest } from '@iam/service-kit';
import { filterSql, type TrailFilter, type TrailKind } from './trail-filter';

/** A trail row as the lookup, stream and export read it. */
export interface TrailRow {
  account_id: string;
  sequence: string | number;
  event_id: string;
  event_type: string;
  schema_version: number;
  stream_id: string;
  stream_version: number;
  actor_arn: string;
  correlation_id: string;
  causation_id: string | null;
  occurred_at: string | Date;
  recorded_at: string | Date;
  payload: unknown;
  previous_hash: string;
  hash: string;
  kind: string;
}

/** One event as CloudTrail's LookupEvents answers it. */
export interface LookupEvent {
  EventId: string;
  EventName: string;
  /** A string, as CloudTrail answers it. */
  ReadOnly: 'true' | 'false';
  AccessKeyId?: string;
  EventTime: string;
  EventSource: string;
  Username?: string;
  Resources: { ResourceType: string | null; ResourceName: string }[];
  /** The whole record, as a JSON string (with its `eventID`). */
  CloudTrailEvent: string;
}

const COLUMNS = `t.account_id, t.sequence, t.event_id, t.event_type, t.schema_version, t.stream_id, t.stream_version,
  t.actor_arn, t.correlation_id, t.causation_id, t.occurred_at, t.recorded_at, t.payload, t.previous_hash, t.hash,
  t.kind, t.event_name, t.event_source, t.user_name, t.access_key_id, t.read_only`;

/** Reads of one account's trail for the audit routes: lookup (newest first), stream and export (in chain order). */
export class TrailReads {
  private readonly trail: string;
  private readonly resources: string;
  private readonly heads: string;

  constructor(
    private readonly db: SqlDatabase,
    schema: string,
  ) {
    this.trail = `${identifier(schema)}.trail`;
    this.resources = `${identifier(schema)}.trail_resources`;
    this.heads = `${identifier(schema)}.chain_heads`;
  }

  /**
   * Access records matching the filter, newest first (event time, then position in the chain).
   * By resource ARN, the page is read from the resource rows (which carry the record's event time,
   * migration 121) in their index's order, joined to the trail: a range of
   * `trail_resources_by_arn_time`, however many records name the resource.
   */
  lookup(accountId: string, filter: TrailFilter, page: PageRequest): Promise<Page<LookupEvent>> {
    const { resourceArn, ...rest } = filter;
    const byResource = resourceArn !== undefined;
    // The sort key's table: the resource row's copy of (occurred_at, sequence) when it drives the read.
    const key = byResource ? 'r' : 't';
    return readPage(
      page,
      async (after, limit) => {
        const first = byResource ? [accountId, resourceArn] : [accountId];
        const { conditions, params } = filterSql(rest, 'access', first.length + 1, key);
        const all = [...first, ...params];
        if (after !== '') {
          const [time, sequence] = parseMarker(after);
          all.push(time, sequence);
          conditions.push(
            `(${key}.occurred_at, ${key}.sequence) < ($${all.length - 1}::timestamptz, $${all.length}::bigint)`,
          );
        }
        all.push(limit);
        const from = byResource
          ? `${this.resources} r JOIN ${this.trail} t ON t.account_id = r.account_id AND t.sequence = r.sequence
            WHERE r.account_id = $1 AND r.resource_arn = $2`
          : `${this.trail} t WHERE t.account_id = $1`;
        return this.db.query<TrailRow & Record<string, unknown>>(
          `SELECT ${COLUMNS} FROM ${from} AND ${conditions.join(' AND ')}
            ORDER BY ${key}.occurred_at DESC, ${key}.sequence DESC LIMIT $${all.length}`.replaceAll(
            '{resources}',
            this.resources,
          ),
          all,
        );
      },
      (row) => `${iso(row.occurred_at)}|${row.sequence}`,
      (row) => this.lookupEvent(row),
    );
  }

  /** Rows after a position in the chain, in chain order, matching the filter (stream, export). */
  async after(
    accountId: string,
    afterSequence: number,
    filter: TrailFilter,
    kind: TrailKind,
    limit: number,
  ): Promise<(TrailRow & Record<string, unknown>)[]> {
    const { conditions, params } = filterSql(filter, kind, 4);
    const { rows } = await this.db.query<TrailRow & Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM ${this.trail} t
        WHERE t.account_id = $1 AND t.sequence > $2 ${conditions.map((c) => `AND ${c}`).join(' ')}
        ORDER BY t.sequence LIMIT $3`.replaceAll('{resources}', this.resources),
      [accountId, afterSequence, limit, ...params],
    );
    return rows;
  }

  /** The position of the account's last recorded row (0 for an empty trail). */
  async head(accountId: string): Promise<number> {
    const { rows } = await this.db.query<{ sequence: string | number }>(
      `SELECT sequence FROM ${this.heads} WHERE account_id = $1`,
      [accountId],
    );
    return rows.length === 0 ? 0 : Number(rows[0].sequence);
  }

  /** CloudTrail's LookupEvents item for an access record row. */
  lookupEvent(row: TrailRow & Record<string, unknown>): LookupEvent {
    const record = (row.payload ?? {}) as Record<string, unknown>;
    const resources = Array.isArray(record.resources) ? (record.resources as Record<string, unknown>[]) : [];
    return {
      EventId: row.event_id,
      EventName: String(row.event_name ?? record.eventName ?? row.event_type),
      ReadOnly: row.read_only === true ? 'true' : 'false',
      ...(row.access_key_id ? { AccessKeyId: String(row.access_key_id) } : {}),
      EventTime: iso(row.occurred_at),
      EventSource: String(row.event_source ?? record.eventSource ?? ''),
      ...(row.user_name ? { Username: String(row.user_name) } : {}),
      Resources: resources
        .filter((r) => typeof r?.ARN === 'string')
        .map((r) => ({
          ResourceType: typeof r.type === 'string' ? r.type : null,
          ResourceName: String(r.ARN),
        })),
      CloudTrailEvent: JSON.stringify({ ...record, eventID: row.event_id }),
    };
  }
}

export function iso(value: string | Date): string {
  return new Date(value).toISOString();
}

/** The marker is `<event time ISO>|<sequence>` of the last item returned. */
function parseMarker(after: string): [string, string] {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|(\d{1,18})$/.exec(after);
  if (!match || Number.isNaN(Date.parse(match[1])))
    throw new IamError(
      'ValidationError',
      'Invalid value for marker: it must be a marker returned by a previous list call.',
    );
  return [match[1], match[2]];
}
