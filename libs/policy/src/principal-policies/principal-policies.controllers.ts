import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, type Type } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Action, IamConditionKeys as Keys, RequestedBy, type Requester } from '@iam/auth';
import { PageQueryDto, type PageRequest } from '@iam/service-kit';
import type { PrincipalKind } from '../shared/policy-names';
import { PolicyResources } from '../shared/policy-resources';
import {
  AttachGroupPolicy,
  AttachRolePolicy,
  AttachUserPolicy,
  type AttachPrincipalPolicy,
} from './attach-principal-policy';
import {
  DeleteRolePermissionsBoundary,
  DeleteUserPermissionsBoundary,
  type DeletePermissionsBoundary,
} from './delete-permissions-boundary';
import {
  DeleteGroupPolicy,
  DeleteRolePolicy,
  DeleteUserPolicy,
  type DeletePrincipalPolicy,
} from './delete-principal-policy';
import {
  DetachGroupPolicy,
  DetachRolePolicy,
  DetachUserPolicy,
  type DetachPrincipalPolicy,
} from './detach-principal-policy';
import {
  GetRolePermissionsBoundary,
  GetUserPermissionsBoundary,
  type GetPermissionsBoundary,
} from './get-permissions-boundary';
import {
  GetGroupPolicy,
  GetRolePolicy,
  GetUserPolicy,
  type GetPrincipalPolicy,
} from './get-principal-policy';
import {
  ListAttachedGroupPolicies,
  ListAttachedRolePolicies,
  ListAttachedUserPolicies,
  type ListAttachedPrincipalPolicies,
} from './list-attached-principal-policies';
import {
  ListGroupPolicies,
  ListRolePolicies,
  ListUserPolicies,
  type ListPrincipalPolicies,
} from './list-principal-policies';
import {
  PutRolePermissionsBoundary,
  PutUserPermissionsBoundary,
  type PutPermissionsBoundary,
} from './put-permissions-boundary';
import {
  PutGroupPolicy,
  PutRolePolicy,
  PutUserPolicy,
  type PutPrincipalPolicy,
} from './put-principal-policy';
import {
  attachedPoliciesSchema,
  inlinePolicyNamesSchema,
  inlinePolicySchema,
  permissionsBoundarySchema,
} from './principal-policy.api-schema';
import { ListAttachedQueryDto, PutInlinePolicyDto, PutPermissionsBoundaryDto } from './principal-policy.dto';

/** The AWS actions of one principal kind's policies: the command or query class of each route. */
interface PolicyActions {
  noun: string;
  plural: string;
  attach: new (requester: Requester, name: string, policyArn: string) => AttachPrincipalPolicy;
  detach: new (requester: Requester, name: string, policyArn: string) => DetachPrincipalPolicy;
  listAttached: new (
    requester: Requester,
    name: string,
    request: PageRequest & { pathPrefix?: string },
  ) => ListAttachedPrincipalPolicies;
  put: new (requester: Requester, name: string, policyName: string, document: string) => PutPrincipalPolicy;
  get: new (requester: Requester, name: string, policyName: string) => GetPrincipalPolicy;
  list: new (requester: Requester, name: string, request: PageRequest) => ListPrincipalPolicies;
  delete: new (requester: Requester, name: string, policyName: string) => DeletePrincipalPolicy;
}

const Kinds: Record<PrincipalKind, PolicyActions> = {
  user: {
    noun: 'User',
    plural: 'users',
    attach: AttachUserPolicy,
    detach: DetachUserPolicy,
    listAttached: ListAttachedUserPolicies,
    put: PutUserPolicy,
    get: GetUserPolicy,
    list: ListUserPolicies,
    delete: DeleteUserPolicy,
  },
  group: {
    noun: 'Group',
    plural: 'groups',
    attach: AttachGroupPolicy,
    detach: DetachGroupPolicy,
    listAttached: ListAttachedGroupPolicies,
    put: PutGroupPolicy,
    get: GetGroupPolicy,
    list: ListGroupPolicies,
    delete: DeleteGroupPolicy,
  },
  role: {
    noun: 'Role',
    plural: 'roles',
    attach: AttachRolePolicy,
    detach: DetachRolePolicy,
    listAttached: ListAttachedRolePolicies,
    put: PutRolePolicy,
    get: GetRolePolicy,
    list: ListRolePolicies,
    delete: DeleteRolePolicy,
  },
};

