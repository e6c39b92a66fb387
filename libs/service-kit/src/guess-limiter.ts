import { isIP } from 'node:net';
import type { Provider } from '@nestjs/common';
import { IamError } from '@iam/contracts';
import { SERVICE_CONFIG, TTL_STORE, type ServiceEnvironment } from '@iam/platform';
import type { TtlStore } from '@iam/ttl-store';

/** How many failed guesses are allowed, and for how long they are counted. */
export interface GuessRule {
  /** Failed guesses of one secret of one subject (a user's password, a user's or device's MFA codes). */
  perSubject: number;
  /** Failed guesses from one source address, whatever the subject or secret. */
  perSource: number;
  /** A count starts at its first failure and ends this long after it; it is never extended. */
  windowSeconds: number;
}

/** The rule the README states: 5 failures per user, 100 per source address, per 15 minutes. */
export const DefaultGuessRule: GuessRule = { perSubject: 5, perSource: 100, windowSeconds: 15 * 60 };

export interface Guess {
  /** What is guessed; a success resets the failures of this secret only. */
  secret: 'password' | 'mfa-code';
  /** Whose secret it is: `<account>/<user name>`, or an MFA device's serial number. */
  subject: string;
  /** The caller's address (aws:SourceIp); absent for calls made inside the process. */
  source?: string;
}

/** The subject of a user's password or MFA codes (user names are unique regardless of case). */
export const userGuessSubject = (accountId: string, userName: string) =>
  `${accountId}/${userName.toLowerCase()}`;

/**
 * Throttles guessing of passwords and MFA codes, in every service and every
 * replica, through the TTL store (Redis in distributed mode, memory in
 * standalone). Failures are counted per subject and per source address: an
 * attacker who spreads guesses over many addresses meets the subject's
 * limit, one who spreads them over many users meets the address's. Over
 * either limit a guess is refused with 429 Throttling before it is checked,
 * so a right guess teaches nothing then. A count ends a fixed window after
 * its first failure and refused guesses do not extend it, so nobody can keep
 * a user locked out for longer than a window without failing again.
 *
 * Each guess reserves its place in both counts before the check (so
 * concurrent guesses cannot all pass a limit read before any of them
 * failed) and gives it back unless it failed: only failures count. A success
 * clears the subject's count of that secret; the source's count is kept (a
 * success on one's own account must not wipe failures on others').
 */
export class GuessLimiter {
  constructor(
    private readonly store: TtlStore,
    private readonly options: { namespace?: string; rule?: GuessRule } = {},
  ) {}

  get rule(): GuessRule {
    return this.options.rule ?? DefaultGuessRule;
  }

  /**
   * Runs `check` unless a limit is reached (then Throttling) and returns its
   * answer; a falsy answer (false, undefined: a wrong guess) is a failure.
   */
  async check<T>(guess: Guess, check: () => T | Promise<T>): Promise<T> {
    const rule = this.rule;
    const subjectKey = this.key(`subject:${guess.secret}:${guess.subject}`);
    const sourceKey =
      guess.source === undefined ? undefined : this.key(`source:${sourceBlock(guess.source)}`);
    const reserve = async (key: string | undefined, limit: number) =>
      key === undefined ? true : (await this.store.increment(key, 1, rule.windowSeconds)) <= limit;
    const giveBack = (key: string | undefined) =>
      key === undefined ? undefined : this.store.increment(key, -1, rule.windowSeconds);

    const [subjectAllowed, sourceAllowed] = await Promise.all([
      reserve(subjectKey, rule.perSubject),
      reserve(sourceKey, rule.perSource),
    ]);
    if (!subjectAllowed || !sourceAllowed) {
      await Promise.all([giveBack(subjectKey), giveBack(sourceKey)]);
      throw throttled(subjectAllowed ? 'from this address' : 'for this user or device', rule);
    }
    let answer: T;
    try {
      answer = await check();
    } catch (error) {
      await Promise.all([giveBack(subjectKey), giveBack(sourceKey)]);
      throw error;
    }
    if (answer) await Promise.all([this.store.delete(subjectKey), giveBack(sourceKey)]);
    return answer;
  }

  private key(name: string): string {
    return `${this.options.namespace ?? ''}guesses:${name}`;
  }
}

/**
 * The limiter of a service module (identity, sts): every one counts in the
 * same TTL store, so the limits hold across services and replicas. Keys are
 * namespaced like the schemas (IAM_SCHEMA_PREFIX).
 */
export const GuessLimiterProvider: Provider = {
  provide: GuessLimiter,
  inject: [TTL_STORE, SERVICE_CONFIG],
  useFactory: (store: TtlStore, config: ServiceEnvironment) =>
    new GuessLimiter(store, { namespace: config.IAM_SCHEMA_PREFIX }),
};

function throttled(where: string, rule: GuessRule): IamError {
  return new IamError(
    'Throttling',
    `Rate exceeded: too many failed attempts ${where}. Try again later (failures are counted for ${
      rule.windowSeconds / 60
    } minutes from the first).`,
  );
}

/**
 * The block an address is counted in: an IPv4 address alone, an IPv6
 * address by its /64 (one subscriber's network: rotating addresses inside
 * it must not reset the count). IPv4-mapped IPv6 is IPv4.
 */
export function sourceBlock(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) !== 6) return address;
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // A trailing dotted IPv4 part stands for two groups.
  const rightGroups = right.reduce((n, group) => n + (group.includes('.') ? 2 : 1), 0);
  const groups = address.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - rightGroups)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
