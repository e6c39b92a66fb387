import { Inject, Injectable } from '@nestjs/common';
import { IamError } from '@iam/contracts';
import {
  AUTHORIZER,
  AuthorizationCache,
  parseAuthorization,
  RequestAuthenticator,
  type Authorizer,
  type Principal,
  type PrincipalRecord,
  type SignedRequest,
} from '@iam/auth';
import {
  compilePolicySet,
  evaluate,
  explain,
  findingText,
  validatePolicy,
  type ContextValue,
  type Explanation,
  type PolicyDocument,
  type PolicyInput,
  type PolicySet,
  type PolicyType,
  type AuthorizationRequest,
  type RequestContext,
  type RequestPrincipal,
} from '@iam/policy-engine';
import {
  RESOURCE_POLICY_SIZE,
  type AuthorizeBatch,
  type AuthorizeItem,
  type ContextInput,
} from './decision-input';
import type { AuthorizeForwardedDto } from './decisions.dto';

export const AUTHORIZE_ACTION = 'iam:Authorize';

export interface MatchedStatementView {
  policyId: string;
  policyType: PolicyType;
  effect: 'Allow' | 'Deny';
  sid?: string;
  index: number;
}

export interface DecisionView {
  decision: Explanation['decision'];
  decidedBy: Explanation['decidedBy'];
  matchedStatements: MatchedStatementView[];
  missingContextKeys: string[];
  summary: string;
  /** Set when the principal could not be evaluated (unknown, or its boundary not known yet). */
  reason?: string;
}

/** A batch answer without explanation. */
export interface VerdictView {
  decision: Explanation['decision'];
  decidedBy: Explanation['decidedBy'];
  reason?: string;
}

/** One answer of a batch: a decision, or why this item was not decided. */
export type BatchAnswer = DecisionView | VerdictView | { error: { code: string; message: string } };

export interface ForwardedDecision extends Partial<DecisionView> {
  authenticated: boolean;
  principal?: { arn: string; accountId: string; userId: string; type: Principal['type'] };
  error?: { code: string; message: string };
}

/** A principal as the engine sees it, with its policy set; or why it cannot be evaluated. */
export type ResolvedPrincipal =
  | { principal: RequestPrincipal; set: PolicySet; record?: PrincipalRecord }
  | { unknown: string; principal: RequestPrincipal };

const PRINCIPAL_ARN = /^arn:aws:iam::(\d{12}):(root|user\/.+|role\/.+|group\/.+)$/;
/** No policies: the root user is still allowed in its own account, anyone else implicitly denied. */
const EMPTY = compilePolicySet({ identity: [] });
const RESOURCE_SET_CACHE = 1000;

export interface ParsedPrincipalArn {
  accountId: string;
  kind: 'root' | 'user' | 'role' | 'group';
}

export function parsePrincipalArn(arn: string, field: string): ParsedPrincipalArn {
  const match = PRINCIPAL_ARN.exec(arn);
  if (!match) {
    throw new IamError(
      'ValidationError',
      `1 validation error detected: Value '${arn.slice(0, 256)}' at '${field}' failed to satisfy constraint: Member must be an IAM user, role or root ARN (arn:aws:iam::<account>:user/<path/name>, …:role/<path/name>, …:root)`,
    );
  }
  const kind =
    match[2] === 'root' ? 'root' : (match[2].slice(0, match[2].indexOf('/')) as 'user' | 'role' | 'group');
  return { accountId: match[1], kind };
}

/**
 * The decision API: decisions for the platforms that call us, from the same
 * in-memory authorization projection every service authorizes its own
 * requests with (no query on the path), explained by the engine.
 */
@Injectable()
export class DecisionService {
  /** Compiled resource-based policies by text: a platform sends the same few again and again. */
  private readonly resourceSets = new Map<string, PolicySet>();

