import type { PostgresEventStore } from './event-store';
import type { Projection } from './projection';
import { identifier, type Queryable, type SqlDatabase } from './sql-database';

/**
 * Each schema records, per projection, the version of the code that built
 * its rows (`projection_versions`). When a deploy changes a projection's
 * version, its rows must be rebuilt from the events, deliberately:
 *
 * - An inline projection (identity's and policy's own read models) is
 *   rebuilt at start, in one transaction with its version, from the
 *   service's own event store (`syncInlineProjections`). Its events are at
 *   hand and readers see the old rows or the new ones, never half; replicas
 *   starting together wait on one lock and the later ones find nothing to do.
 * - A consumer projection (fed from another service's topic) cannot be
 *   replayed from its own schema: the service refuses to start until an
 *   operator runs `npm run rebuild -- <service> <projection>`
 *   (`assertProjectionVersion`), which replays it from the publishers' event
 *   stores. A consumer seen for the first time is recorded as it is: a new
 *   consumer group reads its topics from the beginning.
 * - A projection without `reset` (the hash-chained audit trail) is never
 *   rebuilt: its rows are the record. A changed version is refused with
 *   the same error, and is a matter for a migration that keeps the chain.
 */
export async function recordProjectionVersion(
  tx: Queryable,
  schema: string,
  projection: Pick<Projection, 'name' | 'version'>,
): Promise<void> {
  await tx.query(
    `INSERT INTO ${identifier(schema)}.projection_versions (projection, version) VALUES ($1, $2)
     ON CONFLICT (projection) DO UPDATE SET version = EXCLUDED.version, updated_at = now()`,
    [projection.name, projection.version],
  );
}

export async function storedProjectionVersion(
  tx: Queryable,
  schema: string,
  name: string,
): Promise<number | undefined> {
  const { rows } = await tx.query<{ version: number }>(
    `SELECT version FROM ${identifier(schema)}.projection_versions WHERE projection = $1`,
    [name],
  );
  return rows[0] ? Number(rows[0].version) : undefined;
}

/** Serializes replicas checking or rebuilding the same projection. */
async function lockProjection(tx: Queryable, schema: string, name: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`projection:${schema}:${name}`]);
}

/**
 * Rebuilds every inline projection of the store whose recorded version is
 * not the code's (or that has none recorded yet), each in one transaction.
 * Returns the names rebuilt.
 */
export async function syncInlineProjections(store: PostgresEventStore): Promise<string[]> {
  const rebuilt: string[] = [];
  for (const projection of store.inlineProjections) {
    const done = await store.database.transaction(async (tx) => {
      await lockProjection(tx, store.schema, projection.name);
      if ((await storedProjectionVersion(tx, store.schema, projection.name)) === projection.version)
        return false;
      await store.rebuildWithin(tx, projection.name);
      return true;
    });
    if (done) rebuilt.push(projection.name);
  }
  return rebuilt;
}

export class ProjectionVersionMismatch extends Error {
  constructor(
    readonly schema: string,
    readonly projection: string,
    readonly stored: number,
    readonly current: number,
    rebuildable: boolean,
  ) {
    super(
      `projection ${projection} in schema ${schema} was built by version ${stored}, this code is version ${current}: ` +
        (rebuildable
          ? `rebuild it with \`npm run rebuild -- <service> ${projection}\` before starting this version`
          : 'it is never rebuilt (its rows are the record); a migration must carry it to the new version'),
    );
  }
}

/**
 * Refuses a consumer projection whose rows were built by another version
 * (ProjectionVersionMismatch); records the version of one seen for the first time.
 */
export async function assertProjectionVersion(
  db: SqlDatabase,
  schema: string,
  projection: Projection,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockProjection(tx, schema, projection.name);
    const stored = await storedProjectionVersion(tx, schema, projection.name);
    if (stored === undefined) return recordProjectionVersion(tx, schema, projection);
    if (stored !== projection.version) {
      throw new ProjectionVersionMismatch(
        schema,
        projection.name,
        stored,
        projection.version,
        projection.reset !== undefined,
      );
    }
  });
}
