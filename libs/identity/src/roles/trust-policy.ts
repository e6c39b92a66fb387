import { IamError } from '@iam/contracts';
import { validatePolicy } from '@iam/policy-engine';
import { validatePolicyDocumentText } from '../shared/iam-names';

/** AWS's quota for a role trust policy (ACLSizePerRole), in characters without white space. */
export const TrustPolicySizeLimit = 2048;

/**
 * Checks a role trust policy as IAM does before it stores one: length and
 * characters of the parameter (ValidationError), then the grammar of a
 * resource-based policy, which needs a Principal (MalformedPolicyDocument
 * with the engine's first message, naming the element), then the quota
 * (LimitExceeded, as AWS answers `Cannot exceed quota for ACLSizePerRole`).
 */
export function validateTrustPolicy(document: string, field = 'assumeRolePolicyDocument'): void {
  validatePolicyDocumentText(document, field);
  const result = validatePolicy(document, { type: 'resource', sizeLimit: TrustPolicySizeLimit, lint: false });
  if (result.ok) return;
  const first = result.errors[0];
  throw new IamError(first.errorCode ?? 'MalformedPolicyDocument', first.message);
}
