import { Topics, type AccessRecordEnvelope } from '@iam/contracts';
import { commitOutboxMessages, type SqlDatabase } from '@iam/event-store';
import type { Logger } from 'pino';

interface Waiting {
  envelope: AccessRecordEnvelope;
  done: () => void;
}

interface Summary {
  envelope: AccessRecordEnvelope;
  calls: number;
  lastEventTime: string;
}

export interface AccessRecorderOptions {
  /** Records in one INSERT. */
  maxBatch?: number;
  /** INSERTs running at once; records arriving meanwhile wait for the next one (group commit). */
  maxInFlight?: number;
  /** The longest a response waits for its record's commit; past it the record is committed later (or parked). */
  maxWaitMs?: number;
  /** Records kept in memory while the database refuses them, retried every second. */
  maxParked?: number;
  /** Summaries kept per minute; calls that would open more are counted in one overflow summary. */
  maxSummaries?: number;
}

/** The bucket of calls a full minute's summaries could not take (`additionalEventData.overflow`). */
const OVERFLOW_BUCKET = 'overflow';

/**
 * Writes access records into the service's own outbox, on topic
 * `iam.access.v1`, keyed by account: the outbox relay publishes them to
 * Kafka like the service's events, so a Kafka outage only delays them.
 *
 * Group commit: a record waits for the INSERT in flight (at most
 * `maxInFlight` at once, `maxBatch` rows each, no timer), then goes with
 * the others that arrived meanwhile in one statement: under load a request
 * waits about one round trip, and the database sees one statement per batch.
 * The response waits for the commit (at most `maxWaitMs`): a record of an
 * answered call is durable unless the database failed meanwhile. A batch the
 * database refuses is parked in memory and retried every second
 * (`maxParked` at most; beyond, the oldest are dropped with an error log).
 *
 * Decision API calls whose every decision is Allow are summarised (`summarise`):
 * one record per account, caller, action and minute, counting the calls;
 * so are unauthenticated refusals past their sampling (RefusalSampler). At
 * most `maxSummaries` a minute: calls past it are counted in one overflow
 * summary, so a flood cannot grow memory without bound.
 */
export class AccessRecorder {
  /** The schema whose outbox takes the records. */
  private outbox: string | undefined;
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private parked: AccessRecordEnvelope[] = [];
  private readonly summaries = new Map<string, Summary>();
  private timer: NodeJS.Timeout | undefined;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly maxWaitMs: number;
  private readonly maxParked: number;
  private readonly maxSummaries: number;
  /** Records dropped because the park was full (a metric and a log line name them). */
  dropped = 0;

  constructor(
    private readonly db: SqlDatabase,
    private readonly logger: Logger,
    options: AccessRecorderOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 256;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.maxWaitMs = options.maxWaitMs ?? 1000;
    this.maxParked = options.maxParked ?? 100_000;
    this.maxSummaries = options.maxSummaries ?? 20_000;
  }

  /** The outbox records go to: the first service this process starts (every service's relay publishes its own). */
  useOutbox(schema: string): void {
    if (this.outbox) return;
    this.outbox = schema;
    this.timer = setInterval(() => void this.tick(), 1000);
    this.timer.unref();
  }

  get enabled(): boolean {
    return this.outbox !== undefined;
  }

  /** Resolves once the record is committed to the outbox, parked, or after `maxWaitMs`; never rejects. */
  record(envelope: AccessRecordEnvelope): Promise<void> {
    if (!this.outbox) return Promise.resolve();
    let timeout: NodeJS.Timeout | undefined;
    const committed = new Promise<void>((resolve) => {
      this.waiting.push({ envelope, done: resolve });
      this.pump();
    });
    const waited = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, this.maxWaitMs);
    });
    return Promise.race([committed, waited]).finally(() => clearTimeout(timeout));
  }

  /**
   * An allowed decision call: counted into its minute's summary record
   * (written when the minute is over), not recorded on its own.
   */
  summarise(envelope: AccessRecordEnvelope, key: string): void {
    if (!this.outbox) return;
    const minute = envelope.occurredAt.slice(0, 16);
    let bucket = `${envelope.accountId}\n${envelope.actorArn}\n${envelope.payload.eventName}\n${key}\n${minute}`;
    let summary = this.summaries.get(bucket);
    if (!summary && this.summaries.size >= this.maxSummaries) {
      bucket = `${OVERFLOW_BUCKET}\n${minute}`;
      summary = this.summaries.get(bucket);
      if (!summary) envelope = overflowOf(envelope);
    }
    if (summary) {
      summary.calls++;
      summary.lastEventTime = envelope.occurredAt;
    } else {
      this.summaries.set(bucket, { envelope, calls: 1, lastEventTime: envelope.occurredAt });
    }
  }

  /** Writes every summary and parked record (at shutdown, before the relays' last flush). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.flushSummaries(true);
    await this.drain();
    if (this.parked.length > 0) await this.retryParked();
    if (this.parked.length > 0)
      this.logger.error(
        { records: this.parked.length },
        'access records could not be written before shutdown',
      );
  }

  /** Until nothing is waiting or being written. */
  async drain(): Promise<void> {
    while (this.waiting.length > 0 || this.inFlight > 0)
      await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight++;
      void this.insert(batch.map((w) => w.envelope))
        .catch((error: unknown) => {
          this.logger.warn(
            { err: error, records: batch.length },
            'access records could not be written to the outbox; kept in memory and retried',
          );
          this.park(batch.map((w) => w.envelope));
        })
        .finally(() => {
          this.inFlight--;
          for (const waiting of batch) waiting.done();
          this.pump();
        });
    }
  }

  private async insert(envelopes: AccessRecordEnvelope[]): Promise<void> {
    await commitOutboxMessages(this.db, this.outbox as string, Topics.access, envelopes);
  }

  private park(envelopes: AccessRecordEnvelope[]): void {
    this.parked.push(...envelopes);
    const over = this.parked.length - this.maxParked;
    if (over > 0) {
      this.parked.splice(0, over);
      this.dropped += over;
      this.logger.error({ dropped: over }, 'access records dropped: the database refused them too long');
    }
  }

  private async retryParked(): Promise<void> {
    const batch = this.parked.splice(0, this.maxBatch * 4);
    if (batch.length === 0) return;
    try {
      await this.insert(batch);
    } catch {
      this.parked.unshift(...batch);
    }
  }

  private async tick(): Promise<void> {
    this.flushSummaries(false);
    await this.retryParked();
  }

  private flushSummaries(all: boolean): void {
    const current = new Date().toISOString().slice(0, 16);
    for (const [bucket, summary] of this.summaries) {
      if (!all && bucket.endsWith(`\n${current}`)) continue;
      this.summaries.delete(bucket);
      const { envelope } = summary;
      void this.record({
        ...envelope,
        payload: {
          ...envelope.payload,
          additionalEventData: {
            ...envelope.payload.additionalEventData,
            sampled: true,
            summarizedCalls: summary.calls,
            firstEventTime: envelope.occurredAt,
            lastEventTime: summary.lastEventTime,
          },
        },
      });
    }
  }
}

/** The first call of an overflow summary stands for calls of any caller, action and source: it says so. */
function overflowOf(envelope: AccessRecordEnvelope): AccessRecordEnvelope {
  return {
    ...envelope,
    payload: {
      ...envelope.payload,
      additionalEventData: { ...envelope.payload.additionalEventData, overflow: true },
    },
  };
}