/** The permissions boundary actions of users and roles (groups have none, as in AWS). */
interface BoundaryActions {
  put: new (requester: Requester, name: string, policyArn: string) => PutPermissionsBoundary;
  get: new (requester: Requester, name: string) => GetPermissionsBoundary;
  delete: new (requester: Requester, name: string) => DeletePermissionsBoundary;
}

const Boundaries: Record<'user' | 'role', BoundaryActions> = {
  user: {
    put: PutUserPermissionsBoundary,
    get: GetUserPermissionsBoundary,
    delete: DeleteUserPermissionsBoundary,
  },
  role: {
    put: PutRolePermissionsBoundary,
    get: GetRolePermissionsBoundary,
    delete: DeleteRolePermissionsBoundary,
  },
};

/**
 * The routes of one principal kind's policies, with AWS's action names
 * (AttachUserPolicy, PutGroupPolicy, ListRolePolicies, …). The resource is
 * the principal, as AWS authorizes these actions. Each route dispatches the
 * kind's command or query (Kinds).
 */
function policiesControllerFor(kind: PrincipalKind): Type {
  const actions = Kinds[kind];
  const { noun, plural } = actions;
  const nameParam = `${kind}Name`;
  const resource = PolicyResources.principal(kind);
  // AWS's condition keys of these actions: groups have no boundary.
  const boundary = kind === 'group' ? undefined : Keys.currentBoundary;
  const attachment = kind === 'group' ? Keys.policyArn() : Keys.all(Keys.policyArn(), Keys.currentBoundary);

  @ApiTags(plural)
  @ApiParam({ name: nameParam })
  @Controller(`v1/${plural}/:${nameParam}`)
  class PrincipalPoliciesController {
    constructor(
      readonly commands: CommandBus,
      readonly queries: QueryBus,
    ) {}

    @Put('attached-policies/:policyArn')
    @HttpCode(204)
    @ApiParam({ name: 'policyArn', description: 'URL-encoded managed policy ARN' })
    @ApiOperation({ summary: `Attach${noun}Policy (at most 10 managed policies)` })
    @Action(`iam:Attach${noun}Policy`, resource, { conditions: attachment })
    async attach(
      @RequestedBy() requester: Requester,
      @Param(nameParam) name: string,
      @Param('policyArn') policyArn: string,
    ) {
      await this.commands.execute(new actions.attach(requester, name, policyArn));
    }

    @Delete('attached-policies/:policyArn')
    @HttpCode(204)
    @ApiParam({ name: 'policyArn', description: 'URL-encoded managed policy ARN' })
    @ApiOperation({ summary: `Detach${noun}Policy` })
    @Action(`iam:Detach${noun}Policy`, resource, { conditions: attachment })
    async detach(
      @RequestedBy() requester: Requester,
      @Param(nameParam) name: string,
      @Param('policyArn') policyArn: string,
    ) {
      await this.commands.execute(new actions.detach(requester, name, policyArn));
    }

    @Get('attached-policies')
    @ApiOkResponse({ schema: attachedPoliciesSchema })
    @ApiOperation({ summary: `ListAttached${noun}Policies` })
    @Action(`iam:ListAttached${noun}Policies`, resource)
    async listAttached(
      @RequestedBy() requester: Requester,
      @Param(nameParam) name: string,
      @Query() query: ListAttachedQueryDto,
    ) {
      const page = await this.queries.execute(new actions.listAttached(requester, name, query));
      return { attachedPolicies: page.items, isTruncated: page.isTruncated, marker: page.marker };
    }

    @Put('policies/:policyName')
    @HttpCode(204)
    @ApiOperation({ summary: `Put${noun}Policy (inline; replaces a policy of that name)` })
    @Action(`iam:Put${noun}Policy`, resource, { conditions: boundary })
    async putInline(
      @RequestedBy() requester: Requester,
      @Param(nameParam) name: string,
      @Param('policyName') policyName: string,
      @Body() body: PutInlinePolicyDto,
    ) {
      await this.commands.execute(new actions.put(requester, name, policyName, body.policyDocument));
    }

    @Get('policies/:policyName')
    @ApiOkResponse({ schema: inlinePolicySchema(nameParam) })
    @ApiOperation({ summary: `Get${noun}Policy (inline)` })
    @Action(`iam:Get${noun}Policy`, resource)
    async getInline(
      @RequestedBy() requester: Requester,
      @Param(nameParam) name: string,
      @Param('policyName') policyName: string,
    ) {
      const inline = await this.queries.execute(new actions.get(requester, name, policyName));
      return { [nameParam]: name, ...inline };
    }

    @Get('policies')
    @ApiOkResponse({ schema: inlinePolicyNamesSchema })
    @ApiOperation({ summary: `List${noun}Policies (inline policy names)` })
    @Action(`iam:List${noun}Policies`, resource)
    async listInline(
      @RequestedBy() requester: Requester,
      @Param(nameParam) name: string,
      @Query() query: PageQueryDto,
    ) {
      const page = await this.queries.execute(new actions.list(requester, name, query));
      return { policyNames: page.items, isTruncated: page.isTruncated, marker: page.marker };
    }

    @Delete('policies/:policyName')
    @HttpCode(204)
    @ApiOperation({ summary: `Delete${noun}Policy (inline)` })
    @Action(`iam:Delete${noun}Policy`, resource, { conditions: boundary })
    async deleteInline(
      @RequestedBy() requester: Requester,
      @Param(nameParam) name: string,
      @Param('policyName') policyName: string,
    ) {
      await this.commands.execute(new actions.delete(requester, name, policyName));
    }
  }
  Object.defineProperty(PrincipalPoliciesController, 'name', { value: `${noun}PoliciesController` });
  return PrincipalPoliciesController;
}

