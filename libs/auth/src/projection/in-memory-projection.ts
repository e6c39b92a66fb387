import { Refresher } from './refresher';

/**
 * Projection tables held in memory: `load()` reads what changed (through
 * change feeds), run on demand and every `refreshMs` as a safety net.
 */
export abstract class InMemoryProjection {
  private readonly refresher = new Refresher(() => this.load());

  constructor(private readonly refreshMs: number) {}

  start(onError: (error: unknown) => void): void {
    this.refresher.start(this.refreshMs, onError);
  }

  stop(): void {
    this.refresher.stop();
  }

  /** Loads every change committed since the last load (one load at a time; see Refresher). */
  refresh(): Promise<void> {
    return this.refresher.refresh();
  }

  protected abstract load(): Promise<void>;
}
