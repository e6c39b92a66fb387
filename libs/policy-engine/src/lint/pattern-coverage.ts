import { compileGlob } from '../matching/wildcard';

/**
 * Whether every string matched by glob `narrow` is also matched by glob
 * `wide`. Sound but incomplete: it may answer "no" for some covering pairs
 * (wide patterns with `?` against wildcard narrow ones), never "yes" wrongly.
 * Used by the linter to find redundant statements and actions.
 */
export function globCovers(wide: string, narrow: string, ignoreCase: boolean): boolean {
  const w = ignoreCase ? wide.toLowerCase() : wide;
  const n = ignoreCase ? narrow.toLowerCase() : narrow;
  if (w === n || w === '*') return true;
  const narrowHasWildcard = n.includes('*') || n.includes('?');
  if (!narrowHasWildcard) return compileGlob(w)(n);
  if (w.includes('?')) return false;
  // Wildcards of the narrow pattern become characters no literal can match,
  // so only a star of the wide pattern can absorb them.
  return compileGlob(w)(n.replace(/\*/g, '\u0001').replace(/\?/g, '\u0002'));
}

/** Every pattern of `narrow` is covered by some pattern of `wide`. */
export function listCovers(wide: readonly string[], narrow: readonly string[], ignoreCase: boolean): boolean {
  return narrow.every((n) => wide.some((w) => globCovers(w, n, ignoreCase)));
}
