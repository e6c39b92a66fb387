import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventEnvelope } from '@iam/contracts';
import type { Queryable } from './sql-database';

/**
 * Told the ids of the events a unit of work (an API call) appended, once
 * the transaction that appended them committed: an access record links to
 * the events its call produced. The store knows nothing of HTTP: whoever
 * runs a call (the platform, per request) opens a sink around it.
 */
export interface AppendedEvents {
  add(eventIds: readonly string[]): void;
}

/** The ids a call's committed appends produced, in commit order. */
export class AppendedEventIds implements AppendedEvents {
  readonly ids: string[] = [];

  add(eventIds: readonly string[]): void {
    this.ids.push(...eventIds);
  }
}

const current = new AsyncLocalStorage<AppendedEvents>();

/** Runs `work` (and everything it awaits) with `sink` told of the events its committed transactions appended. */
export function collectAppendedEvents<T>(sink: AppendedEvents, work: () => T): T {
  return current.run(sink, work);
}

/** The sink of the call running now, if any: a batch writer passes it along with the work it defers. */
export function appendedEventsSink(): AppendedEvents | undefined {
  return current.getStore();
}

/** Runs `work` outside any call's sink (a batch that holds several calls' appends tells each itself). */
export function withoutAppendedEvents<T>(work: () => T): T {
  return current.exit(work);
}

/**
 * The appends of open transactions, each with the sink of the call that
 * made it: told to their sinks when the transaction commits (the database's
 * commit listener), dropped with it otherwise, so a rolled-back or retried
 * attempt's ids are never reported.
 */
export class UncommittedAppends {
  private readonly byTransaction = new WeakMap<Queryable, { sink: AppendedEvents; ids: string[] }[]>();

  noteAppended(tx: Queryable, events: readonly EventEnvelope[]): void {
    const sink = current.getStore();
    if (!sink || events.length === 0) return;
    const pending = this.byTransaction.get(tx) ?? [];
    pending.push({ sink, ids: events.map((event) => event.eventId) });
    this.byTransaction.set(tx, pending);
  }

  committed(tx: Queryable): void {
    const pending = this.byTransaction.get(tx);
    if (!pending) return;
    this.byTransaction.delete(tx);
    for (const { sink, ids } of pending) sink.add(ids);
  }
}
