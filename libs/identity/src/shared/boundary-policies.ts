import { Injectable } from '@nestjs/common';
import { KnownManagedPolicies } from '@iam/auth';
import { awsManagedPolicy } from '@iam/contracts';
import type { Queryable } from '@iam/event-store';
import { validatePermissionsBoundaryArn } from './iam-arns';
import { IdentityErrors } from './identity-errors';

/**
 * Whether a managed policy exists, for a permissions boundary set at
 * creation. Asked of auth's port, which knows the policy service's
 * policies from their events: a policy created a moment ago in the policy
 * service is found once its event has arrived (within the consistency
 * window).
 */
@Injectable()
export class BoundaryPolicies {
  constructor(private readonly policies: KnownManagedPolicies) {}

  /**
   * The boundary a create sets, when it sets one: a well-formed policy ARN
   * of the account or AWS's (ValidationError, as the decider would say, but
   * before the lookup), that exists (NoSuchEntity in AWS's words).
   */
  async requireSettable(tx: Queryable, policyArn: string | undefined, accountId: string): Promise<void> {
    if (policyArn === undefined) return;
    validatePermissionsBoundaryArn(policyArn, accountId);
    if (awsManagedPolicy(policyArn)) return;
    if (!(await this.policies.exists(tx, policyArn))) throw IdentityErrors.policyNotAttachable(policyArn);
  }
}

/** AWS's AttachedPermissionsBoundary, as CreateUser and CreateRole answer it. */
export interface AttachedPermissionsBoundary {
  permissionsBoundaryType: 'PermissionsBoundaryPolicy';
  permissionsBoundaryArn: string;
}

/** The created entity's view, with the boundary set in the same call (identity's tables do not hold it). */
export function withBoundary<T extends object>(
  view: T,
  permissionsBoundary: string | undefined,
): T & { permissionsBoundary?: AttachedPermissionsBoundary } {
  if (permissionsBoundary === undefined) return view;
  return {
    ...view,
    permissionsBoundary: {
      permissionsBoundaryType: 'PermissionsBoundaryPolicy',
      permissionsBoundaryArn: permissionsBoundary,
    },
  };
}
