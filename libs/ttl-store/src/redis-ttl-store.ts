import Redis from 'ioredis';
import { IamError } from '@iam/contracts';
import type { TtlEntry, TtlStore } from './ttl-store';

/** Longest a command waits for Redis before the request that needed it is answered 503. */
const COMMAND_TIMEOUT_MS = 1000;

// One step in Redis: the expiry is set when the counter is created, never moved.
const INCREMENT = `
local delta = tonumber(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('INCRBY', KEYS[1], delta)
end
if delta <= 0 then
  return 0
end
redis.call('SET', KEYS[1], delta, 'EX', ARGV[2])
return delta
`;

export class RedisTtlStore implements TtlStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = 'iam:',
  ) {
    this.redis = new Redis(url, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      commandTimeout: COMMAND_TIMEOUT_MS,
    });
    // Reconnects are ioredis's job; an 'error' without a listener would crash the process.
    this.redis.on('error', () => undefined);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.call(() => this.redis.set(this.prefix + key, value, 'EX', Math.max(1, Math.ceil(ttlSeconds))));
  }

  async setMany(entries: readonly TtlEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const results = await this.call(() => {
      const multi = this.redis.multi();
      for (const { key, value, ttlSeconds } of entries)
        multi.set(this.prefix + key, value, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
      return multi.exec();
    });
    // exec answers null when the transaction was discarded, and an error per command that failed.
    if (!results || results.some(([error]) => error))
      throw new IamError('ServiceUnavailable', 'The session store (Redis) cannot be reached; retry later.');
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    const result = await this.call(() =>
      this.redis.set(this.prefix + key, value, 'EX', Math.max(1, Math.ceil(ttlSeconds)), 'NX'),
    );
    return result === 'OK';
  }

  async get(key: string): Promise<string | null> {
    return this.call(() => this.redis.get(this.prefix + key));
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    return this.call(() => this.redis.mget(keys.map((key) => this.prefix + key)));
  }

  async increment(key: string, delta: number, ttlSeconds: number): Promise<number> {
    const ttl = Math.max(1, Math.ceil(ttlSeconds));
    return Number(
      await this.call(() => this.redis.eval(INCREMENT, 1, this.prefix + key, Math.trunc(delta), ttl)),
    );
  }

  async delete(key: string): Promise<void> {
    await this.call(() => this.redis.del(this.prefix + key));
  }

  async ping(): Promise<void> {
    await this.call(() => this.redis.ping());
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /**
   * Redis down, unreachable or too slow is the service's outage, not the
   * caller's fault and not an internal error: a named 503 the caller may
   * retry, whatever route needed the store.
   */
  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      // The driver's message (addresses, timeouts) is for operators: readiness and logs show it.
      void error;
      throw new IamError('ServiceUnavailable', 'The session store (Redis) cannot be reached; retry later.');
    }
  }
}
