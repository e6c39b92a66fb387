import { Pool, types } from 'pg';
import { identifier, type Queryable, type SessionLock, type SqlDatabase } from './sql-database';

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

  async query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }> {
    const result = await this.pool.query(sql, params as unknown[]);
    return { rows: result.rows as Row[] };
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: Queryable = {
        query: async <Row>(sql: string, params?: unknown[]) => {
          const result = await client.query(sql, params as unknown[]);
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
      client.release();
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async tryLock(key: string): Promise<SessionLock | null> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [key],
      );
      if (!rows[0].locked) {
        client.release();
        return null;
      }
    } catch (error) {
      client.release(true);
      throw error;
    }
    let released = false;
    return {
      query: async <Row>(sql: string, params?: unknown[]) => {
        const result = await client.query(sql, params as unknown[]);
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
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
        await client.query('UNLISTEN *').catch(() => undefined);
        client.removeAllListeners('notification');
        client.release();
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
