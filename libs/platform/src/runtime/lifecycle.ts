/**
 * Shutdown in a fixed order, after the HTTP server has stopped taking
 * requests and finished the ones in flight: consumers leave their groups,
 * relays flush the outbox, then connections close.
 */
export type ShutdownPhase = 'consumers' | 'relays' | 'connections';

export class Lifecycle {
  private readonly stops: Record<ShutdownPhase, (() => Promise<void>)[]> = {
    consumers: [],
    relays: [],
    connections: [],
  };

  onShutdown(phase: ShutdownPhase, stop: () => Promise<void>): void {
    this.stops[phase].push(stop);
  }

  async shutdown(): Promise<void> {
    for (const phase of ['consumers', 'relays', 'connections'] as const) {
      const stops = this.stops[phase].splice(0);
      await Promise.allSettled(stops.map((stop) => stop()));
    }
  }
}
