import { IamError, validationError } from '@iam/contracts';
import { countPolicySize, findingText, validatePolicy, type IdentityPolicyKind } from '@iam/policy-engine';
import type { PrincipalKind } from './policy-names';

/** Which quota and grammar a document is written under. */
export type DocumentUse = 'managed' | PrincipalKind;

const kinds: Record<DocumentUse, IdentityPolicyKind> = {
  managed: 'managed',
  user: 'inline-user',
  group: 'inline-group',
  role: 'inline-role',
};

/** Aggregate size of all inline policies of one principal (IAM quotas, characters without white space). */
export const InlineAggregateLimit: Record<PrincipalKind, number> = { user: 2048, group: 5120, role: 10240 };

/**
 * Validates an identity policy document with the engine, as IAM does on
 * every write: the first error becomes the answer in IAM's words
 * (MalformedPolicyDocument, then the element and the reason; LimitExceeded
 * for size), the others are counted. Managed policies need Version
 * 2012-10-17, as CreatePolicy and CreatePolicyVersion demand.
 */
export function validateIdentityDocument(
  document: unknown,
  use: DocumentUse,
  field = 'policyDocument',
): string {
  if (typeof document !== 'string') throw validationError(field, document, 'Member must be a string');
  if (document.length === 0 || document.length > 131072) {
    throw validationError(field, document.slice(0, 32), 'Member must have length between 1 and 131072');
  }
  const result = validatePolicy(document, { type: 'identity', kind: kinds[use], lint: false });
  if (!result.ok) {
    const [first] = result.errors;
    const more = result.errors.length > 1 ? ` (+${result.errors.length - 1} more)` : '';
    throw new IamError(first.errorCode ?? 'MalformedPolicyDocument', `${findingText(first)}${more}`);
  }
  return document;
}

/** A document's size as IAM counts it against quotas. */
export function documentSize(document: string): number {
  return countPolicySize(document);
}
