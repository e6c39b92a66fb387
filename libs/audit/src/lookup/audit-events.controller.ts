import { Controller, Get, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Action, RequestedBy, type Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';
import { exportEventsSchema, lookupEventsSchema, streamEventsSchema } from './audit-events.api-schema';
import { AuditActions, requestedTrail } from './audit-resources';
import {
  ExportEventsQueryDto,
  LookupEventsQueryDto,
  StreamEventsQueryDto,
  trailFilterOf,
} from './audit-query.dto';
import { ExportEvents } from './export-events';
import { LookupEvents } from './lookup-events';
import { checkTimeRange } from './trail-filter';
import { TrailStreams } from './trail-stream';

/**
 * Reading the audit trail: LookupEvents, a live stream (SSE) and an export
 * (JSON Lines), each on one account's trail (the caller's, or `accountId`'s,
 * which the guard authorizes as a cross-account read).
 */
@ApiTags('audit')
@Controller('v1/audit')
export class AuditEventsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly streams: TrailStreams,
  ) {}

  @Get('events')
  @ApiOkResponse({ schema: lookupEventsSchema })
  @ApiOperation({ summary: 'LookupEvents: access records matching the filters, newest first' })
  @Action(AuditActions.lookupEvents, requestedTrail)
  async lookup(@RequestedBy() requester: Requester, @Query() query: LookupEventsQueryDto) {
    const page = await this.queries.execute(
      new LookupEvents(requester, query.accountId ?? requester.caller.accountId, trailFilterOf(query), query),
    );
    return { Events: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Get('stream')
  @ApiOperation({
    summary:
      'StreamEvents: Server-Sent Events of new trail rows matching the filters (resumable: Last-Event-ID)',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'Server-Sent Events of the trail, until the client goes away',
    content: { 'text/event-stream': { schema: streamEventsSchema } },
  })
  @Action(AuditActions.streamEvents, requestedTrail)
  async stream(
    @RequestedBy() requester: Requester,
    @Query() query: StreamEventsQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filter = trailFilterOf(query);
    checkTimeRange(filter);
    const accountId = query.accountId ?? requester.caller.accountId;
    // From the request, not @Headers(): the AWS-protocol door, which registers every route, takes no header parameters.
    const lastEventId = request.headers['last-event-id'];
    if (lastEventId !== undefined && (typeof lastEventId !== 'string' || !/^\d{1,18}$/.test(lastEventId)))
      throw new IamError(
        'ValidationError',
        '1 validation error detected: Last-Event-ID: must be the id of an event of this stream (a position in the trail)',
      );
    const after = lastEventId === undefined ? await this.streams.head(accountId) : Number(lastEventId);
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-amzn-requestid': String(request.id),
    });
    this.streams.run(reply.raw, { accountId, filter, kind: query.kind ?? 'access', after });
  }

  @Get('export')
  @ApiOperation({ summary: 'ExportEvents: trail rows of a time range as JSON Lines, in chain order' })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description: 'JSON Lines, as an attachment named trail-<accountId>.jsonl',
    content: { 'application/x-ndjson': { schema: exportEventsSchema } },
  })
  @Action(AuditActions.exportEvents, requestedTrail)
  async export(@RequestedBy() requester: Requester, @Query() query: ExportEventsQueryDto) {
    const accountId = query.accountId ?? requester.caller.accountId;
    const lines = await this.queries.execute(
      new ExportEvents(requester, accountId, trailFilterOf(query), query.kind ?? 'all'),
    );
    return new StreamableFile(Readable.from(lines), {
      type: 'application/x-ndjson',
      disposition: `attachment; filename="trail-${accountId}.jsonl"`,
    });
  }
}
