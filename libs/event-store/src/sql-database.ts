/**
 * The one port to Postgres that every service uses: the real server through
 * `pg` in distributed mode, PGlite (Postgres in-process) in standalone mode.
 * Both speak the same SQL with `$1` parameters.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

export interface SqlDatabase extends Queryable {
  /** Runs `work` in one transaction; commits if it resolves, rolls back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs one statement as a transaction of its own (autocommit): one round
   * trip where `transaction` needs three (BEGIN, the statement, COMMIT). The
   * commit listeners are told as after `transaction`.
   */
  commitStatement<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Tries to take a session-level advisory lock, held until released or the
   * connection dies (leader election among replicas). Null if another holds it.
   */
  tryLock(key: string): Promise<SessionLock | null>;
  /** False when only this process can write (PGlite): its own commits are all there is to wait for. */
  readonly sharedByProcesses: boolean;
  /**
   * Calls `listener` after every transaction this process commits (e.g. to
   * wake the outbox relay), with the `tx` that transaction's work was given.
   */
  onCommit(listener: (tx: Queryable) => void): void;
}

/** A held lock, with the connection that holds it (so its holder's queries never queue behind others). */
export interface SessionLock extends Queryable {
  release(): Promise<void>;
  /** LISTENs on `channel` on the held connection; `handler` gets each payload. */
  listen(channel: string, handler: (payload: string) => void): Promise<void>;
}

/** Postgres error code of a failed statement, whichever driver raised it. */
export function sqlErrorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

export const UNIQUE_VIOLATION = '23505';

/** Quotes a schema or table name that comes from configuration, never from a request. */
export function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid SQL identifier: ${name}`);
  return `"${name}"`;
}
