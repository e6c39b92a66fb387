import { sqlText, type Queryable, type SessionLock, type Sql, type SqlDatabase } from './sql-database';

/**
 * A database with transactions and no SQL, for an in-memory event store
 * used by code that only reads and appends streams: a statement is a
 * mistake of the test that gave no real database, and says so.
 */
export class NoSqlDatabase implements SqlDatabase {
  readonly sharedByProcesses = false;
  private readonly commitListeners: ((tx: Queryable) => void)[] = [];

  async query<Row>(sql: Sql): Promise<{ rows: Row[] }> {
    throw new Error(`no SQL database here (an in-memory event store without one) for: ${sqlText(sql)}`);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    // A fresh object per transaction: the event store tells transactions apart by it.
    const tx: Queryable = { query: (sql: Sql) => this.query(sql) };
    const value = await work(tx);
    for (const listener of this.commitListeners) listener(tx);
    return value;
  }

  async commitStatement<Row>(sql: Sql): Promise<{ rows: Row[] }> {
    return this.query<Row>(sql);
  }

  async exec(sql: string): Promise<void> {
    await this.query(sql);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  async tryLock(): Promise<SessionLock | null> {
    return null;
  }

  onCommit(listener: (tx: Queryable) => void): void {
    this.commitListeners.push(listener);
  }
}
