export interface TtlEntry {
  key: string;
  value: string;
  ttlSeconds: number;
}

/**
 * Short-lived values with an expiry (temporary credentials, replay guards,
 * last-used stamps, counters of failed guesses): Redis in distributed mode, memory in standalone mode.
 */
export interface TtlStore {
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /**
   * Several values, each with its own expiry, in one round trip and all or
   * none (Redis MULTI/EXEC): a batch of issued sessions is stored whole.
   */
  setMany(entries: readonly TtlEntry[]): Promise<void>;
  /** Sets only if absent; true when this call set it (a once-only guard). */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  /** Several values in one round trip (Redis MGET), in the order of `keys`; `null` for each missing one. */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  /**
   * Adds `delta` to a counter, atomically, and returns the new count. A new
   * counter (positive delta) lives `ttlSeconds` from its creation: later
   * changes never extend it, so a window started by the first count ends
   * on time. A negative delta on a missing counter changes nothing (0).
   */
  increment(key: string, delta: number, ttlSeconds: number): Promise<number>;
  delete(key: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
