import { MemoryTtlStore } from '@iam/ttl-store';
import { DefaultGuessRule, GuessLimiter, sourceBlock, type Guess } from './guess-limiter';

describe('GuessLimiter', () => {
  let clock: number;
  let limiter: GuessLimiter;
  let checks: number;
  beforeEach(() => {
    clock = 1_700_000_000_000;
    limiter = new GuessLimiter(new MemoryTtlStore(() => clock));
    checks = 0;
  });

  const wrong = () => {
    checks++;
    return false;
  };
  const right = () => {
    checks++;
    return true;
  };
  const alice = (source = '10.0.0.1'): Guess => ({
    secret: 'password',
    subject: '111122223333/alice',
    source,
  });
  const throttled = expect.objectContaining({ code: 'Throttling' });

  it('states the rule of the README: 5 per user, 100 per address, for 15 minutes', () => {
    expect(DefaultGuessRule).toEqual({ perSubject: 5, perSource: 100, windowSeconds: 900 });
  });

  it('counts failures only', async () => {
    for (let i = 0; i < 200; i++) expect(await limiter.check(alice(), right)).toBe(true);
  });

  it('refuses a subject after 5 failures, from whatever address, without checking the guess', async () => {
    for (let i = 0; i < 5; i++) expect(await limiter.check(alice(`10.0.0.${i}`), wrong)).toBe(false);
    await expect(limiter.check(alice('192.0.2.7'), right)).rejects.toEqual(throttled);
    expect(checks).toBe(5);
    // Other users and other secrets of the same user are not affected.
    expect(await limiter.check({ ...alice(), subject: '111122223333/bob' }, right)).toBe(true);
    expect(await limiter.check({ ...alice(), secret: 'mfa-code' }, right)).toBe(true);
  });

  it('refuses an address after 100 failures spread over users, for every user; other addresses go on', async () => {
    for (let i = 0; i < 100; i++) {
      expect(
        await limiter.check({ secret: 'password', subject: `a/user${i}`, source: '10.9.9.9' }, wrong),
      ).toBe(false);
    }
    await expect(
      limiter.check({ secret: 'mfa-code', subject: 'a/fresh', source: '10.9.9.9' }, right),
    ).rejects.toEqual(throttled);
    expect(await limiter.check({ secret: 'password', subject: 'a/fresh', source: '10.9.9.10' }, right)).toBe(
      true,
    );
  });

  it('lets no more than the limit through when guesses arrive together', async () => {
    const slowWrong = async () => {
      checks++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return false;
    };
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => limiter.check(alice(`10.1.0.${i}`), slowWrong)),
    );
    expect(checks).toBe(5);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(25);
  });

  it('ends a lockout one window after the first failure, however often the locked user is tried', async () => {
    for (let i = 0; i < 5; i++) await limiter.check(alice(), wrong);
    for (let minute = 0; minute < 15; minute++) {
      await expect(limiter.check(alice(), right)).rejects.toEqual(throttled);
      clock += 59_000;
    }
    clock += 16_000; // 15 minutes and 1 second after the first failure
    expect(await limiter.check(alice(), right)).toBe(true);
  });

  it("clears a subject's failures on success, but not the address's", async () => {
    for (let i = 0; i < 4; i++) await limiter.check(alice('10.2.0.1'), wrong);
    expect(await limiter.check(alice('10.2.0.1'), right)).toBe(true);
    for (let i = 0; i < 4; i++) expect(await limiter.check(alice('10.2.0.1'), wrong)).toBe(false);
    // 8 failures from the address so far: a success on one's own account does not wipe them.
    for (let i = 0; i < 92; i++) {
      await limiter.check({ secret: 'password', subject: `a/u${i}`, source: '10.2.0.1' }, wrong);
    }
    await expect(limiter.check({ ...alice('10.2.0.1'), subject: 'a/mine' }, right)).rejects.toEqual(
      throttled,
    );
  });

  it('does not count a check that failed for another reason (an error, not a wrong guess)', async () => {
    for (let i = 0; i < 10; i++) {
      await expect(
        limiter.check(alice(), () => {
          throw new Error('database gone');
        }),
      ).rejects.toThrow('database gone');
    }
    expect(await limiter.check(alice(), right)).toBe(true);
  });

  it('keeps namespaces apart (one per schema prefix)', async () => {
    const store = new MemoryTtlStore(() => clock);
    const one = new GuessLimiter(store, { namespace: 't1_' });
    const two = new GuessLimiter(store, { namespace: 't2_' });
    for (let i = 0; i < 5; i++) await one.check(alice(), wrong);
    await expect(one.check(alice(), right)).rejects.toEqual(throttled);
    expect(await two.check(alice(), right)).toBe(true);
  });

  it('counts an IPv6 address by its /64 and an IPv4-mapped one as IPv4', () => {
    expect(sourceBlock('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(sourceBlock('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(sourceBlock('2001:DB8:0001:0002::')).toBe('2001:db8:1:2::/64');
    expect(sourceBlock('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceBlock('::1')).toBe('0:0:0:0::/64');
    expect(sourceBlock('1::2:3:4:5:1.2.3.4')).toBe('1:0:2:3::/64');
    expect(sourceBlock('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(sourceBlock('192.0.2.1')).toBe('192.0.2.1');
  });

  it('refuses guesses from a rotating IPv6 /64 as from one address', async () => {
    for (let i = 0; i < 100; i++) {
      await limiter.check(
        { secret: 'password', subject: `a/u${i}`, source: `2001:db8:5:6::${i.toString(16)}` },
        wrong,
      );
    }
    await expect(
      limiter.check({ secret: 'password', subject: 'a/x', source: '2001:db8:5:6:ffff::1' }, right),
    ).rejects.toEqual(throttled);
  });
});
