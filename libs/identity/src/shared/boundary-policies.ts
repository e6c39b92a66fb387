import { Inject, Injectable } from '@nestjs/common';
import { awsManagedPolicy } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { IdentityErrors } from './identity-errors';

/**
 * Whether a managed policy exists, for a permissions boundary set at
 * creation. Read from the authorization projection the auth module keeps of
 * the policy service's events in identity's own schema (as
 * `PrincipalPolicyCounts` does): a policy created a moment ago in the policy
 * service is found once its event has arrived (within the consistency
 * window).
 */
@Injectable()
export class BoundaryPolicies {
  private readonly table: string;

  constructor(@Inject(IDENTITY_SCHEMA) schema: string) {
    this.table = `${identifier(schema)}.authz_policies`;
  }

  /** NoSuchEntity, in AWS's words, unless the policy exists (AWS managed, or the account's own). */
  async requireExisting(tx: Queryable, policyArn: string): Promise<void> {
    if (awsManagedPolicy(policyArn)) return;
    const { rows } = await tx.query(`SELECT 1 FROM ${this.table} WHERE policy_arn = $1 AND NOT deleted`, [
      policyArn,
    ]);
    if (rows.length === 0) throw IdentityErrors.policyNotAttachable(policyArn);
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
