import type { AuthorizationRequest } from '../evaluation/authorization-request';
import {
  parseTemplate,
  resolveTemplate,
  resolveVariable,
  type TemplatePart,
} from '../conditions/policy-variables';
import { compileGlobTokens, matchGlobTokens, STAR, type GlobToken } from './wildcard';

/**
 * ARN patterns for Resource/NotResource and the Arn* condition operators.
 * AWS checks the six colon-separated parts of an ARN separately, so a `*` in
 * the region part of a six-part pattern never swallows the account; the last
 * part (the resource id) may itself contain colons and slashes.
 *
 * A shorter pattern (`arn:aws:sqs:*`) follows the Resource element page:
 * "If the `*` wildcard is the last character of a resource ARN segment, it
 * can expand to match beyond the colon boundaries." Such a pattern is read as
 * if its missing parts were `*` (`arn:aws:sqs:*:*:*`). A shorter pattern whose
 * last part does not end with `*` can line up with no ARN and matches nothing.
 */

/** Outcome of matching one pattern: the variable case lets callers treat the element as invalid. */
export const NO_MATCH = 0;
export const MATCH = 1;
export const UNRESOLVED = 2;
export type MatchOutcome = typeof NO_MATCH | typeof MATCH | typeof UNRESOLVED;

export type ArnMatcher = (arn: string, request: AuthorizationRequest) => MatchOutcome;

const SEGMENTS = 6;

const matchEverything: ArnMatcher = () => MATCH;
const matchNothing: ArnMatcher = () => NO_MATCH;

/** Compiles one Resource (or ArnLike value) pattern. */
export function compileArnPattern(pattern: string, variables: boolean): ArnMatcher {
  if (pattern === '*') return matchEverything;
  const template = parseTemplate(pattern, { variables, wildcards: true });
  const segments = splitSegments(template.parts);
  if (segments.length < SEGMENTS && pattern.startsWith('arn:')) {
    if (!endsWithStar(segments[segments.length - 1])) return matchNothing;
    // The trailing `*` reaches over the colons: the missing parts are wildcards.
    while (segments.length < SEGMENTS) segments.push([STAR]);
  }
  const headHasWildcardOrVariable =
    segments.length === SEGMENTS &&
    segments.slice(0, SEGMENTS - 1).some((seg) => seg.some((p) => typeof p !== 'string'));

  if (segments.length < SEGMENTS || !headHasWildcardOrVariable) {
    // A literal head means whole-string matching equals segment-wise matching.
    if (template.variables.length === 0) {
      const glob = compileGlobTokens(template.parts as GlobToken[]);
      return (arn) => (glob(arn) ? MATCH : NO_MATCH);
    }
    const parts = template.parts;
    return (arn, request) => {
      const tokens = resolveTemplate(parts, request);
      if (tokens === undefined) return UNRESOLVED;
      return matchGlobTokens(tokens, arn) ? MATCH : NO_MATCH;
    };
  }

  const hasVariables = template.variables.length > 0;
  const staticSegments = segments as GlobToken[][];
  return (arn, request) => {
    let start = 0;
    for (let i = 0; i < SEGMENTS; i++) {
      const end = i === SEGMENTS - 1 ? arn.length : arn.indexOf(':', start);
      if (end < 0) return NO_MATCH;
      let tokens: readonly GlobToken[] | undefined = staticSegments[i];
      if (hasVariables) {
        tokens = resolveSegment(segments[i], request);
        if (tokens === undefined) return UNRESOLVED;
      }
      if (!matchGlobTokens(tokens, arn, start, end)) return NO_MATCH;
      start = end + 1;
    }
    return MATCH;
  };
}

function endsWithStar(segment: readonly TemplatePart[]): boolean {
  return segment.length > 0 && segment[segment.length - 1] === STAR;
}

function resolveSegment(
  parts: readonly TemplatePart[],
  request: AuthorizationRequest,
): GlobToken[] | undefined {
  for (const part of parts) {
    if (typeof part === 'object') return resolveTemplate(parts, request);
  }
  return parts as GlobToken[];
}

/** Splits template parts at the first five colons found in literal text. */
function splitSegments(parts: readonly TemplatePart[]): TemplatePart[][] {
  const segments: TemplatePart[][] = [[]];
  for (const part of parts) {
    if (typeof part !== 'string') {
      segments[segments.length - 1].push(part);
      continue;
    }
    let rest = part;
    for (;;) {
      const colon = segments.length < SEGMENTS ? rest.indexOf(':') : -1;
      if (colon < 0) {
        if (rest) segments[segments.length - 1].push(rest);
        break;
      }
      if (colon > 0) segments[segments.length - 1].push(rest.slice(0, colon));
      segments.push([]);
      rest = rest.slice(colon + 1);
    }
  }
  return segments;
}

/** Resolves a single variable-free or variable-bearing string for exact comparisons. */
export function resolveExact(
  parts: readonly TemplatePart[],
  request: AuthorizationRequest,
): string | undefined {
  let text = '';
  for (const part of parts) {
    if (typeof part === 'object') {
      const value = resolveVariable(part, request);
      if (value === undefined) return undefined;
      text += value;
    } else if (typeof part === 'string') {
      text += part;
    }
  }
  return text;
}

/** The account segment of an ARN (`arn:partition:service:region:account:…`), or `undefined`. */
export function arnAccount(arn: string): string | undefined {
  let start = 0;
  for (let i = 0; i < 4; i++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return undefined;
    start = colon + 1;
  }
  const end = arn.indexOf(':', start);
  if (end < 0 || !arn.startsWith('arn:')) return undefined;
  return end > start ? arn.slice(start, end) : undefined;
}
