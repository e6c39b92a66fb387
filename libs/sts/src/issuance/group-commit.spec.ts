import { GroupCommit } from './group-commit';

class Refused extends Error {}

/** A commit that records its batches and answers each item doubled, refusing the item 13 (its fault alone). */
function recorder(options: { maxBatch?: number; maxInFlight?: number; failAll?: () => boolean } = {}) {
  const batches: number[][] = [];
  let running = 0;
  let mostRunning = 0;
  const group = new GroupCommit<number, number>(
    async (items) => {
      batches.push(items);
      running++;
      mostRunning = Math.max(mostRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (options.failAll?.()) throw new Error('database unreachable');
      if (items.includes(13)) throw new Refused('13 is refused');
      return items.map((item) => item * 2);
    },
    {
      maxBatch: options.maxBatch ?? 100,
      maxInFlight: options.maxInFlight ?? 2,
      isolate: (error) => error instanceof Refused,
    },
  );
  return { group, batches, mostRunning: () => mostRunning };
}

describe('GroupCommit', () => {
  it('commits items submitted together in one batch, and answers each caller its own result', async () => {
    const { group, batches } = recorder();
    const results = await Promise.all([1, 2, 3, 4].map((n) => group.submit(n)));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('commits a lone item without waiting for company', async () => {
    const { group, batches } = recorder();
    const started = Date.now();
    expect(await group.submit(7)).toBe(14);
    expect(Date.now() - started).toBeLessThan(100);
    expect(batches).toEqual([[7]]);
  });

  it('keeps at most maxInFlight commits running and at most maxBatch items in each; latecomers join the next', async () => {
    const { group, batches, mostRunning } = recorder({ maxBatch: 3, maxInFlight: 2 });
    const first = Array.from({ length: 8 }, (_, i) => group.submit(i));
    await new Promise((resolve) => setImmediate(resolve));
    const late = Array.from({ length: 4 }, (_, i) => group.submit(100 + i));
    const results = await Promise.all([...first, ...late]);
    expect(results).toEqual([...Array.from({ length: 8 }, (_, i) => 2 * i), 200, 202, 204, 206]);
    expect(mostRunning()).toBe(2);
    expect(batches.every((batch) => batch.length <= 3)).toBe(true);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 100, 101, 102, 103]);
    expect(batches.length).toBeLessThan(12);
  });

  it('fails only the caller whose item was refused; the others of its batch are committed', async () => {
    const { group } = recorder();
    const outcomes = await Promise.allSettled([12, 13, 14].map((n) => group.submit(n)));
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: 24 });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: expect.any(Refused) });
    expect(outcomes[2]).toEqual({ status: 'fulfilled', value: 28 });
  });

  it("gives every caller of a batch the failure that is everyone's, without retrying them one by one", async () => {
    const { group, batches } = recorder({ failAll: () => true });
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => group.submit(n)));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toEqual(new Error('database unreachable'));
    expect(batches).toEqual([[1, 2, 3]]);
  });
});
