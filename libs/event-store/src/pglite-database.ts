import { PGlite, types } from '@electric-sql/pglite';
import { sqlText, type Queryable, type SessionLock, type Sql, type SqlDatabase } from './sql-database';

// Same row shapes as PgDatabase: int8 as number, xid8 and numeric as text.
const parsers = { [types.INT8]: (value: string) => Number(value) };

/**
 * Standalone mode's Postgres: the real Postgres engine compiled to WASM,
 * in-process, persisted in a folder. One connection: transactions run one at
 * a time, which is what a dev server needs.
 */
export class PgliteDatabase implements SqlDatabase {
  private readonly commitListeners: ((tx: Queryable) => void)[] = [];
  readonly sharedByProcesses = false;

  private constructor(private readonly db: PGlite) {}

  static async open(dataDir: string | undefined): Promise<PgliteDatabase> {
    const db = await PGlite.create(dataDir, { parsers });
    return new PgliteDatabase(db);
  }

  // In-process, one connection: nothing to save by preparing, the text is run.
  async query<Row>(sql: Sql, params?: unknown[]): Promise<{ rows: Row[] }> {
    const result = await this.db.query<Row>(sqlText(sql), params);
    return { rows: result.rows };
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    let tx: Queryable | undefined;
    const value = await this.db.transaction(async (inner) => {
      tx = {
        query: async <Row>(sql: Sql, params?: unknown[]) => {
          const result = await inner.query<Row>(sqlText(sql), params);
          return { rows: result.rows };
        },
      };
      return work(tx);
    });
    for (const listener of this.commitListeners) listener(tx as Queryable);
    return value;
  }

  async commitStatement<Row>(sql: Sql, params?: unknown[]): Promise<{ rows: Row[] }> {
    // In-process: no round trips to save; a transaction tells the listeners.
    return this.transaction((tx) => tx.query<Row>(sql, params));
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  // One process owns a PGlite database: it is always the leader.
  async tryLock(): Promise<SessionLock | null> {
    // Every commit is this process's own: onCommit already tells the relay.
    return {
      query: (sql, params) => this.query(sql, params),
      release: async () => undefined,
      listen: async () => undefined,
    };
  }

  onCommit(listener: (tx: Queryable) => void): void {
    this.commitListeners.push(listener);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
