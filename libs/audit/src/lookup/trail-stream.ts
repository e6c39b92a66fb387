import type { ServerResponse } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { TrailFeed } from './trail-feed';
import type { TrailFilter, TrailKind } from './trail-filter';
import { iso, TrailReads, type TrailRow } from './trail-reads';

export const TRAIL_FEED = Symbol('TrailFeed');

/** What one stream sends: an account's rows matching a filter, from a position in its chain. */
export interface StreamRequest {
  accountId: string;
  filter: TrailFilter;
  kind: TrailKind;
  /** The last position the client has (Last-Event-ID), or the head when it starts. */
  after: number;
}

const PAGE = 500;
const KEEP_ALIVE_MS = 15_000;

/**
 * Server-Sent Events of an account's trail. Each event's `id` is its
 * position in the account's chain (`sequence`), so a client that reconnects
 * with `Last-Event-ID` misses nothing and sees nothing twice; `data` is one
 * JSON object: an access record in LookupEvents's shape (`Kind: "access"`)
 * or a domain event (`Kind: "event"`). A comment line every 15 s keeps
 * proxies from closing an idle stream. Open streams end when the process
 * shuts down (clients reconnect to another replica with Last-Event-ID).
 */
@Injectable()
export class TrailStreams implements BeforeApplicationShutdown {
  private readonly open = new Set<() => void>();

  constructor(
    @Inject(TrailReads) private readonly reads: TrailReads,
    @Inject(TRAIL_FEED) private readonly feed: TrailFeed,
  ) {}

  /** The position a stream without Last-Event-ID starts from: what is recorded from now on. */
  head(accountId: string): Promise<number> {
    return this.reads.head(accountId);
  }

  /** Sends rows on `out` until the client goes away or the process stops. */
  run(out: ServerResponse, request: StreamRequest): void {
    let position = request.after;
    let pumping = false;
    let again = false;
    let closed = false;
    const pump = async () => {
      if (pumping) return void (again = true);
      pumping = true;
      try {
        do {
          again = false;
          for (;;) {
            const rows = await this.reads.after(request.accountId, position, request.filter, request.kind, PAGE);
            if (closed) return;
            // Rows the filter skipped still move the position: the last one read, not the last one sent.
            for (const row of rows) {
              position = Number(row.sequence);
              if (!out.write(`id: ${position}\ndata: ${JSON.stringify(this.streamed(row))}\n\n`))
                await new Promise((resolve) => out.once('drain', resolve));
            }
            if (rows.length < PAGE) break;
          }
        } while (again && !closed);
      } catch {
        // The next change (or keep-alive) retries from the same position.
      } finally {
        pumping = false;
      }
    };
    const unsubscribe = this.feed.subscribe(request.accountId, () => void pump());
    const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    const close = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(keepAlive);
      this.open.delete(close);
      out.end();
    };
    this.open.add(close);
    out.on('close', close);
    out.write(`retry: 1000\n: account ${request.accountId} from position ${position}\n\n`);
    void pump();
  }

  beforeApplicationShutdown(): void {
    for (const close of [...this.open]) close();
  }

  private streamed(row: TrailRow & Record<string, unknown>): Record<string, unknown> {
    if (row.kind === 'access') return { Kind: 'access', ...this.reads.lookupEvent(row) };
    return {
      Kind: 'event',
      EventId: row.event_id,
      EventType: row.event_type,
      SchemaVersion: Number(row.schema_version),
      StreamId: row.stream_id,
      EventTime: iso(row.occurred_at),
      ActorArn: row.actor_arn,
      CorrelationId: row.correlation_id,
      Payload: row.payload,
    };
  }
}
