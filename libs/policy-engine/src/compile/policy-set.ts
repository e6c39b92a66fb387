import type { PolicyDocument, PolicyType } from '../grammar/policy-document';
import type { IdentityPolicyKind } from '../validation/policy-limits';
import { compilePolicy, type CompiledPolicy, type CompiledStatement } from './compile-policy';

/**
 * The policies that bear on one principal (identity policies, an optional
 * permissions boundary, optional session policies) and/or one resource
 * (resource-based policies), compiled once. A service keeps one set per
 * principal in memory and calls `evaluate(request, set)`.
 *
 * Statements are indexed by action service prefix; the statements relevant
 * to one action are then memoised per action string, so a decision only
 * looks at statements whose Action already matched.
 */

export interface PolicyInput {
  /** How explanations name the policy: a policy ARN, `user/alice/inline/Foo`, … */
  readonly id: string;
  /** Policy text (validated and compiled, cached by content) or a validated document. */
  readonly document: string | PolicyDocument;
  /** For identity policies given as text: which size quota applies. */
  readonly kind?: IdentityPolicyKind;
}

export interface PolicySetInput {
  readonly identity?: readonly PolicyInput[];
  readonly boundary?: PolicyInput;
  /** Session policies of a role or federated session; together they cap the session's permissions. */
  readonly session?: readonly PolicyInput[];
  readonly resource?: readonly PolicyInput[];
}

export interface PlanEntry {
  readonly statement: CompiledStatement;
  readonly policyId: string;
  readonly policyType: PolicyType;
  /** Position in the set (policy order, then statement order), so explanations list statements as written. */
  readonly order: number;
}

/** The statements whose Action matches one action, grouped by what they can decide. */
export interface ActionPlan {
  readonly denies: readonly PlanEntry[];
  readonly identityAllows: readonly PlanEntry[];
  readonly boundaryAllows: readonly PlanEntry[];
  readonly sessionAllows: readonly PlanEntry[];
  readonly resourceAllows: readonly PlanEntry[];
  /** All of the above in document order (what `explain` walks). */
  readonly inOrder: readonly PlanEntry[];
}

interface ServiceIndex {
  readonly byPrefix: ReadonlyMap<string, readonly PlanEntry[]>;
  /** Statements that can match any service (`*`, wildcard prefixes, NotAction). */
  readonly anyService: readonly PlanEntry[];
}

const PLAN_CACHE_LIMIT = 2048;

export class PolicySet {
  readonly hasBoundary: boolean;
  readonly hasSession: boolean;
  readonly hasResourcePolicies: boolean;
  readonly policies: readonly { readonly id: string; readonly policy: CompiledPolicy }[];
  private readonly index: ServiceIndex;
  private readonly plans = new Map<string, ActionPlan>();

  constructor(input: PolicySetInput) {
    const policies: { id: string; policy: CompiledPolicy }[] = [];
    const add = (type: PolicyType, p: PolicyInput) =>
      policies.push({ id: p.id, policy: compilePolicy(p.document, { type, kind: p.kind }) });
    for (const p of input.identity ?? []) add('identity', p);
    if (input.boundary) add('boundary', input.boundary);
    for (const p of input.session ?? []) add('session', p);
    for (const p of input.resource ?? []) add('resource', p);
    this.policies = policies;
    this.hasBoundary = input.boundary !== undefined;
    this.hasSession = (input.session?.length ?? 0) > 0;
    this.hasResourcePolicies = (input.resource?.length ?? 0) > 0;
    this.index = buildIndex(policies);
  }

  /** The statements relevant to `action`, memoised per action string. */
  plan(action: string): ActionPlan {
    let plan = this.plans.get(action);
    if (plan === undefined) {
      plan = buildPlan(this.index, action.toLowerCase());
      // Actions come from a finite catalogue; a reset on overflow bounds memory under junk input.
      if (this.plans.size >= PLAN_CACHE_LIMIT) this.plans.clear();
      this.plans.set(action, plan);
    }
    return plan;
  }
}

/** Compiles a policy set (see {@link PolicySet}). Throws InvalidPolicyError for invalid text. */
export function compilePolicySet(input: PolicySetInput): PolicySet {
  return new PolicySet(input);
}

function buildIndex(policies: readonly { id: string; policy: CompiledPolicy }[]): ServiceIndex {
  const byPrefix = new Map<string, PlanEntry[]>();
  const anyService: PlanEntry[] = [];
  let order = 0;
  for (const { id, policy } of policies) {
    for (const statement of policy.statements) {
      const entry: PlanEntry = { statement, policyId: id, policyType: policy.type, order: order++ };
      if (statement.servicePrefixes === null) {
        anyService.push(entry);
        continue;
      }
      for (const prefix of statement.servicePrefixes) {
        let list = byPrefix.get(prefix);
        if (!list) byPrefix.set(prefix, (list = []));
        list.push(entry);
      }
    }
  }
  return { byPrefix, anyService };
}

function buildPlan(index: ServiceIndex, lowerAction: string): ActionPlan {
  const colon = lowerAction.indexOf(':');
  const prefix = colon < 0 ? lowerAction : lowerAction.slice(0, colon);
  const denies: PlanEntry[] = [];
  const identityAllows: PlanEntry[] = [];
  const boundaryAllows: PlanEntry[] = [];
  const sessionAllows: PlanEntry[] = [];
  const resourceAllows: PlanEntry[] = [];
  const inOrder: PlanEntry[] = [];
  const candidates = [...(index.byPrefix.get(prefix) ?? []), ...index.anyService].sort(
    (a, b) => a.order - b.order,
  );
  for (const entry of candidates) {
    if (!entry.statement.matchesAction(lowerAction)) continue;
    inOrder.push(entry);
    if (entry.statement.deny) denies.push(entry);
    else if (entry.policyType === 'identity') identityAllows.push(entry);
    else if (entry.policyType === 'boundary') boundaryAllows.push(entry);
    else if (entry.policyType === 'session') sessionAllows.push(entry);
    else resourceAllows.push(entry);
  }
  return { denies, identityAllows, boundaryAllows, sessionAllows, resourceAllows, inOrder };
}
