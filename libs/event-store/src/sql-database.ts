import { createHash } from 'node:crypto';

/**
 * A statement the server keeps parsed and planned on each connection
 * (a named prepared statement): for the few statements run on every
 * request (the append, the outbox, the relay), whose text is fixed once
 * the schema is known. Parsing and planning them anew cost Postgres more
 * than running them. Only statements whose result columns are named (no
 * `SELECT *`) belong here: a migration that adds a column would make a
 * prepared `SELECT *` fail on connections that prepared it before.
 */
export interface PreparedStatement {
  /** Derived from the text: the same text is the same statement on every connection, another text another. */
  readonly name: string;
  readonly text: string;
}

export function prepared(text: string): PreparedStatement {
  return { name: `iam_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`, text };
}

/** A statement's SQL: plain text, or prepared. */
export type Sql = string | PreparedStatement;

export function sqlText(sql: Sql): string {
  return typeof sql === 'string' ? sql : sql.text;
}

/**
 * The one port to Postgres that every service uses: the real server through
 * `pg` in distributed mode, PGlite (Postgres in-process) in standalone mode.
 * Both speak the same SQL with `$1` parameters.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: Sql, params?: unknown[]): Promise<{ rows: Row[] }>;
}

export interface SqlDatabase extends Queryable {
  /** Runs `work` in one transaction; commits if it resolves, rolls back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs one statement as a transaction of its own (autocommit): one round
   * trip where `transaction` needs three (BEGIN, the statement, COMMIT). The
   * commit listeners are told as after `transaction`.
   */
  commitStatement<Row = Record<string, unknown>>(sql: Sql, params?: unknown[]): Promise<{ rows: Row[] }>;
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
