import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrencyError, type EventStore, type Queryable } from '@iam/event-store';

/** How often a command that lost a race on its stream version runs again with the fresh state. */
export interface ConflictRetry {
  /** Attempts in all, the first one included. */
  attempts: number;
  /** Upper bound of the random pause before the second attempt; doubles each time, capped by maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Twenty concurrent writers of one stream all get through (as they do in
 * AWS); only a stream that stays contended past the last attempt answers
 * 409 ConcurrentModification.
 */
export const DEFAULT_CONFLICT_RETRY: ConflictRetry = { attempts: 12, baseDelayMs: 4, maxDelayMs: 100 };

/**
 * The one transaction a command runs in: `work` reads its streams, decides and
 * appends. When another writer appended to one of those streams first, the
 * whole transaction rolls back and `work` runs again from the start, so it
 * decides on the state that won (emmett's command handler does the same).
 * `work` must therefore have no effect outside the transaction.
 */
export async function commandTransaction<T>(
  store: Pick<EventStore, 'database'>,
  work: (tx: Queryable) => Promise<T>,
  retry: ConflictRetry = DEFAULT_CONFLICT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.database.transaction(work);
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= retry.attempts) throw error;
      // Full jitter: writers that collided spread out instead of colliding again.
      const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.random() * ceiling);
    }
  }
}
