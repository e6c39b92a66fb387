/**
 * The audit half of an account backup: the account's hash-chained trail
 * (records, their resources, signed digests) exactly as stored, so the
 * restored trail verifies against the same public keys (`iam-admin audit
 * verify`) and keeps the access records, which no event store holds.
 *
 * Rows travel as Postgres writes them (`to_jsonb`) and go back with
 * `jsonb_populate_recordset` on the restoring schema's own row type: every
 * column the hash and the lookup columns cover comes back unchanged.
 */
import { identifier, type Queryable } from '@iam/event-store';

/** The trail's tables in restore order, each keyed by account and ordered as its chain is. */
export const TRAIL_TABLES = [
  { table: 'trail', order: 'sequence' },
  { table: 'trail_resources', order: 'sequence, resource_arn' },
  { table: 'trail_digests', order: 'digest_sequence' },
] as const;

export type TrailTable = (typeof TRAIL_TABLES)[number]['table'];

/** A row of one of the trail's tables, as `to_jsonb` wrote it. */
export type TrailRow = Record<string, unknown> & { account_id: string };

/** Every row of the account's trail, table by table, in chain order. */
export async function exportTrail(
  db: Queryable,
  schema: string,
  accountId: string,
): Promise<{ table: TrailTable; row: TrailRow }[]> {
  const rows: { table: TrailTable; row: TrailRow }[] = [];
  for (const { table, order } of TRAIL_TABLES) {
    const { rows: found } = await db.query<{ row: TrailRow }>(
      `SELECT to_jsonb(t) AS row FROM ${identifier(schema)}.${table} t WHERE account_id = $1 ORDER BY ${order}`,
      [accountId],
    );
    for (const { row } of found) rows.push({ table, row });
  }
  return rows;
}

/** True when the restoring system already holds a trail for the account (a restore must not merge two chains). */
export async function hasTrail(db: Queryable, schema: string, accountId: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM ${identifier(schema)}.chain_heads WHERE account_id = $1
     UNION ALL SELECT 1 FROM ${identifier(schema)}.trail WHERE account_id = $1 LIMIT 1`,
    [accountId],
  );
  return rows.length > 0;
}

/**
 * Writes the exported rows into an empty trail and sets the account's chain
 * head to its last record, so new records chain on from it. Within the
 * caller's transaction.
 */
export async function importTrail(
  tx: Queryable,
  schema: string,
  accountId: string,
  rows: { table: TrailTable; row: TrailRow }[],
): Promise<void> {
  for (const { table } of TRAIL_TABLES) {
    const ofTable = rows.filter((entry) => entry.table === table).map((entry) => entry.row);
    if (ofTable.length === 0) continue;
    const target = `${identifier(schema)}.${table}`;
    await tx.query(
      `INSERT INTO ${target} SELECT * FROM jsonb_populate_recordset(NULL::${target}, $1::jsonb)`,
      [JSON.stringify(ofTable)],
    );
  }
  await tx.query(
    `INSERT INTO ${identifier(schema)}.chain_heads (account_id, sequence, hash)
     SELECT account_id, sequence, hash FROM ${identifier(schema)}.trail
      WHERE account_id = $1 ORDER BY sequence DESC LIMIT 1`,
    [accountId],
  );
}
