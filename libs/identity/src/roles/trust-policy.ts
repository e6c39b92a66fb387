import { IamError } from '@iam/contracts';
import { findingText, validatePolicy, type PolicyDocument } from '@iam/policy-engine';
import { validatePolicyDocumentText } from '../shared/iam-names';

/** AWS's quota for a role trust policy (ACLSizePerRole), in characters without white space. */
export const TrustPolicySizeLimit = 2048;

/**
 * Checks a role trust policy as IAM does before it stores one: length and
 * characters of the parameter (ValidationError), then the grammar of a
 * resource-based policy, which needs a Principal (MalformedPolicyDocument
 * with IAM's words for the first problem, then the element and the reason),
 * then the quota
 * (LimitExceeded, as AWS answers `Cannot exceed quota for ACLSizePerRole`),
 * then what only a trust policy forbids.
 */
export function validateTrustPolicy(document: string, field = 'assumeRolePolicyDocument'): void {
  validatePolicyDocumentText(document, field);
  const result = validatePolicy(document, { type: 'resource', sizeLimit: TrustPolicySizeLimit, lint: false });
  if (!result.ok || !result.policy) {
    const first = result.errors[0];
    throw new IamError(
      first?.errorCode ?? 'MalformedPolicyDocument',
      first ? findingText(first) : 'Syntax errors in policy.',
    );
  }
  rejectWhatTrustPoliciesForbid(result.policy);
}

/**
 * A trust policy is attached to the role, so it names no Resource, and it
 * only governs how the role is assumed, so its actions are STS actions
 * (sts:AssumeRole, sts:AssumeRoleWithWebIdentity, sts:TagSession, …).
 */
function rejectWhatTrustPoliciesForbid(policy: PolicyDocument): void {
  for (const statement of policy.statements) {
    if (statement.resource) throw new IamError('MalformedPolicyDocument', 'Has prohibited field Resource');
    if (statement.notResource)
      throw new IamError('MalformedPolicyDocument', 'Has prohibited field NotResource');
    const actions = [...(statement.action ?? []), ...(statement.notAction ?? [])];
    if (actions.some((action) => !action.toLowerCase().startsWith('sts:'))) {
      throw new IamError(
        'MalformedPolicyDocument',
        'AssumeRole policy may only specify STS AssumeRole actions.',
      );
    }
  }
}
