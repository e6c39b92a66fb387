import { IamError } from '@iam/contracts';
import type { PrincipalKind } from './policy-names';

const kindName: Record<PrincipalKind, string> = { user: 'user', group: 'group', role: 'role' };

/**
 * The errors the policy service answers, with AWS's wording, for deciders
 * and handlers alike, so a caller gets one message whoever noticed.
 */
export const PolicyErrors = {
  noSuchPolicy: (policyArn?: string) =>
    new IamError(
      'NoSuchEntity',
      policyArn === undefined ? 'The policy cannot be found.' : `Policy ${policyArn} was not found.`,
    ),
  notAttachable: (policyArn: string) =>
    new IamError('NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`),
  noSuchPolicyVersion: (policyArn: string, versionId: string) =>
    new IamError(
      'NoSuchEntity',
      `Policy ${policyArn} version ${versionId} does not exist or is not attachable.`,
    ),
  noSuchPrincipal: (kind: PrincipalKind, name: string) =>
    new IamError('NoSuchEntity', `The ${kindName[kind]} with name ${name} cannot be found.`),
  noSuchInlinePolicy: (kind: PrincipalKind, policyName: string) =>
    new IamError('NoSuchEntity', `The ${kindName[kind]} policy with name ${policyName} cannot be found.`),
  policyAlreadyExists: (policyName: string) =>
    new IamError(
      'EntityAlreadyExists',
      `A policy called ${policyName} already exists. Duplicate names are not allowed.`,
    ),
  tooManyTags: () => new IamError('LimitExceeded', 'The number of tags has reached the maximum limit of 50.'),
  tooManyVersions: () =>
    new IamError(
      'LimitExceeded',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    ),
  tooManyAttachedPolicies: (kind: PrincipalKind, limit: number) =>
    new IamError(
      'LimitExceeded',
      `Cannot exceed quota for PoliciesPer${kind[0].toUpperCase()}${kind.slice(1)}: ${limit}`,
    ),
  inlinePoliciesTooLarge: (kind: PrincipalKind, name: string, limit: number) =>
    new IamError(
      'LimitExceeded',
      `Maximum policy size of ${limit} bytes exceeded for ${kindName[kind]} ${name}`,
    ),
  attachedPolicyDeleteConflict: () =>
    new IamError('DeleteConflict', 'Cannot delete a policy attached to entities.'),
  versionsDeleteConflict: () =>
    new IamError(
      'DeleteConflict',
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    ),
  defaultVersionDeleteConflict: () =>
    new IamError('DeleteConflict', 'Cannot delete the default version of a policy.'),
  awsManagedUnmodifiable: (policyArn: string, action: string) =>
    new IamError(
      'AccessDenied',
      `Cannot perform ${action} on ${policyArn}: AWS managed policies are read-only.`,
    ),
  boundaryNotSupported: (kind: PrincipalKind) =>
    new IamError('InvalidInput', `A permissions boundary cannot be set on a ${kindName[kind]}.`),
} as const;
