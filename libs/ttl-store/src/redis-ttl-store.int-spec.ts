import { randomUUID } from 'node:crypto';
import { testInfrastructure, type TestInfrastructure } from '@iam/testing';
import Redis from 'ioredis';
import { MemoryTtlStore } from './memory-ttl-store';
import { RedisTtlStore } from './redis-ttl-store';
import type { TtlStore } from './ttl-store';

/** The counter the guess limiter relies on, on real Redis and in memory alike. */
describe.each([
  ['RedisTtlStore (real Redis)', 'redis'],
  ['MemoryTtlStore', 'memory'],
] as const)('%s increment', (_name, kind) => {
  let infra: TestInfrastructure;
  let store: TtlStore;
  let redis: Redis | undefined;
  const prefix = `test:${randomUUID()}:`;

  beforeAll(async () => {
    infra = await testInfrastructure();
    if (kind === 'redis') {
      store = new RedisTtlStore(infra.redisUrl, prefix);
      redis = new Redis(infra.redisUrl);
    } else {
      store = new MemoryTtlStore();
    }
  });

  afterAll(async () => {
    await store.close();
    redis?.disconnect();
    await infra.stop();
  });

  it('counts atomically under concurrent increments', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => store.increment('c', 1, 60)));
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await store.get('c')).toBe('50');
  });

  it('gives back with a negative delta, and never creates a counter with one', async () => {
    expect(await store.increment('d', 1, 60)).toBe(1);
    expect(await store.increment('d', -1, 60)).toBe(0);
    expect(await store.increment('missing', -1, 60)).toBe(0);
    expect(await store.get('missing')).toBeNull();
  });

  it('sets the expiry when the counter is created and never moves it', async () => {
    await store.increment('w', 1, 1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await store.increment('w', 1, 100)).toBe(2);
    if (redis) expect(await redis.pttl(`${prefix}w`)).toBeLessThanOrEqual(1000);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await store.get('w')).toBeNull();
    expect(await store.increment('w', 1, 100)).toBe(1);
  });
});

/** What the session verifier relies on: a session and its revocation markers read together. */
describe.each([
  ['RedisTtlStore (real Redis)', 'redis'],
  ['MemoryTtlStore', 'memory'],
] as const)('%s getMany', (_name, kind) => {
  let infra: TestInfrastructure;
  let store: TtlStore;
  const prefix = `test:${randomUUID()}:`;

  beforeAll(async () => {
    infra = await testInfrastructure();
    store = kind === 'redis' ? new RedisTtlStore(infra.redisUrl, prefix) : new MemoryTtlStore();
  });

  afterAll(async () => {
    await store.close();
    await infra.stop();
  });

  it('answers each key in order, null for missing and expired ones', async () => {
    await store.set('a', 'one', 60);
    await store.set('c', 'three', 1);
    expect(await store.getMany(['a', 'b', 'c'])).toEqual(['one', null, 'three']);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await store.getMany(['c', 'a'])).toEqual([null, 'one']);
    expect(await store.getMany([])).toEqual([]);
  });
});

/** What batched issuance relies on: many values, each with its own expiry, stored in one call. */
describe.each([
  ['RedisTtlStore (real Redis)', 'redis'],
  ['MemoryTtlStore', 'memory'],
] as const)('%s setMany', (_name, kind) => {
  let infra: TestInfrastructure;
  let store: TtlStore;
  let redis: Redis | undefined;
  const prefix = `test:${randomUUID()}:`;

  beforeAll(async () => {
    infra = await testInfrastructure();
    store = kind === 'redis' ? new RedisTtlStore(infra.redisUrl, prefix) : new MemoryTtlStore();
    if (kind === 'redis') redis = new Redis(infra.redisUrl);
  });

  afterAll(async () => {
    await store.close();
    redis?.disconnect();
    await infra.stop();
  });

  it('stores every entry with its own expiry', async () => {
    await store.setMany([
      { key: 'long', value: 'L', ttlSeconds: 60 },
      { key: 'short', value: 'S', ttlSeconds: 1 },
    ]);
    expect(await store.getMany(['long', 'short'])).toEqual(['L', 'S']);
    if (redis) expect(await redis.ttl(`${prefix}long`)).toBeGreaterThan(50);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await store.getMany(['long', 'short'])).toEqual(['L', null]);
    await store.setMany([]);
  });

  // Only a Redis can be unreachable: the case exists for the Redis store alone (not skipped for memory).
  if (kind === 'redis')
    it('answers ServiceUnavailable, storing nothing, when Redis cannot be reached', async () => {
      const unreachable = new RedisTtlStore('redis://127.0.0.1:1', prefix);
      await expect(unreachable.setMany([{ key: 'never', value: 'x', ttlSeconds: 60 }])).rejects.toMatchObject(
        {
          code: 'ServiceUnavailable',
        },
      );
      await unreachable.close();
      expect(await store.get('never')).toBeNull();
    });
});
