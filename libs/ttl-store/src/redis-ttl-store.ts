import Redis from 'ioredis';
import type { TtlStore } from './ttl-store';

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

  constructor(url: string, private readonly prefix = 'iam:') {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    // Reconnects are ioredis's job; an 'error' without a listener would crash the process.
    this.redis.on('error', () => undefined);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.prefix + key, value, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    const result = await this.redis.set(this.prefix + key, value, 'EX', Math.max(1, Math.ceil(ttlSeconds)), 'NX');
    return result === 'OK';
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  async increment(key: string, delta: number, ttlSeconds: number): Promise<number> {
    const ttl = Math.max(1, Math.ceil(ttlSeconds));
    return Number(await this.redis.eval(INCREMENT, 1, this.prefix + key, Math.trunc(delta), ttl));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
