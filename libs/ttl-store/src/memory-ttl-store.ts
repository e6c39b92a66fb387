import type { TtlEntry, TtlStore } from './ttl-store';

/** Standalone mode's stand-in for Redis: a map whose entries expire. */
export class MemoryTtlStore implements TtlStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
  }

  async setMany(entries: readonly TtlEntry[]): Promise<void> {
    for (const { key, value, ttlSeconds } of entries) await this.set(key, value, ttlSeconds);
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    if ((await this.get(key)) !== null) return false;
    await this.set(key, value, ttlSeconds);
    return true;
  }

  async get(key: string): Promise<string | null> {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  // No await before the write: a read-modify-write that no other call can interleave with.
  async increment(key: string, delta: number, ttlSeconds: number): Promise<number> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) {
      const count = Number(entry.value) + delta;
      entry.value = String(count);
      return count;
    }
    if (delta <= 0) return 0;
    this.entries.set(key, { value: String(delta), expiresAt: this.now() + ttlSeconds * 1000 });
    return delta;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
