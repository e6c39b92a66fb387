import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';
import { checkTimeRange, type TrailFilter, type TrailKind } from './trail-filter';
import { iso, TrailReads, type TrailRow } from './trail-reads';

/**
 * One account's trail rows in a time range as JSON Lines, in chain order,
 * each with every field its hash covers and the hashes, so an export can be
 * verified offline (the first line's `previousHash` links to the row before
 * the range). Read in pages: memory stays flat whatever the range.
 */
export class ExportEvents extends Query<AsyncIterable<string>> {
  constructor(
    readonly requester: Requester,
    readonly accountId: string,
    readonly filter: TrailFilter,
    readonly kind: TrailKind,
  ) {
    super();
  }
}

const PAGE = 1000;

@QueryHandler(ExportEvents)
export class ExportEventsHandler implements IQueryHandler<ExportEvents> {
  constructor(@Inject(TrailReads) private readonly reads: TrailReads) {}

  async execute({ accountId, filter, kind }: ExportEvents): Promise<AsyncIterable<string>> {
    for (const bound of ['startTime', 'endTime'] as const)
      if (filter[bound] === undefined)
        throw new IamError('ValidationError', `1 validation error detected: ${bound}: is required for an export`);
    checkTimeRange(filter);
    // The first page is read before answering, so a failure is still an error status, not a cut stream.
    const first = await this.reads.after(accountId, 0, filter, kind, PAGE);
    const reads = this.reads;
    return (async function* () {
      let rows = first;
      while (rows.length > 0) {
        yield rows.map((row) => `${JSON.stringify(exportLine(row))}\n`).join('');
        if (rows.length < PAGE) return;
        rows = await reads.after(accountId, Number(rows[rows.length - 1].sequence), filter, kind, PAGE);
      }
    })();
  }
}

/** A trail row as an export line: the chained fields, its kind, and the hashes. */
export function exportLine(row: TrailRow) {
  return {
    accountId: row.account_id,
    sequence: Number(row.sequence),
    kind: row.kind,
    eventId: row.event_id,
    eventType: row.event_type,
    schemaVersion: Number(row.schema_version),
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    actorArn: row.actor_arn,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    occurredAt: iso(row.occurred_at),
    recordedAt: iso(row.recorded_at),
    payload: row.payload,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}
