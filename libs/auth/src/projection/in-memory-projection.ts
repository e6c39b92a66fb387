import { Refresher } from './refresher';

/**
 * Projection tables held in memory: `load()` reads what changed (through
 * change feeds), run on demand and every `refreshMs` as a safety net.
 */
export abstract class InMemoryProjection {
  private readonly refresher = new Refresher(async () => {
    const started = Date.now();
    await this.load();
    // What is held is at least as fresh as the database when the load began.
    this.loadedAt = started;
  });
  private loadedAt = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(private readonly refreshMs: number) {}

  start(onError: (error: unknown) => void): void {
    this.stopped = false;
    this.refresher.start(this.refreshMs, onError);
  }

  /** No more loads, timed or asked for (shutdown), until started again. */
  stop(): void {
    this.stopped = true;
    this.refresher.stop();
  }

  /** Loads every change committed since the last load (one load at a time; see Refresher). */
  refresh(): Promise<void> {
    return this.stopped ? Promise.resolve() : this.refresher.refresh();
  }

  /** How long ago the last successful load began (infinite before the first). */
  staleForMs(now = Date.now()): number {
    return now - this.loadedAt;
  }

  protected abstract load(): Promise<void>;
}
