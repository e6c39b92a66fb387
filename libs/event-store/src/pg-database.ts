import { Pool, types, type PoolClient, type QueryConfig } from 'pg';
import {
  identifier,
  sqlErrorCode,
  type Queryable,
  type SessionLock,
  type Sql,
  type SqlDatabase,
} from './sql-database';

// int8 as JS number: positions and counts stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

export class PgDatabase implements SqlDatabase {
  private readonly pool: Pool;
  private readonly commitListeners: ((tx: Queryable) => void)[] = [];
  readonly sharedByProcesses = true;

  constructor(connectionString: string, options: { max?: number; applicationName?: string } = {}) {
    this.pool = new Pool({
      connectionString,
      max: options.max ?? 10,
      application_name: options.applicationName,
    });
    // An idle client losing its connection must not crash the process; the
    // next query gets a fresh one.
    this.pool.on('error', () => undefined);
  }

  async query<Row>(sql: Sql, params?: unknown[]): Promise<{ rows: Row[] }> {
    const result = await this.onLiveConnection((client) => client.query(pgQuery(sql, params)));
    return { rows: result.rows as Row[] };
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.onLiveConnection(async (client) => {
      await client.query('BEGIN');
      return client;
    }, false);
    try {
      const tx: Queryable = {
        query: async <Row>(sql: Sql, params?: unknown[]) => {
          const result = await client.query(pgQuery(sql, params));
          return { rows: result.rows as Row[] };
        },
      };
      const value = await work(tx);
      await client.query('COMMIT');
      for (const listener of this.commitListeners) listener(tx);
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', ignoreConnectionError);
      // The pool drops a client whose connection broke instead of lending it again.
      client.release();
    }
  }

  async commitStatement<Row>(sql: Sql, params?: unknown[]): Promise<{ rows: Row[] }> {
    const result = await this.query<Row>(sql, params);
    // A fresh object, as a transaction's: listeners tell their own writes apart by it.
    const tx: Queryable = { query: (more, values) => this.query(more, values) };
    for (const listener of this.commitListeners) listener(tx);
    return result;
  }

  /**
   * Runs `first` (one statement that changes nothing yet) on a pooled
   * connection. After a server restart the pool may still hold connections
   * the server has ended, and learns it only on use: such a failure is
   * retried once on a fresh connection. The client stays checked out, with a
   * listener for its connection errors, unless `release` (default) is true.
   */
  private async onLiveConnection<T>(first: (client: PoolClient) => Promise<T>, release = true): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      // A checked-out client has no listener of the pool's: a connection
      // reset between two statements would be an unhandled 'error' (the
      // process ends). The next statement fails instead.
      client.on('error', ignoreConnectionError);
      try {
        const value = await first(client);
        if (release) {
          client.off('error', ignoreConnectionError);
          client.release();
        }
        return value;
      } catch (error) {
        client.off('error', ignoreConnectionError);
        const broken = isConnectionError(error);
        client.release(broken ? (error as Error) : undefined);
        if (!broken || attempt >= 2) throw error;
      }
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async tryLock(key: string): Promise<SessionLock | null> {
    const client = await this.pool.connect();
    // Held for as long as the lock: a reset of its connection (a server
    // restart, pg_terminate_backend) loses the lock, never the process.
    let lost: Error | undefined;
    client.on('error', (error) => {
      lost ??= error;
    });
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [key],
      );
      if (!rows[0].locked) {
        client.removeAllListeners('error');
        client.release();
        return null;
      }
    } catch (error) {
      client.removeAllListeners('error');
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    let released = false;
    return {
      query: async <Row>(sql: Sql, params?: unknown[]) => {
        if (lost) throw new Error(`the connection holding lock "${key}" was lost: ${lost.message}`);
        const result = await client.query(pgQuery(sql, params));
        return { rows: result.rows as Row[] };
      },
      listen: async (channel, handler) => {
        client.on('notification', (message) => {
          if (message.channel === channel) handler(message.payload ?? '');
        });
        await client.query(`LISTEN ${identifier(channel)}`);
      },
      release: async () => {
        if (released) return;
        released = true;
        if (!lost) {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
          await client.query('UNLISTEN *').catch(() => undefined);
        }
        client.removeAllListeners('notification');
        client.removeAllListeners('error');
        // A broken connection is closed, not handed back to the pool.
        client.release(lost ?? undefined);
      },
    };
  }

  onCommit(listener: (tx: Queryable) => void): void {
    this.commitListeners.push(listener);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** A connection error of a checked-out client surfaces in its next statement; the event itself needs no action. */
function ignoreConnectionError(): void {}

/**
 * Postgres ended the session (admin shutdown, crash, restart) or the
 * connection is gone: the database, not the request, failed.
 */
export function isConnectionError(error: unknown): boolean {
  const code = sqlErrorCode(error);
  if (code !== undefined && /^(57P0[123]|08)/.test(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|not queryable/.test(message);
}

/** `pg`'s query config: a prepared statement goes by its name (parsed once per connection). */
function pgQuery(sql: Sql, params?: unknown[]): QueryConfig {
  return typeof sql === 'string'
    ? { text: sql, values: params }
    : { name: sql.name, text: sql.text, values: params };
}
