/** One background part's answer to "can you do your work now?". */
export interface ReadinessState {
  ready: boolean;
  /** Why not, or what it is doing; shown in `/health/ready`. */
  detail?: Record<string, unknown>;
}

/**
 * The background parts that readiness covers besides the connections the
 * health controller pings itself (outbox relays, consumers): a process whose
 * relay cannot reach the database is up, but not ready.
 */
export class Readiness {
  private readonly checks = new Map<string, () => ReadinessState>();

  /** `name` is unique per process (e.g. `relay:identity`). */
  add(name: string, check: () => ReadinessState): void {
    this.checks.set(name, check);
  }

  states(): [string, ReadinessState][] {
    return [...this.checks].map(([name, check]) => [name, check()]);
  }
}
