import type { PolicyDocument, PolicyStatement, PolicyType } from '../grammar/policy-document';
import type { AuthorizationRequest } from '../evaluation/authorization-request';
import { compileArnPattern, MATCH, UNRESOLVED, type ArnMatcher } from '../matching/arn-match';
import { compileGlob, type StringMatcher } from '../matching/wildcard';
import { validatePolicy, type ValidatePolicyOptions } from '../validation/validate-policy';
import type { Finding } from '../validation/finding';
import { compileCondition, type CompiledCondition } from './compile-condition';
import { compilePrincipal, type CompiledPrincipal } from './compile-principal';

/**
 * A validated document turned into matchers once: actions lower-cased and
 * globbed, resources as ARN matchers, principals as sets, conditions as
 * predicates. Compiled policies are immutable and cached by their text, so
 * the same document attached to many principals is compiled once.
 */

export interface CompiledStatement {
  readonly index: number;
  readonly sid?: string;
  readonly deny: boolean;
  /** Tests a lower-cased action against Action (or, inverted, NotAction). */
  readonly matchesAction: (lowerAction: string) => boolean;
  /** Lower-cased service prefixes the statement can match, or `null` for any service. */
  readonly servicePrefixes: readonly string[] | null;
  /** `null` when the statement has no Resource element (resource-based policies). */
  readonly resources: ResourceElement | null;
  readonly principal: CompiledPrincipal | null;
  readonly notPrincipal: CompiledPrincipal | null;
  readonly conditions: readonly CompiledCondition[];
  readonly source: PolicyStatement;
}

export interface ResourceElement {
  readonly negated: boolean;
  readonly matchers: readonly ArnMatcher[];
}

export interface CompiledPolicy {
  readonly type: PolicyType;
  readonly document: PolicyDocument;
  readonly statements: readonly CompiledStatement[];
}

/** Thrown by compile functions when given text that does not validate. */
export class InvalidPolicyError extends Error {
  constructor(readonly errors: readonly Finding[]) {
    super(
      `MalformedPolicyDocument: ${errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`,
    );
    this.name = 'InvalidPolicyError';
  }
}

const NO_CONDITIONS: readonly CompiledCondition[] = [];

export function compileDocument(document: PolicyDocument): CompiledPolicy {
  // Version 2008-10-17 (or none) predates policy variables: `${…}` is literal text there.
  const variables = document.version === '2012-10-17';
  return {
    type: document.type,
    document,
    statements: document.statements.map((s) => compileStatement(s, variables)),
  };
}

function compileStatement(statement: PolicyStatement, variables: boolean): CompiledStatement {
  const actionPatterns = (statement.action ?? statement.notAction ?? []).map((a) => a.toLowerCase());
  const globs: StringMatcher[] = actionPatterns.map(compileGlob);
  const negatedAction = statement.notAction !== undefined;
  const matchesAction = (action: string): boolean => {
    for (const glob of globs) if (glob(action)) return !negatedAction;
    return negatedAction;
  };
  const resourceList = statement.resource ?? statement.notResource;
  return {
    index: statement.index,
    sid: statement.sid,
    deny: statement.effect === 'Deny',
    matchesAction,
    servicePrefixes: negatedAction ? null : servicePrefixes(actionPatterns),
    resources: resourceList
      ? {
          negated: statement.notResource !== undefined,
          matchers: resourceList.map((r) => compileArnPattern(r, variables)),
        }
      : null,
    principal: statement.principal ? compilePrincipal(statement.principal) : null,
    notPrincipal: statement.notPrincipal ? compilePrincipal(statement.notPrincipal) : null,
    conditions:
      statement.condition.length === 0
        ? NO_CONDITIONS
        : statement.condition.map((c) => compileCondition(c, variables)),
    source: statement,
  };
}

function servicePrefixes(patterns: readonly string[]): string[] | null {
  const prefixes = new Set<string>();
  for (const pattern of patterns) {
    const colon = pattern.indexOf(':');
    const prefix = colon < 0 ? pattern : pattern.slice(0, colon);
    if (prefix.includes('*') || prefix.includes('?')) return null;
    prefixes.add(prefix);
  }
  return [...prefixes];
}

/** Whether the statement's Resource/NotResource element covers the request's resource. */
export function resourceMatches(element: ResourceElement | null, request: AuthorizationRequest): boolean {
  if (element === null) return true;
  let unresolved = false;
  const resource = request.resource;
  for (const matcher of element.matchers) {
    const outcome = matcher(resource, request);
    if (outcome === MATCH) return !element.negated;
    if (outcome === UNRESOLVED) unresolved = true;
  }
  // An unresolvable variable invalidates the element: it matches nothing, negated or not.
  return element.negated && !unresolved;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, CompiledPolicy>();
const documentCache = new WeakMap<PolicyDocument, CompiledPolicy>();

export type CompilePolicyOptions = Omit<ValidatePolicyOptions, 'lint' | 'requireCurrentVersion' | 'stored'>;

/**
 * Validates and compiles policy text, reusing an earlier compilation of the
 * same text and type. Throws {@link InvalidPolicyError} for invalid text; use
 * `validatePolicy` first to report problems without exceptions.
 */
export function compilePolicy(input: string | PolicyDocument, options: CompilePolicyOptions): CompiledPolicy {
  if (typeof input !== 'string') {
    let compiled = documentCache.get(input);
    if (!compiled) {
      compiled = compileDocument(input);
      documentCache.set(input, compiled);
    }
    return compiled;
  }
  const key = `${options.type}\u0000${options.kind ?? ''}\u0000${options.sizeLimit ?? ''}\u0000${input}`;
  const cached = cache.get(key);
  if (cached) return cached;
  // Write-time rules (the Version CreatePolicy demands, Allow with NotPrincipal) never stop a stored
  // document from working; the evaluator grants nothing through Allow with NotPrincipal.
  const result = validatePolicy(input, { ...options, lint: false, stored: true });
  if (!result.ok || !result.policy) throw new InvalidPolicyError(result.errors);
  const compiled = compileDocument(result.policy);
  // Policies change rarely; a full reset on overflow keeps the cache bounded without LRU bookkeeping.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** Empties the compilation cache (tests, or after bulk policy deletion). */
export function clearPolicyCache(): void {
  cache.clear();
}
