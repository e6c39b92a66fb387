import { ConcurrencyError, type Queryable, type SqlDatabase } from '@iam/event-store';
import { commandTransaction } from './command-transaction';

/** A database whose transactions just run the work: the retry rule is what is under test. */
function database(): { database: SqlDatabase } {
  const tx = {} as Queryable;
  return {
    database: { transaction: (work: (tx: Queryable) => Promise<unknown>) => work(tx) } as SqlDatabase,
  };
}

const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

describe('commandTransaction', () => {
  it('runs the work again after a lost version race and returns what the winning attempt returned', async () => {
    let calls = 0;
    const result = await commandTransaction(
      database(),
      async () => {
        calls++;
        if (calls < 3) throw new ConcurrencyError('user-1', calls, calls + 1);
        return 'done';
      },
      fast,
    );
    expect([result, calls]).toEqual(['done', 3]);
  });

  it('gives the ConcurrencyError back once the attempts are spent', async () => {
    let calls = 0;
    const run = commandTransaction(
      database(),
      async () => {
        calls++;
        throw new ConcurrencyError('user-1', 1, 2);
      },
      fast,
    );
    await expect(run).rejects.toBeInstanceOf(ConcurrencyError);
    expect(calls).toBe(4);
  });

  it('never retries any other failure', async () => {
    let calls = 0;
    const run = commandTransaction(
      database(),
      async () => {
        calls++;
        throw new Error('NoSuchEntity');
      },
      fast,
    );
    await expect(run).rejects.toThrow('NoSuchEntity');
    expect(calls).toBe(1);
  });
});
