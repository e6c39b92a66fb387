import type { AuthorizationRequest } from '../evaluation/authorization-request';
import { STAR, QMARK, type GlobToken } from '../matching/wildcard';
import { contextKeyRef, lookupContext, type ContextKeyRef } from './context-keys';

/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`,
 * `${*}` …) as documented in "IAM policy elements: Variables and tags".
 * A string is parsed once into template parts; at evaluation the variables
 * are replaced by request values. Substituted text is always literal, so a
 * user named `*` cannot widen a pattern.
 */

export interface VariablePart {
  readonly ref: ContextKeyRef;
  /** The text inside `'…'` after the comma, if any. */
  readonly defaultValue?: string;
  /** The source text, for explanations. */
  readonly source: string;
}

export type TemplatePart = GlobToken | VariablePart;

export interface ParsedTemplate {
  readonly parts: readonly TemplatePart[];
  readonly variables: readonly VariablePart[];
  /** Variable-like text that is not valid variable syntax (kept literally). */
  readonly malformed: readonly string[];
}

// `${key}` or `${key, 'default'}`; the default may contain '' for a quote.
const VARIABLE_BODY = /^\s*([^\s,'}][^,'}]*?)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/;

/** Special single-character variables that stand for the character itself. */
const ESCAPES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };

/**
 * Parses `text` into literal runs, wildcards (when `wildcards`) and variables
 * (when `variables`, i.e. Version 2012-10-17).
 */
export function parseTemplate(
  text: string,
  options: { variables: boolean; wildcards: boolean },
): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const variables: VariablePart[] = [];
  const malformed: string[] = [];
  let literal = '';
  const flush = () => {
    if (literal) parts.push(literal);
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (options.variables && c === '$' && text[i + 1] === '{') {
      const close = findClose(text, i + 2);
      if (close < 0) {
        malformed.push(text.slice(i));
        literal += c;
        continue;
      }
      const body = text.slice(i + 2, close);
      const escaped = ESCAPES[body];
      if (escaped !== undefined) {
        literal += escaped;
        i = close;
        continue;
      }
      const match = VARIABLE_BODY.exec(body);
      if (!match || !match[1].includes(':')) {
        malformed.push(text.slice(i, close + 1));
        literal += c;
        continue;
      }
      flush();
      const variable: VariablePart = {
        ref: contextKeyRef(match[1]),
        defaultValue: match[2] === undefined ? undefined : match[2].replace(/''/g, "'"),
        source: text.slice(i, close + 1),
      };
      parts.push(variable);
      variables.push(variable);
      i = close;
      continue;
    }
    if (options.wildcards && (c === '*' || c === '?')) {
      flush();
      if (c === '*' && parts[parts.length - 1] === STAR) continue;
      parts.push(c === '*' ? STAR : QMARK);
      continue;
    }
    literal += c;
  }
  flush();
  return { parts, variables, malformed };
}

/** Index of the `}` closing a variable whose body starts at `from`, honouring quoted defaults. */
function findClose(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (c === '}' && !quoted) return i;
  }
  return -1;
}

/**
 * The value a variable stands for in this request, or `undefined` when AWS
 * could not resolve it: the key is absent (and no default is given) or it is
 * multi-valued.
 */
export function resolveVariable(variable: VariablePart, request: AuthorizationRequest): string | undefined {
  const value = lookupContext(request, variable.ref);
  if (value === undefined || Array.isArray(value)) return variable.defaultValue;
  return String(value);
}

/**
 * Replaces variables by their values. Returns `undefined` when a variable
 * cannot be resolved, which makes the element that holds it not match.
 */
export function resolveTemplate(
  parts: readonly TemplatePart[],
  request: AuthorizationRequest,
): GlobToken[] | undefined {
  const out: GlobToken[] = [];
  for (const part of parts) {
    if (typeof part === 'object') {
      const value = resolveVariable(part, request);
      if (value === undefined) return undefined;
      if (value) out.push(value);
    } else {
      out.push(part);
    }
  }
  return out;
}

/** Joins literal-only parts back into a string (for exact comparisons). */
export function literalText(tokens: readonly GlobToken[]): string {
  let text = '';
  for (const t of tokens) text += t === STAR ? '*' : t === QMARK ? '?' : t;
  return text;
}
