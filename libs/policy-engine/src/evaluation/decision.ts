import type { PolicyType } from '../grammar/policy-document';

/**
 * Decision values. `evaluate` returns one of a fixed set of frozen verdicts,
 * so the hot path allocates nothing for its answer.
 */

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/**
 * Which policy type settled the decision: the type holding the explicit
 * deny, the type whose missing allow caused the implicit deny (`identity`,
 * `boundary`, `session`, or `resource` for a cross-account request the
 * resource owner did not allow), or what granted the allow (`root` for the
 * account's root user).
 */
export type DecidingPolicy = PolicyType | 'root';

export interface Verdict {
  readonly decision: Decision;
  readonly allowed: boolean;
  readonly decidedBy: DecidingPolicy;
}

const DECIDERS: readonly DecidingPolicy[] = ['identity', 'resource', 'boundary', 'session', 'root'];

function table(decision: Decision): Readonly<Record<DecidingPolicy, Verdict>> {
  const out = {} as Record<DecidingPolicy, Verdict>;
  for (const by of DECIDERS)
    out[by] = Object.freeze({ decision, allowed: decision === 'Allow', decidedBy: by });
  return Object.freeze(out);
}

export const ALLOW = table('Allow');
export const EXPLICIT_DENY = table('ExplicitDeny');
export const IMPLICIT_DENY = table('ImplicitDeny');