  constructor(
    private readonly cache: AuthorizationCache,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  /** One decision; the caller's permission (iam:Authorize on the principal) was checked by the guard. */
  authorize(caller: Principal, item: AuthorizeItem, at = '', now = nowContext()): DecisionView {
    const parsed = parseAskable(item.principalArn, at ? `${at}.principalArn` : 'principalArn');
    this.requireSameAccount(caller, item.principalArn, parsed.accountId);
    return this.decide(this.resolveByArn(item.principalArn, parsed), item, at, now);
  }

  /**
   * Up to 1,000 decisions, answered in order. The caller needs iam:Authorize
   * on each principal named (checked once per distinct ARN); an item whose
   * principal it may not ask about is answered with an AccessDenied error,
   * the others are decided. Each answer is the decision and the policy type
   * that settled it; `explain` adds matched statements, missing context keys
   * and the summary (several times the work per decision).
   */
  async authorizeBatch(
    caller: Principal,
    batch: AuthorizeBatch,
    callerContext: RequestContext,
  ): Promise<BatchAnswer[]> {
    const principals = new Map<string, ResolvedPrincipal | IamError>();
    const now = nowContext();
    const answers: BatchAnswer[] = [];
    for (let i = 0; i < batch.requests.length; i++) {
      const item = batch.requests[i];
      let principal = principals.get(item.principalArn);
      if (principal === undefined) {
        principal = await this.askedInBatch(caller, item.principalArn, i, callerContext);
        principals.set(item.principalArn, principal);
      }
      if (principal instanceof IamError) {
        answers.push({ error: { code: principal.code, message: principal.message } });
      } else {
        answers.push(
          batch.explain
            ? this.decide(principal, item, `requests[${i}]`, now)
            : this.verdict(principal, item, i, now),
        );
      }
    }
    return answers;
  }

  /** A batch's principal, or the AccessDenied that answers its items; a malformed ARN fails the batch. */
  private async askedInBatch(
    caller: Principal,
    arn: string,
    index: number,
    callerContext: RequestContext,
  ): Promise<ResolvedPrincipal | IamError> {
    const parsed = parseAskable(arn, `requests[${index}].principalArn`);
    try {
      this.requireSameAccount(caller, arn, parsed.accountId);
      await this.authorizer.authorize(caller, AUTHORIZE_ACTION, arn, callerContext);
    } catch (error) {
      if (error instanceof IamError && error.code === 'AccessDenied') return error;
      throw error;
    }
    return this.resolveByArn(arn, parsed);
  }

  /**
   * Authenticates a request a platform received (its SigV4 signature, with
   * the credential scope's service or the one the platform names) and
   * authorizes it. A failed authentication is an answer, not an error: the
   * platform's request failed, not this one.
   */
  async authorizeForwarded(
    caller: Principal,
    dto: AuthorizeForwardedDto,
    callerContext: RequestContext,
  ): Promise<ForwardedDecision> {
    const signed: SignedRequest = {
      method: dto.request.method,
      path: dto.request.path,
      query: dto.request.query ?? {},
      headers: dto.request.headers,
      bodySha256: dto.request.bodySha256,
    };
    let principal: Principal;
    try {
      const scope = parseAuthorization(headerValue(dto.request.headers, 'authorization'));
      // Only the caller's account's keys exist here: another account's key, valid signature or
      // not, is answered exactly as a key that does not exist (no oracle, no foreign ARN).
      principal = await this.authenticator.authenticate(signed, dto.service ?? scope.service, {
        onlyAccountId: caller.accountId,
      });
    } catch (error) {
      if (error instanceof IamError) {
        return { authenticated: false, error: { code: error.code, message: error.message } };
      }
      throw error;
    }
    await this.authorizer.authorize(caller, AUTHORIZE_ACTION, principal.arn, callerContext);
    const resolved = this.resolveAuthenticated(principal);
    const decision = this.decide(resolved, {
      principalArn: principal.arn,
      action: dto.action,
      resource: dto.resource,
      context: dto.context,
      resourcePolicy: dto.resourcePolicy,
      resourceAccountId: dto.resourceAccountId,
    });
    return {
      authenticated: true,
      principal: {
        arn: principal.arn,
        accountId: principal.accountId,
        userId: principal.userId,
        type: principal.type,
      },
      ...decision,
    };
  }

  /** The principal's policies by ARN (users, roles as a session of the role, root; groups for simulation). */
  resolveByArn(arn: string, parsed: ParsedPrincipalArn): ResolvedPrincipal {
    if (parsed.kind === 'root') {
      return { principal: { arn, accountId: parsed.accountId, type: 'Account' }, set: EMPTY };
    }
    const record = this.cache.principalByArn(arn);
    const fallback: RequestPrincipal = {
      arn,
      accountId: parsed.accountId,
      type: parsed.kind === 'role' ? 'AssumedRole' : 'User',
    };
    if (!record || record.kind !== parsed.kind) {
      return {
        unknown: `No ${parsed.kind} ${arn} is known here (it does not exist, or its creation has not reached this service yet).`,
        principal: fallback,
      };
    }
    return this.resolveRecord(record);
  }

  resolveRecord(record: PrincipalRecord): ResolvedPrincipal {
    const id = record.key.slice(record.key.indexOf(':') + 1);
    const tags: Record<string, string> = {};
    for (const tag of record.tags) tags[tag.key] = tag.value;
    if (record.kind === 'group') {
      const set = compilePolicySet({ identity: policiesOf(this.cache, record) });
      return { principal: { arn: record.arn, accountId: record.accountId, type: 'User' }, set, record };
    }
    const principal: RequestPrincipal =
      record.kind === 'user'
        ? {
            arn: record.arn,
            accountId: record.accountId,
            type: 'User',
            userId: id,
            username: record.name,
            tags,
          }
        : {
            arn: record.arn,
            accountId: record.accountId,
            type: 'AssumedRole',
            roleArn: record.arn,
            userId: id,
            tags,
          };
    const effective = this.cache.effective(record.kind, id);
    if (!effective) return { unknown: `No ${record.kind} ${record.arn} is known here.`, principal };
    if (effective.boundaryMissing) {
      return {
        unknown: `The permissions boundary ${record.boundary} of ${record.arn} is not known here yet; denied until it is.`,
        principal,
      };
    }
    return { principal, set: effective.set, record };
  }

  private resolveAuthenticated(principal: Principal): ResolvedPrincipal {
    if (principal.type === 'root') {
      return {
        principal: { arn: principal.arn, accountId: principal.accountId, type: 'Account' },
        set: EMPTY,
      };
    }
    const record = this.cache.principal(principal.type === 'user' ? 'user' : 'role', principal.userId);
    if (!record) {
      return {
        unknown: `No user ${principal.arn} is known here yet.`,
        principal: { arn: principal.arn, accountId: principal.accountId, type: 'User' },
      };
    }
    return this.resolveRecord(record);
  }

  decide(resolved: ResolvedPrincipal, item: AuthorizeItem, at = '', now = nowContext()): DecisionView {
    const field = () => (at ? `${at}.resourcePolicy` : 'resourcePolicy');
    const { request, resourceSet } = this.engineRequest(resolved, item, field, now);
    return failClosed(toView(explain(request, policySetOf(resolved), resourceSet)), resolved);
  }

  /** The decision alone (the engine's hot path, no explanation). */
  verdict(resolved: ResolvedPrincipal, item: AuthorizeItem, index: number, now: NowContext): VerdictView {
    const field = () => `requests[${index}].resourcePolicy`;
    const { request, resourceSet } = this.engineRequest(resolved, item, field, now);
    const verdict = evaluate(request, policySetOf(resolved), resourceSet);
    return failClosed({ decision: verdict.decision, decidedBy: verdict.decidedBy }, resolved);
  }

  /** What the engine is asked; `resourcePolicyField` names the field only if its policy is malformed. */
  private engineRequest(
    resolved: ResolvedPrincipal,
    item: AuthorizeItem,
    resourcePolicyField: () => string,
    now: NowContext,
  ): { request: AuthorizationRequest; resourceSet?: PolicySet } {
    return {
      request: {
        principal: resolved.principal,
        action: item.action,
        resource: item.resource,
        resourceAccountId: item.resourceAccountId,
        context: withDefaults(item.context, now),
      },
      resourceSet:
        item.resourcePolicy === undefined
          ? undefined
          : this.resourceSet(item.resourcePolicy, resourcePolicyField()),
    };
  }

  /** A resource-based policy, validated (MalformedPolicyDocument naming the element) and compiled once. */
  resourceSet(text: string, field: string): PolicySet {
    const cached = this.resourceSets.get(text);
    if (cached) return cached;
    const document = validated(text, 'resource', field, RESOURCE_POLICY_SIZE);
    const set = compilePolicySet({ resource: [{ id: 'resourcePolicy', document }] });
    if (this.resourceSets.size >= RESOURCE_SET_CACHE) {
      this.resourceSets.delete(this.resourceSets.keys().next().value as string);
    }
    this.resourceSets.set(text, set);
    return set;
  }

  requireSameAccount(caller: Principal, arn: string, accountId: string): void {
    if (accountId === caller.accountId) return;
    throw new IamError(
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: ${AUTHORIZE_ACTION} on resource: ${arn} because principals of another account cannot be asked about`,
    );
  }
}

/** Parses a principal ARN the decision API may be asked about: a user, a role or an account root. */
function parseAskable(arn: string, field: string): ParsedPrincipalArn {
  const parsed = parsePrincipalArn(arn, field);
  if (parsed.kind === 'group') {
    throw new IamError(
      'InvalidInput',
      `${field}: a group is not a principal; name a user, a role or the account root.`,
    );
  }
  return parsed;
}

function policySetOf(resolved: ResolvedPrincipal): PolicySet {
  return 'set' in resolved ? resolved.set : EMPTY;
}

/** Fail closed for a principal that cannot be evaluated: only a resource-based policy naming its ARN may still allow. */
function failClosed<V extends VerdictView>(view: V, resolved: ResolvedPrincipal): V {
  if (!('unknown' in resolved)) return view;
  if (view.decision === 'Allow' && view.decidedBy !== 'resource') {
    return { ...view, decision: 'ImplicitDeny', decidedBy: 'identity', reason: resolved.unknown };
  }
  return { ...view, reason: resolved.unknown };
}

/** A user's or group's own policies (inline and attached), as policy inputs. */
export function policiesOf(cache: AuthorizationCache, record: PrincipalRecord): PolicyInput[] {
  const inputs: PolicyInput[] = [];
  for (const [name, document] of Object.entries(record.inline))
    inputs.push({ id: `${record.arn}#${name}`, document });
  for (const arn of record.attached) {
    const document = cache.document(arn);
    if (document) inputs.push({ id: arn, document });
  }
  return inputs;
}

/** Validates a policy given in a request; the first error is the answer, naming the field and the element. */
export function validated(text: string, type: PolicyType, field: string, sizeLimit?: number): PolicyDocument {
  const result = validatePolicy(text, { type, sizeLimit, lint: false });
  if (result.ok && result.policy) return result.policy;
  const [first] = result.errors;
  const more = result.errors.length > 1 ? ` (+${result.errors.length - 1} more)` : '';
  throw new IamError(
    first?.errorCode ?? 'MalformedPolicyDocument',
    `${field}: ${first ? findingText(first) : 'Syntax errors in policy.'}${more}`,
  );
}

function toView(e: Explanation): DecisionView {
  return {
    decision: e.decision,
    decidedBy: e.decidedBy,
    matchedStatements: e.matchedStatements.map((m) => {
      const view: MatchedStatementView = {
        policyId: m.policyId,
        policyType: m.policyType,
        effect: m.effect,
        index: m.index,
      };
      if (m.sid !== undefined) view.sid = m.sid;
      return view;
    }),
    missingContextKeys: [...e.missingContextKeys],
    summary: e.summary,
  };
}

export type NowContext = Readonly<Record<'aws:CurrentTime' | 'aws:EpochTime', string | number>> &
  Record<string, ContextValue>;

export function nowContext(): NowContext {
  const now = Date.now();
  return { 'aws:CurrentTime': new Date(now).toISOString(), 'aws:EpochTime': Math.floor(now / 1000) };
}

/** The platform's context, with the time of the decision where it gave none. */
function withDefaults(context: ContextInput | undefined, now: NowContext): RequestContext {
  if (!context) return now;
  // Copied key by key and compared by length first: an object spread and a
  // toLowerCase per key cost more than the decision itself (~1 µs vs ~30 ns).
  const out: Record<string, ContextValue> = {};
  let time = false;
  let epoch = false;
  for (const key in context) {
    out[key] = context[key];
    if (key.length === 15 && key.toLowerCase() === 'aws:currenttime') time = true;
    else if (key.length === 13 && key.toLowerCase() === 'aws:epochtime') epoch = true;
  }
  if (!time) out['aws:CurrentTime'] = now['aws:CurrentTime'];
  if (!epoch) out['aws:EpochTime'] = now['aws:EpochTime'];
  return out;
}

function headerValue(headers: Record<string, string | string[]>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
