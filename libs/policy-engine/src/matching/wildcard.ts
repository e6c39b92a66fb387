/**
 * Glob patterns as IAM uses them: `*` matches any run of characters (also
 * none), `?` exactly one. A pattern is compiled once into tokens; matching
 * runs over a slice of the text without allocating.
 */

export const STAR = 0;
export const QMARK = 1;

/** A literal run of characters, or one of the two wildcards. */
export type GlobToken = string | typeof STAR | typeof QMARK;

/** Splits a pattern into literal runs and wildcards. */
export function tokenizeGlob(pattern: string, wildcards = true): GlobToken[] {
  const tokens: GlobToken[] = [];
  let literal = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (wildcards && (c === '*' || c === '?')) {
      if (literal) tokens.push(literal);
      literal = '';
      // Consecutive stars are one star; collapsing keeps the matcher linear.
      if (c === '*' && tokens[tokens.length - 1] === STAR) continue;
      tokens.push(c === '*' ? STAR : QMARK);
    } else {
      literal += c;
    }
  }
  if (literal) tokens.push(literal);
  return tokens;
}

/**
 * Matches `tokens` against `text[start, end)`. Greedy with backtracking to
 * the last star only, which is enough for `*`/`?` globs and keeps the worst
 * case at O(pattern × text).
 */
export function matchGlobTokens(
  tokens: readonly GlobToken[],
  text: string,
  start = 0,
  end = text.length,
): boolean {
  const n = tokens.length;
  let ti = 0;
  let p = start;
  let starTi = -1;
  let starP = 0;
  for (;;) {
    if (ti < n) {
      const t = tokens[ti];
      if (t === STAR) {
        if (ti === n - 1) return true;
        starTi = ti++;
        starP = p;
        continue;
      }
      if (t === QMARK) {
        if (p < end) {
          ti++;
          p++;
          continue;
        }
      } else if (p + t.length <= end && text.startsWith(t, p)) {
        ti++;
        p += t.length;
        continue;
      }
    } else if (p === end) {
      return true;
    }
    if (starTi < 0) return false;
    starP++;
    if (starP > end) return false;
    p = starP;
    ti = starTi + 1;
  }
}

/** A precompiled matcher for one pattern over whole strings. */
export type StringMatcher = (text: string) => boolean;

const matchAny: StringMatcher = () => true;

/**
 * Compiles a glob into the cheapest matcher that fits its shape: exact,
 * anything, prefix, suffix, or the general token matcher.
 */
export function compileGlob(pattern: string): StringMatcher {
  return compileGlobTokens(tokenizeGlob(pattern));
}

/** Same as {@link compileGlob} for already tokenized patterns (literal runs may hold `*` from `${*}`). */
export function compileGlobTokens(input: readonly GlobToken[]): StringMatcher {
  const tokens = mergeLiterals(input);
  if (tokens.length === 1 && tokens[0] === STAR) return matchAny;
  if (tokens.length === 0) return (text) => text.length === 0;
  if (tokens.length === 1 && typeof tokens[0] === 'string') {
    const exact = tokens[0];
    return (text) => text === exact;
  }
  if (tokens.length === 2 && typeof tokens[0] === 'string' && tokens[1] === STAR) {
    const prefix = tokens[0];
    return (text) => text.startsWith(prefix);
  }
  if (tokens.length === 2 && tokens[0] === STAR && typeof tokens[1] === 'string') {
    const suffix = tokens[1];
    return (text) => text.endsWith(suffix);
  }
  return (text) => matchGlobTokens(tokens, text);
}

function mergeLiterals(tokens: readonly GlobToken[]): GlobToken[] {
  const out: GlobToken[] = [];
  for (const t of tokens) {
    const last = out.length - 1;
    if (typeof t === 'string' && last >= 0 && typeof out[last] === 'string')
      out[last] = (out[last] as string) + t;
    else out.push(t);
  }
  return out;
}

/** True when the pattern contains a wildcard character. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
