import { Inject, Injectable } from '@nestjs/common';
import type { TagV1 } from '@iam/contracts';
import { PrincipalPolicyCounts, type Principal } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import {
  type Page,
  type PageRequest,
  callerMetadata,
  executeOnStream,
  reservingName,
} from '@iam/service-kit';
import { IdentityErrors } from '../shared/identity-errors';
import { IdentityRandom } from '../shared/identity-random';
import { StreamIds } from '../shared/iam-arns';
import type { RoleCommand } from './role.commands';
import { roleDecider } from './role.decider';
import { BoundaryPolicies, withBoundary } from '../shared/boundary-policies';
import { validatePermissionsBoundaryArn } from '../shared/iam-arns';
import { RolesQueries, type RoleView } from './roles.queries';
import { validateTrustPolicy } from './trust-policy';

/**
 * Use cases of IAM roles, each in one transaction, always within the
 * caller's account. Trust policies pass the policy engine before any command.
 */
@Injectable()
export class RolesService {
  constructor(
    private readonly store: EventStore,
    @Inject(RolesQueries) private readonly roles: RolesQueries,
    private readonly policyCounts: PrincipalPolicyCounts,
    private readonly boundaries: BoundaryPolicies,
  ) {}

  async create(
    caller: Principal,
    requestId: string,
    input: {
      roleName: string;
      assumeRolePolicyDocument: string;
      path?: string;
      description?: string;
      maxSessionDuration?: number;
      tags?: TagV1[];
      permissionsBoundary?: string;
    },
  ): Promise<RoleView> {
    validateTrustPolicy(input.assumeRolePolicyDocument);
    const roleId = IdentityRandom.uniqueId('role');
    return reservingName(
      () =>
        this.store.database.transaction(async (tx) => {
          const { permissionsBoundary } = input;
          if (permissionsBoundary !== undefined) {
            validatePermissionsBoundaryArn(permissionsBoundary, caller.accountId);
            await this.boundaries.requireExisting(tx, permissionsBoundary);
          }
          await executeOnStream(
            this.store,
            tx,
            roleDecider,
            StreamIds.role(roleId),
            {
              type: 'CreateRole',
              data: {
                accountId: caller.accountId,
                roleId,
                roleName: input.roleName,
                path: input.path,
                assumeRolePolicyDocument: input.assumeRolePolicyDocument,
                description: input.description,
                maxSessionDuration: input.maxSessionDuration,
                tags: input.tags,
                createDate: new Date().toISOString(),
                permissionsBoundary,
              },
            },
            callerMetadata(caller, requestId),
          );
          return withBoundary(
            await this.roles.get(tx, caller.accountId, input.roleName),
            permissionsBoundary,
          );
        }),
      'roles_account_name',
      () => IdentityErrors.roleAlreadyExists(input.roleName),
    );
  }

  get(caller: Principal, roleName: string): Promise<RoleView> {
    return this.roles.get(this.store.database, caller.accountId, roleName);
  }

  list(caller: Principal, request: PageRequest & { pathPrefix?: string }): Promise<Page<RoleView>> {
    return this.roles.list(this.store.database, caller.accountId, request);
  }

  async update(
    caller: Principal,
    requestId: string,
    roleName: string,
    input: { description?: string; maxSessionDuration?: number },
  ): Promise<RoleView> {
    return this.store.database.transaction(async (tx) => {
      await this.onRole(tx, caller, requestId, roleName, {
        type: 'UpdateRole',
        data: { roleName, ...input },
      });
      return this.roles.get(tx, caller.accountId, roleName);
    });
  }

  async updateTrustPolicy(
    caller: Principal,
    requestId: string,
    roleName: string,
    policyDocument: string,
  ): Promise<void> {
    validateTrustPolicy(policyDocument, 'policyDocument');
    await this.store.database.transaction((tx) =>
      this.onRole(tx, caller, requestId, roleName, {
        type: 'UpdateAssumeRolePolicy',
        data: { roleName, policyDocument },
      }),
    );
  }

  async delete(caller: Principal, requestId: string, roleName: string): Promise<void> {
    await this.store.database.transaction(async (tx) => {
      const role = await this.roles.get(tx, caller.accountId, roleName);
      const policies = await this.policyCounts.of(tx, 'role', role.roleId);
      await this.onRole(tx, caller, requestId, roleName, {
        type: 'DeleteRole',
        data: { roleName, ...policies },
      });
    });
  }

  async tag(caller: Principal, requestId: string, roleName: string, tags: TagV1[]): Promise<void> {
    await this.store.database.transaction((tx) =>
      this.onRole(tx, caller, requestId, roleName, { type: 'TagRole', data: { roleName, tags } }),
    );
  }

  async untag(caller: Principal, requestId: string, roleName: string, tagKeys: string[]): Promise<void> {
    await this.store.database.transaction((tx) =>
      this.onRole(tx, caller, requestId, roleName, { type: 'UntagRole', data: { roleName, tagKeys } }),
    );
  }

  /** Resolves a role name in the caller's account to its stream and runs a command on it. */
  private async onRole(
    tx: Queryable,
    caller: Principal,
    requestId: string,
    roleName: string,
    command: RoleCommand,
  ) {
    const role = await this.roles.get(tx, caller.accountId, roleName);
    return executeOnStream(
      this.store,
      tx,
      roleDecider,
      StreamIds.role(role.roleId),
      command,
      callerMetadata(caller, requestId),
    );
  }
}
