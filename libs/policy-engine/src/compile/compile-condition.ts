import type { ConditionEntry } from '../grammar/policy-document';
import type { AuthorizationRequest, ContextScalar, ContextValue } from '../evaluation/authorization-request';
import { parseOperator, type OperatorSpec } from '../conditions/condition-operators';
import { toBool, toConditionString, toInstant, toNumber } from '../conditions/condition-values';
import { contextKeyRef, lookupContext, type ContextKeyRef } from '../conditions/context-keys';
import { IN_RANGE, ipRangeOutcome, OUT_OF_RANGE, parseCidr, type Cidr } from '../conditions/ip-address';
import { parseTemplate, resolveTemplate, type TemplatePart } from '../conditions/policy-variables';
import {
  compileArnPattern,
  resolveExact,
  MATCH,
  NO_MATCH,
  UNRESOLVED,
  type MatchOutcome,
} from '../matching/arn-match';
import { compileGlobTokens, matchGlobTokens, type GlobToken } from '../matching/wildcard';

/**
 * One `operator: { key: values }` pair compiled into a predicate. Semantics
 * follow "Condition operators" and "Conditions with multiple context keys or
 * values" in the IAM User Guide:
 *  - values of one key are ORed; a negated operator is their NOR;
 *  - a missing key makes a condition false, a negated one true, and an
 *    `…IfExists` one true; `Null` tests presence itself;
 *  - `ForAllValues:` is true for a missing or empty key, `ForAnyValue:` false;
 *  - an unresolvable policy variable makes its value unusable; when no value
 *    is usable the condition is false whatever the operator (AWS: the
 *    statement is invalid);
 *  - a context value of the wrong type (no number for Numeric*, no date, no
 *    IP address, no ARN) cannot be compared: the condition is false for the
 *    positive and the negated operator alike (see README).
 */

/** Tests one context value against all of a condition's policy values (positive sense). */
type ValueMatcher = (value: ContextScalar, request: AuthorizationRequest) => MatchOutcome;

export interface CompiledCondition {
  readonly operator: string;
  readonly spec: OperatorSpec;
  readonly key: ContextKeyRef;
  readonly values: readonly string[];
  readonly matchValue: ValueMatcher;
}

/** Receives the keys a condition looked up and did not find (explanations only). */
export interface ConditionTrace {
  missingKey(key: string): void;
}

export function compileCondition(entry: ConditionEntry, variables: boolean): CompiledCondition {
  const parsed = parseOperator(entry.operator);
  // Validation guarantees a known operator; a stale document still gets a deny-safe predicate.
  if (!parsed.ok) {
    return {
      operator: entry.operator,
      spec: {
        base: entry.operator,
        family: 'String',
        comparison: 'equals',
        negated: false,
        ifExists: false,
        set: 'none',
      },
      key: contextKeyRef(entry.key),
      values: entry.values,
      matchValue: () => UNRESOLVED,
    };
  }
  const spec = parsed.spec;
  return {
    operator: entry.operator,
    spec,
    key: contextKeyRef(entry.key),
    values: entry.values,
    matchValue: compileValueMatcher(spec, entry.values, variables),
  };
}

function compileValueMatcher(
  spec: OperatorSpec,
  values: readonly string[],
  variables: boolean,
): ValueMatcher {
  switch (spec.family) {
    case 'String':
      return compileStringMatcher(spec, values, variables);
    case 'Numeric':
      return compileOrderedMatcher(spec, values.map(Number), toNumber);
    case 'Date':
      return compileOrderedMatcher(spec, values.map(toInstant), toInstant);
    case 'Bool': {
      const expected = values.map((v) => v.toLowerCase() === 'true');
      return (value) => {
        const actual = toBool(value);
        if (actual === undefined) return NO_MATCH;
        return expected.includes(actual) ? MATCH : NO_MATCH;
      };
    }
    case 'Binary':
      return (value) => (typeof value === 'string' && values.includes(value) ? MATCH : NO_MATCH);
    case 'IpAddress': {
      const cidrs = values.map(parseCidr).filter((c): c is Cidr => c !== undefined);
      // A value that is no IP address cannot be compared: false for IpAddress and NotIpAddress alike.
      return (value) => {
        if (typeof value !== 'string') return UNRESOLVED;
        const outcome = ipRangeOutcome(value, cidrs);
        return outcome === IN_RANGE ? MATCH : outcome === OUT_OF_RANGE ? NO_MATCH : UNRESOLVED;
      };
    }
    case 'Arn': {
      const matchers = values.map((v) => compileArnPattern(v, variables));
      return (value, request) => {
        // A value that is no ARN cannot be compared: false for ArnLike and ArnNotLike alike.
        if (typeof value !== 'string' || !isArn(value)) return UNRESOLVED;
        let resolved = false;
        for (const m of matchers) {
          const r = m(value, request);
          if (r === MATCH) return MATCH;
          if (r === NO_MATCH) resolved = true;
        }
        return resolved ? NO_MATCH : UNRESOLVED;
      };
    }
    case 'Null':
      // Null never reaches value matching; see conditionHolds.
      return () => NO_MATCH;
  }
}

