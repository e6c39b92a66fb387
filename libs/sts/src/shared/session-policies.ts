import { deflateRawSync } from 'node:zlib';
import { IamError, requireLength } from '@iam/contracts';
import { findingText, validatePolicy } from '@iam/policy-engine';

/**
 * AWS packs session policies and session tags into the session token in a
 * compressed form with a fixed budget, and answers `PackedPolicyTooLarge`
 * when they do not fit, and `packedPolicySize` (the percentage of the
 * budget used) otherwise. Here the packed form is the raw DEFLATE of the
 * inline policy (white space removed), the policy ARNs and the tags, and
 * the budget is this many bytes: what counts is that big session
 * policies plus many long tags are refused, as in AWS, and that the
 * percentage tells a caller how close it is.
 */
export const PACKED_POLICY_BUDGET_BYTES = 2048;

export interface SessionPolicyInput {
  policy?: string;
  policyArns: readonly string[];
  tags: Record<string, string>;
}

/**
 * Validates the inline session policy as AWS does: the parameter's length
 * (2,048 characters, ValidationError), then the grammar of a session
 * policy (MalformedPolicyDocument with IAM's words).
 */
export function validateSessionPolicy(policy: string, field = 'policy'): void {
  requireLength(field, policy, 1, 2048);
  const result = validatePolicy(policy, { type: 'session', lint: false });
  if (!result.ok) {
    const first = result.errors[0];
    // A session policy over its quota is AWS's PackedPolicyTooLarge, not IAM's LimitExceeded.
    if (first?.errorCode === 'LimitExceeded')
      throw new IamError('PackedPolicyTooLarge', 'Session policy is too large');
    throw new IamError(
      first?.errorCode === 'ValidationError' ? 'ValidationError' : 'MalformedPolicyDocument',
      first ? findingText(first) : 'Syntax errors in policy.',
    );
  }
}

/** The packed size in percent of the budget; PackedPolicyTooLarge over 100. */
export function packedPolicySize(input: SessionPolicyInput): number {
  const parts: unknown[] = [input.policyArns, input.tags];
  if (input.policy !== undefined) parts.push(JSON.stringify(JSON.parse(input.policy)));
  const packed = deflateRawSync(Buffer.from(JSON.stringify(parts), 'utf8')).length;
  const percent = Math.ceil((packed * 100) / PACKED_POLICY_BUDGET_BYTES);
  if (percent > 100)
    throw new IamError(
      'PackedPolicyTooLarge',
      `Packed size of the session policies and session tags consumes ${percent}% of the allotted space.`,
    );
  return percent;
}
