import { identifier, type SqlDatabase } from '@iam/event-store';

type Listener = (head: number) => void;

/**
 * Tells subscribers when an account's trail has grown: one poll of the chain
 * heads (one row per account) per process every `intervalMs`, and only while
 * someone listens, whatever the number of subscribers; each subscriber then
 * reads its own filter from the position it has reached. Polling works the
 * same on Postgres and on standalone mode's PGlite, and across replicas of
 * the audit service (whichever consumed the rows).
 */
export class TrailFeed {
  private readonly heads: string;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly known = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly db: SqlDatabase,
    schema: string,
    private readonly intervalMs = 50,
  ) {
    this.heads = `${identifier(schema)}.chain_heads`;
  }

  /** Calls `listener` with the account's head position each time it moves; returns the unsubscribe. */
  subscribe(accountId: string, listener: Listener): () => void {
    let set = this.listeners.get(accountId);
    if (!set) this.listeners.set(accountId, (set = new Set()));
    set.add(listener);
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(accountId);
        this.known.delete(accountId);
      }
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.listeners.size === 0) return;
    this.polling = true;
    try {
      const { rows } = await this.db.query<{ account_id: string; sequence: string | number }>(
        `SELECT account_id, sequence FROM ${this.heads}
          WHERE account_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
        [JSON.stringify([...this.listeners.keys()])],
      );
      for (const row of rows) {
        const head = Number(row.sequence);
        if (this.known.get(row.account_id) === head) continue;
        this.known.set(row.account_id, head);
        for (const listener of this.listeners.get(row.account_id) ?? []) listener(head);
      }
    } catch {
      // The next poll retries; subscribers keep their position.
    } finally {
      this.polling = false;
    }
  }
}
