/**
 * One problem found in a policy. Validation produces ERRORs (what AWS answers
 * with MalformedPolicyDocument or LimitExceeded); the linter adds the other
 * severities in the spirit of IAM Access Analyzer's ValidatePolicy.
 */
export type FindingSeverity = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

/** The AWS error code an HTTP edge should answer with for an ERROR finding. */
export type PolicyErrorCode = 'MalformedPolicyDocument' | 'LimitExceeded' | 'ValidationError';

export interface Finding {
  readonly severity: FindingSeverity;
  /** Stable machine-readable code, e.g. `MISSING_ACTION`, `PASS_ROLE_WITH_STAR_IN_RESOURCE`. */
  readonly code: string;
  /** Element path such as `Statement[2].Condition.StringLike`; empty for the whole document. */
  readonly path: string;
  /** AWS's wording where AWS has one (`Syntax errors in policy.`), so clients see what IAM would answer. */
  readonly message: string;
  /** What exactly is wrong, when the message is AWS's terse one (`Unknown field Foo.`). */
  readonly detail?: string;
  /** Set on ERROR findings only. */
  readonly errorCode?: PolicyErrorCode;
}

/**
 * One line for an HTTP answer: IAM's message first, then the element and the
 * precise reason in parentheses — `Syntax errors in policy.
 * (Statement[0].Condition.StringEqualz: Invalid Condition type : StringEqualz)`.
 */
export function findingText(finding: Finding): string {
  const where = [finding.path, finding.detail].filter((part) => part).join(': ');
  return where ? `${finding.message} (${where})` : finding.message;
}
