import type { Queryable } from '@iam/event-store';

/** The columns every row of a table read through a ChangeFeed carries. */
export interface FeedRow {
  tx: string;
  seq: number | string;
}

/**
 * The rows of a projection table changed since the last read. Each write
 * stamps its row with the writing transaction (`tx`, `pg_current_xact_id()`)
 * and the next sequence number (`seq`); rows are read in (tx, seq) order.
 *
 * Sequence numbers are taken before commit, so a transaction can commit
 * after one with a higher number has been read (another replica's consumer,
 * say). The cursor therefore only moves past rows written below the oldest
 * transaction still running (`settled`: nothing can commit there any more);
 * rows above it are handed out as soon as they are visible, and read again
 * until settled, each version handed out once. A long transaction elsewhere
 * in the cluster makes reads re-read more, never miss or delay a change.
 */
export class ChangeFeed<Row extends FeedRow> {
  private tx = '0';
  private seq = 0;
  /** Versions (`tx:seq`) above the cursor already handed out. */
  private unsettled = new Set<string>();
  private readonly sql: string;

  /** `table` is a quoted, schema-qualified name from configuration. */
  constructor(
    private readonly db: Queryable,
    table: string,
  ) {
    this.sql = `SELECT *, tx < pg_snapshot_xmin(pg_current_snapshot()) AS settled
                  FROM ${table}
                 WHERE (tx, seq) > ($1::xid8, $2::bigint)
                 ORDER BY tx, seq`;
  }

  /** Rows (their current versions) not handed out before, in (tx, seq) order. */
  async next(): Promise<Row[]> {
    const { rows } = await this.db.query<Row & { settled: boolean }>(this.sql, [this.tx, this.seq]);
    const fresh: Row[] = [];
    const unsettled = new Set<string>();
    for (const row of rows) {
      const version = `${row.tx}:${row.seq}`;
      if (!this.unsettled.has(version)) fresh.push(row);
      if (row.settled) {
        // Settled rows sort first: every xid below the horizon is below every xid above it.
        this.tx = String(row.tx);
        this.seq = Number(row.seq);
      } else {
        unsettled.add(version);
      }
    }
    this.unsettled = unsettled;
    return fresh;
  }
}
