import type { EventEnvelope } from '@iam/contracts';
import type { Queryable } from './sql-database';

/** The members of an event union `E` whose type is one of `H` (a projection's `handles`). */
export type EventsOf<E extends EventEnvelope, H extends readonly string[]> = Extract<E, { type: H[number] }>;

/** `handles` of a projection that records every event whatever its type (the audit trail). */
export const EveryEvent = 'every event';

/**
 * A read model built from events: inline (in the transaction of the append,
 * identity's and policy's own tables) or by a consumer of a topic.
 *
 * `apply` receives only the event types listed in `handles`, already upcast
 * to their current schema version: the event store and the consumers run an
 * event through a projection only when `handles` lists its type
 * (`projectionHandles`). That is what lets a projection declare `E` as the
 * narrow union of what it handles and `switch (event.type)` without casts.
 * (`apply` is declared as a method, so a projection of a narrow union fits
 * where any projection is expected; `handles` is the check that keeps it honest.)
 */
export interface Projection<E extends EventEnvelope = EventEnvelope> {
  /** Unique per schema; also the consumer's key of processed-event ids. */
  readonly name: string;
  /**
   * Bumped when what `apply` writes changes meaning (a new column filled from
   * old events, a fixed bug): the rows built by the old version must be
   * rebuilt from the events (see projection-versions.ts).
   */
  readonly version: number;
  readonly handles: readonly E['type'][] | typeof EveryEvent;
  /** Drops the projection's rows, for a rebuild. Absent: never rebuilt (the hash-chained audit trail). */
  reset?(tx: Queryable): Promise<void>;
  apply(tx: Queryable, event: E): Promise<void>;
  /**
   * Optional: several events, in order, in fewer statements than one `apply`
   * each (a consumer catching up after an outage applies whole batches).
   */
  applyBatch?(tx: Queryable, events: E[]): Promise<void>;
}

/** A projection updated in the same transaction as the append; always rebuildable from its store. */
export interface InlineProjection<E extends EventEnvelope = EventEnvelope> extends Projection<E> {
  reset(tx: Queryable): Promise<void>;
}

export function projectionHandles(projection: Projection, type: string): boolean {
  return projection.handles === EveryEvent || projection.handles.includes(type);
}
