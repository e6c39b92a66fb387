import { Injectable } from '@nestjs/common';
import { KnownManagedPolicies } from '@iam/auth';
import { awsManagedPolicy } from '@iam/contracts';
import type { Queryable } from '@iam/event-store';
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

  /** NoSuchEntity, in AWS's words, unless the policy exists (AWS managed, or the account's own). */
  async requireExisting(tx: Queryable, policyArn: string): Promise<void> {
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
