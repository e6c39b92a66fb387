import { Inject, Injectable } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { PrincipalPoliciesQueries, type PermissionsBoundaryView } from './principal-policies.queries';
import { PrincipalPolicyStreams } from './principal-policy-streams';

/**
 * GetUserPermissionsBoundary, GetRolePermissionsBoundary: our own reads (no
 * such AWS actions; AWS reports the boundary in GetUser and GetRole, and
 * authorizes these as those).
 */
export abstract class GetPermissionsBoundary extends Query<PermissionsBoundaryView | null> {
  abstract readonly kind: 'user' | 'role';

  constructor(
    readonly requester: Requester,
    readonly principalName: string,
  ) {
    super();
  }
}

export class GetUserPermissionsBoundary extends GetPermissionsBoundary {
  readonly kind = 'user';
}
export class GetRolePermissionsBoundary extends GetPermissionsBoundary {
  readonly kind = 'role';
}

@Injectable()
abstract class GetPermissionsBoundaryHandler implements IQueryHandler<GetPermissionsBoundary> {
  constructor(
    private readonly store: EventStore,
    @Inject(PrincipalPoliciesQueries) private readonly queries: PrincipalPoliciesQueries,
    private readonly principalStreams: PrincipalPolicyStreams,
  ) {}

  async execute({
    requester,
    kind,
    principalName,
  }: GetPermissionsBoundary): Promise<PermissionsBoundaryView | null> {
    const db = this.store.database;
    return this.queries.boundary(
      db,
      await this.principalStreams.principal(db, requester, kind, principalName),
    );
  }
}

@QueryHandler(GetUserPermissionsBoundary)
export class GetUserPermissionsBoundaryHandler extends GetPermissionsBoundaryHandler {}
@QueryHandler(GetRolePermissionsBoundary)
export class GetRolePermissionsBoundaryHandler extends GetPermissionsBoundaryHandler {}
