import { existsSync } from 'node:fs';
import path from 'node:path';
import { PgDatabase, PgliteDatabase, type SqlDatabase } from '@iam/event-store';
import { DataDirectoryLock } from '@iam/platform';

/** Where a command writes and reads: the process's streams, or a test's. */
export interface AdminIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Everything on standard input (`accounts import < file`). */
  readStdin(): Promise<string>;
}

/** A mistake in the command line or its input: exit code 2, the message alone. */
export class UsageError extends Error {}

export interface AdminDatabase {
  db: SqlDatabase;
  /** Standalone data (PGlite), or a Postgres shared by distributed services. */
  kind: 'standalone' | 'postgres';
  close(): Promise<void>;
}

/**
 * The database the services use: `DATABASE_URL` (distributed services, or a
 * standalone process given one), else the standalone data directory
 * (`--data-dir`, IAM_DATA_DIR, `./.iam-data`). PGlite is one process's: the
 * directory's lock is taken as the server takes it, so a running standalone
 * server is never opened twice (stop it first).
 */
export async function openDatabase(env: NodeJS.ProcessEnv, dataDir?: string): Promise<AdminDatabase> {
  if (env.DATABASE_URL) {
    const db = new PgDatabase(env.DATABASE_URL, { applicationName: 'iam-admin' });
    return { db, kind: 'postgres', close: () => db.close() };
  }
  const dir = path.resolve(dataDir ?? env.IAM_DATA_DIR ?? './.iam-data');
  if (!existsSync(path.join(dir, 'pglite'))) {
    throw new UsageError(
      `no standalone data in ${dir}: give --data-dir (or IAM_DATA_DIR), or DATABASE_URL for a Postgres database`,
    );
  }
  let lock: DataDirectoryLock;
  try {
    lock = DataDirectoryLock.acquire(dir);
  } catch (error) {
    throw new UsageError(
      `${error instanceof Error ? error.message : String(error)} (stop the standalone server before running iam-admin on its data)`,
    );
  }
  try {
    const db = await PgliteDatabase.open(path.join(dir, 'pglite'));
    return {
      db,
      kind: 'standalone',
      close: async () => {
        await db.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Runs `work` on the database and closes it whatever happens. */
export async function withDatabase<T>(
  io: AdminIo,
  dataDir: string | undefined,
  work: (database: AdminDatabase) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(io.env, dataDir);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** A service's schema, with the IAM_SCHEMA_PREFIX the services were given. */
export function schemaOf(env: NodeJS.ProcessEnv, service: string): string {
  return `${env.IAM_SCHEMA_PREFIX ?? ''}${service}`;
}

/** The Kafka brokers (KAFKA_BROKERS), or a usage error saying what needs them. */
export function kafkaBrokers(env: NodeJS.ProcessEnv, what: string): string[] {
  if (!env.KAFKA_BROKERS) {
    throw new UsageError(
      `${what} needs KAFKA_BROKERS (distributed mode); a standalone process's in-process transport keeps no topics`,
    );
  }
  return env.KAFKA_BROKERS.split(',');
}
