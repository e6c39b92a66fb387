import type { Queryable } from '@iam/event-store';

/** The columns every row of a table read through a ChangeFeed carries. */
export interface FeedRow {
  tx: string;
  seq: number | string;
}

/**
 * The rows of a projection table changed since the last read. Each write
 * stamps its row with the writing transaction (`tx`, default
 * `pg_current_xact_id()`) and the next sequence number (`seq`). Rows are read
 * in (tx, seq) order and only below the oldest transaction still running, so
 * a transaction that commits late (another replica's consumer, say) is never
 * skipped: its rows are read once it has finished. A long transaction
 * elsewhere in the cluster delays reads; it never loses one.
 */
export class ChangeFeed<Row extends FeedRow> {
  private tx = '0';
  private seq = 0;
  private readonly sql: string;

  /** `table` is a quoted, schema-qualified name from configuration. */
  constructor(
    private readonly db: Queryable,
    table: string,
  ) {
    this.sql = `SELECT * FROM ${table}
                 WHERE (tx, seq) > ($1::xid8, $2::bigint)
                   AND tx < pg_snapshot_xmin(pg_current_snapshot())
                 ORDER BY tx, seq`;
  }

  async next(): Promise<Row[]> {
    const { rows } = await this.db.query<Row>(this.sql, [this.tx, this.seq]);
    const last = rows[rows.length - 1];
    if (last) {
      this.tx = String(last.tx);
      this.seq = Number(last.seq);
    }
    return rows;
  }
}
