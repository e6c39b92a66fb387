/**
 * Runs a catch-up (`load`) one at a time. A refresh asked for while one
 * runs is run again after it, because the running one may have read before
 * the change that prompted the ask: the promise returned settles only once
 * a load started after the call has finished.
 */
export class Refresher {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly load: () => Promise<void>) {}

  refresh(): Promise<void> {
    if (!this.running) {
      this.running = this.load().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.refresh();
      });
    return this.queued;
  }

  /** Refreshes every `intervalMs` as a safety net under the event-driven refreshes. */
  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.timer = setInterval(() => {
      if (!this.running) this.refresh().catch(onError);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