/** `arn:` and six colon-separated parts (the last may hold more colons). */
function isArn(text: string): boolean {
  if (!text.startsWith('arn:')) return false;
  let colons = 0;
  for (let i = 0; i < text.length && colons < 5; i++) if (text.charCodeAt(i) === 58) colons++;
  return colons >= 5;
}

function compileStringMatcher(
  spec: OperatorSpec,
  values: readonly string[],
  variables: boolean,
): ValueMatcher {
  const like = spec.comparison === 'like';
  const ignoreCase = spec.comparison === 'equalsIgnoreCase';
  const templates = values.map((v) => parseTemplate(v, { variables, wildcards: like }));
  const hasVariables = templates.some((t) => t.variables.length > 0);

  if (!hasVariables) {
    if (like) {
      const globs = templates.map((t) => compileGlobTokens(t.parts as GlobToken[]));
      return (value) => {
        const text = toConditionString(value);
        for (const glob of globs) if (glob(text)) return MATCH;
        return NO_MATCH;
      };
    }
    const literals = templates.map((t) => (t.parts as string[]).join(''));
    if (ignoreCase) {
      const lowered = literals.map((l) => l.toLowerCase());
      return (value) => (lowered.includes(toConditionString(value).toLowerCase()) ? MATCH : NO_MATCH);
    }
    if (literals.length === 1) {
      const only = literals[0];
      return (value) => (toConditionString(value) === only ? MATCH : NO_MATCH);
    }
    return (value) => (literals.includes(toConditionString(value)) ? MATCH : NO_MATCH);
  }

  const parts: readonly (readonly TemplatePart[])[] = templates.map((t) => t.parts);
  return (value, request) => {
    const text = toConditionString(value);
    let resolved = false;
    for (const p of parts) {
      if (like) {
        const tokens = resolveTemplate(p, request);
        if (tokens === undefined) continue;
        resolved = true;
        if (matchGlobTokens(tokens, text)) return MATCH;
      } else {
        const expected = resolveExact(p, request);
        if (expected === undefined) continue;
        resolved = true;
        if (ignoreCase ? expected.toLowerCase() === text.toLowerCase() : expected === text) return MATCH;
      }
    }
    return resolved ? NO_MATCH : UNRESOLVED;
  };
}

function compileOrderedMatcher(
  spec: OperatorSpec,
  expected: readonly number[],
  convert: (v: ContextScalar) => number,
): ValueMatcher {
  const comparison = spec.comparison;
  return (value) => {
    const actual = convert(value);
    // A value of the wrong type cannot be compared: the condition is false, negated or not.
    if (Number.isNaN(actual)) return UNRESOLVED;
    for (const e of expected) {
      switch (comparison) {
        case 'equals':
          if (actual === e) return MATCH;
          break;
        case 'lt':
          if (actual < e) return MATCH;
          break;
        case 'lte':
          if (actual <= e) return MATCH;
          break;
        case 'gt':
          if (actual > e) return MATCH;
          break;
        case 'gte':
          if (actual >= e) return MATCH;
          break;
      }
    }
    return NO_MATCH;
  };
}

/** Whether one context value satisfies the operator: 1 yes, 0 no, 2 cannot be decided (condition false). */
function satisfies(
  condition: CompiledCondition,
  value: ContextScalar,
  request: AuthorizationRequest,
): 0 | 1 | 2 {
  const outcome = condition.matchValue(value, request);
  if (outcome === UNRESOLVED) return 2;
  const matched = outcome === MATCH;
  return matched !== condition.spec.negated ? 1 : 0;
}

/** Evaluates a compiled condition against the request. */
export function conditionHolds(
  condition: CompiledCondition,
  request: AuthorizationRequest,
  trace: ConditionTrace | null,
): boolean {
  const spec = condition.spec;
  const value: ContextValue | undefined = lookupContext(request, condition.key);
  const absent = value === undefined || (Array.isArray(value) && value.length === 0);

  if (spec.family === 'Null') {
    // "true" asks for absence, "false" for presence; several values are ORed.
    for (const v of condition.values) if ((v.toLowerCase() === 'true') === absent) return true;
    return false;
  }
  if (absent) {
    if (trace !== null && value === undefined) trace.missingKey(condition.key.name);
    if (spec.set === 'ForAllValues') return true;
    if (spec.ifExists) return true;
    if (spec.set === 'ForAnyValue') return false;
    return spec.negated;
  }
  if (!Array.isArray(value)) return satisfies(condition, value as ContextScalar, request) === 1;

  const list = value as readonly ContextScalar[];
  // A negated operator without a set qualifier on a multi-valued key reads as
  // "no value matches", i.e. like ForAllValues (see README).
  if (spec.set === 'ForAllValues' || (spec.set === 'none' && spec.negated)) {
    for (const item of list) if (satisfies(condition, item, request) !== 1) return false;
    return true;
  }
  // ForAnyValue, and a positive operator without qualifier on a multi-valued key.
  for (const item of list) {
    const s = satisfies(condition, item, request);
    if (s === 1) return true;
    if (s === 2) return false;
  }
  return false;
}
