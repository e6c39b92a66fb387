import type { Finding } from '../validation/finding';
import { validatePolicy, type ValidatePolicyOptions } from '../validation/validate-policy';

/**
 * ValidatePolicy-style findings for policy text: validation ERRORs first,
 * then the linter's SECURITY_WARNING, WARNING and SUGGESTION findings.
 */
export function lintPolicy(input: string | object, options: Omit<ValidatePolicyOptions, 'lint'>): Finding[] {
  const result = validatePolicy(input, { ...options, lint: true });
  return [...result.errors, ...result.warnings];
}