/** Permissions boundaries: users and roles only, as in AWS. */
function boundaryControllerFor(kind: 'user' | 'role'): Type {
  const { noun, plural } = Kinds[kind];
  const actions = Boundaries[kind];
  const nameParam = `${kind}Name`;
  const resource = PolicyResources.principal(kind);

  @ApiTags(plural)
  @ApiParam({ name: nameParam })
  @Controller(`v1/${plural}/:${nameParam}/permissions-boundary`)
  class PermissionsBoundaryController {
    constructor(
      readonly commands: CommandBus,
      readonly queries: QueryBus,
    ) {}

    @Put()
    @HttpCode(204)
    @ApiOperation({ summary: `Put${noun}PermissionsBoundary` })
    @Action(`iam:Put${noun}PermissionsBoundary`, resource, {
      conditions: Keys.requestedBoundary('policyArn'),
    })
    async put(
      @RequestedBy() requester: Requester,
      @Param(nameParam) name: string,
      @Body() body: PutPermissionsBoundaryDto,
    ) {
      await this.commands.execute(new actions.put(requester, name, body.policyArn));
    }

    @Get()
    @ApiOkResponse({ schema: permissionsBoundarySchema })
    @ApiOperation({
      operationId: `Get${noun}PermissionsBoundary`,
      summary: `The ${kind}'s permissions boundary (as Get${noun} reports it)`,
    })
    @Action(`iam:Get${noun}`, resource)
    async get(@RequestedBy() requester: Requester, @Param(nameParam) name: string) {
      return { permissionsBoundary: await this.queries.execute(new actions.get(requester, name)) };
    }

    @Delete()
    @HttpCode(204)
    @ApiOperation({ summary: `Delete${noun}PermissionsBoundary` })
    @Action(`iam:Delete${noun}PermissionsBoundary`, resource, { conditions: Keys.currentBoundary })
    async delete(@RequestedBy() requester: Requester, @Param(nameParam) name: string) {
      await this.commands.execute(new actions.delete(requester, name));
    }
  }
  Object.defineProperty(PermissionsBoundaryController, 'name', {
    value: `${noun}PermissionsBoundaryController`,
  });
  return PermissionsBoundaryController;
}

export const principalPoliciesControllers: Type[] = [
  policiesControllerFor('user'),
  policiesControllerFor('group'),
  policiesControllerFor('role'),
  boundaryControllerFor('user'),
  boundaryControllerFor('role'),
];
