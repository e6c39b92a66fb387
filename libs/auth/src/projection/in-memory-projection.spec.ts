import { InMemoryProjection } from './in-memory-projection';

class Fake extends InMemoryProjection {
  failing = false;
  loads = 0;

  protected async load(): Promise<void> {
    this.loads++;
    if (this.failing) throw new Error('database unreachable');
  }
}

describe('InMemoryProjection', () => {
  it('is infinitely stale before its first load, and as old as its last successful load after', async () => {
    const projection = new Fake(100);
    expect(projection.staleForMs()).toBe(Number.POSITIVE_INFINITY);
    const before = Date.now();
    await projection.refresh();
    const loadedAt = Date.now();
    expect(projection.staleForMs(loadedAt)).toBeLessThanOrEqual(loadedAt - before);

    projection.failing = true;
    await expect(projection.refresh()).rejects.toThrow('database unreachable');
    // A failed load does not make the data fresher.
    expect(projection.staleForMs(loadedAt + 20_000)).toBeGreaterThanOrEqual(20_000);
    expect(projection.loads).toBe(2);
  });

  it('loads nothing once stopped, on demand or on its timer, until started again', async () => {
    const projection = new Fake(10);
    projection.start(() => undefined);
    await projection.refresh();
    projection.stop();
    const loads = projection.loads;
    await projection.refresh();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(projection.loads).toBe(loads);
    projection.start(() => undefined);
    await projection.refresh();
    expect(projection.loads).toBeGreaterThan(loads);
    projection.stop();
  });
});
