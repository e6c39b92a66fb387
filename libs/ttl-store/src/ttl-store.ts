/**
 * Short-lived values with an expiry (temporary credentials, replay guards,
 * last-used stamps): Redis in distributed mode, memory in standalone mode.
 */
export interface TtlStore {
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Sets only if absent; true when this call set it (a once-only guard). */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  delete(key: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
