import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { callerMetadata, commandTransaction, executeOnStream, reservingName } from '@iam/service-kit';
import { BoundaryPolicies, withBoundary } from '../shared/boundary-policies';
import { StreamIds } from '../shared/iam-arns';
import { IdentityErrors } from '../shared/identity-errors';
import { IdentityRandom } from '../shared/identity-random';
import { roleDecider } from './role.decider';
import { RolesQueries, type RoleView } from './roles.queries';
import { validateTrustPolicy } from './trust-policy';

export class CreateRole extends Command<RoleView> {
  constructor(
    readonly requester: Requester,
    readonly input: {
      roleName: string;
      assumeRolePolicyDocument: string;
      path?: string;
      description?: string;
      maxSessionDuration?: number;
      tags?: TagV1[];
      permissionsBoundary?: string;
    },
  ) {
    super();
  }
}

/**
 * A new role in the caller's account; its trust policy passes the policy
 * engine before any command, and its name is reserved in the same transaction.
 */
@CommandHandler(CreateRole)
export class CreateRoleHandler implements ICommandHandler<CreateRole> {
  constructor(
    private readonly store: EventStore,
    @Inject(RolesQueries) private readonly roles: RolesQueries,
    private readonly boundaries: BoundaryPolicies,
  ) {}

  execute({ requester, input }: CreateRole): Promise<RoleView> {
    const { accountId } = requester.caller;
    const { permissionsBoundary } = input;
    validateTrustPolicy(input.assumeRolePolicyDocument);
    const roleId = IdentityRandom.uniqueId('role');
    return reservingName(
      () =>
        commandTransaction(this.store, async (tx) => {
          await this.boundaries.requireSettable(tx, permissionsBoundary, accountId);
          await executeOnStream(
            this.store,
            tx,
            roleDecider,
            StreamIds.role(roleId),
            {
              type: 'CreateRole',
              data: {
                accountId,
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
            callerMetadata(requester),
          );
          return withBoundary(await this.roles.get(tx, accountId, input.roleName), permissionsBoundary);
        }),
      'roles_account_name',
      () => IdentityErrors.roleAlreadyExists(input.roleName),
    );
  }
}
