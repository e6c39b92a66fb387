export interface GroupCommitOptions {
  /** Most items one commit carries. */
  maxBatch: number;
  /** Commits running at once; items arriving meanwhile wait for the next one and join it. */
  maxInFlight: number;
  /**
   * Whether a failed commit may be one item's fault (a duplicate key, a value
   * the database refuses): the batch is then committed again one item at a
   * time, so only that item's caller gets the error. Other failures (the
   * database or the session store unreachable) are every item's, and each
   * caller gets them at once.
   */
  isolate: (error: unknown) => boolean;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: each caller submits one item and awaits its own result;
 * `commit` writes many items in one transaction. There is no timer: a
 * batch is whatever arrived in the same turn of the event loop, plus
 * whatever arrived while every commit slot was busy, so an idle server
 * commits a lone item at once and a loaded one commits fewer, fuller
 * transactions. A caller waits at most for the commits ahead of it.
 */
export class GroupCommit<Item, Result> {
  private queue: Waiting<Item, Result>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    /** Writes every item or none, answering one result per item in order; throws when it wrote none. */
    private readonly commit: (items: Item[]) => Promise<Result[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a commit slot (for tests and metrics). */
  get waiting(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // After this turn's I/O callbacks: the requests that arrived with this one join its batch.
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        this.inFlight++;
        void this.run(batch).finally(() => {
          this.inFlight--;
          this.schedule();
        });
      }
    });
  }

  private async run(batch: Waiting<Item, Result>[]): Promise<void> {
    try {
      const results = await this.commit(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, index) => waiting.resolve(results[index]));
    } catch (error) {
      if (batch.length > 1 && this.options.isolate(error)) {
        await Promise.all(batch.map((waiting) => this.run([waiting])));
        return;
      }
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
