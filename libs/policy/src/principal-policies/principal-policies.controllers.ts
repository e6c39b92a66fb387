import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req, type Type } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Action, Caller, IamConditionKeys as Keys, type Principal } from '@iam/auth';
import { IamErrorResponses, PageQueryDto } from '@iam/service-kit';
import type { PrincipalKind } from '../shared/policy-names';
import { PolicyResources } from '../shared/policy-resources';
import { ListAttachedQueryDto, PutInlinePolicyDto, PutPermissionsBoundaryDto } from './principal-policy.dto';
import { PrincipalPoliciesService } from './principal-policies.service';

const Kinds: Record<PrincipalKind, { noun: string; plural: string }> = {
  user: { noun: 'User', plural: 'users' },
  group: { noun: 'Group', plural: 'groups' },
  role: { noun: 'Role', plural: 'roles' },
};

/**
 * The routes of one principal kind's policies, with AWS's action names
 * (AttachUserPolicy, PutGroupPolicy, ListRolePolicies, …). The resource is
 * the principal, as AWS authorizes these actions.
 */
function policiesControllerFor(kind: PrincipalKind): Type {
  const { noun, plural } = Kinds[kind];
  const nameParam = `${kind}Name`;
  const resource = PolicyResources.principal(kind);
  // AWS's condition keys of these actions: groups have no boundary.
  const boundary = kind === 'group' ? undefined : Keys.currentBoundary;
  const attachment = kind === 'group' ? Keys.policyArn() : Keys.all(Keys.policyArn(), Keys.currentBoundary);

  @ApiTags(plural)
  @IamErrorResponses()
  @ApiParam({ name: nameParam })
  @Controller(`v1/${plural}/:${nameParam}`)
  class PrincipalPoliciesController {
    constructor(readonly service: PrincipalPoliciesService) {}

    @Put('attached-policies/:policyArn')
    @HttpCode(204)
    @ApiParam({ name: 'policyArn', description: 'URL-encoded managed policy ARN' })
    @ApiOperation({ summary: `Attach${noun}Policy (at most 10 managed policies)` })
    @Action(`iam:Attach${noun}Policy`, resource, { conditions: attachment })
    async attach(
      @Caller() caller: Principal,
      @Req() request: FastifyRequest,
      @Param(nameParam) name: string,
      @Param('policyArn') policyArn: string,
    ) {
      await this.service.attach(caller, request.id, kind, name, policyArn);
    }

    @Delete('attached-policies/:policyArn')
    @HttpCode(204)
    @ApiParam({ name: 'policyArn', description: 'URL-encoded managed policy ARN' })
    @ApiOperation({ summary: `Detach${noun}Policy` })
    @Action(`iam:Detach${noun}Policy`, resource, { conditions: attachment })
    async detach(
      @Caller() caller: Principal,
      @Req() request: FastifyRequest,
      @Param(nameParam) name: string,
      @Param('policyArn') policyArn: string,
    ) {
      await this.service.detach(caller, request.id, kind, name, policyArn);
    }

    @Get('attached-policies')
    @ApiOperation({ summary: `ListAttached${noun}Policies` })
    @Action(`iam:ListAttached${noun}Policies`, resource)
    async listAttached(
      @Caller() caller: Principal,
      @Param(nameParam) name: string,
      @Query() query: ListAttachedQueryDto,
    ) {
      const page = await this.service.listAttached(caller, kind, name, query);
      return { attachedPolicies: page.items, isTruncated: page.isTruncated, marker: page.marker };
    }

    @Put('policies/:policyName')
    @HttpCode(204)
    @ApiOperation({ summary: `Put${noun}Policy (inline; replaces a policy of that name)` })
    @Action(`iam:Put${noun}Policy`, resource, { conditions: boundary })
    async putInline(
      @Caller() caller: Principal,
      @Req() request: FastifyRequest,
      @Param(nameParam) name: string,
      @Param('policyName') policyName: string,
      @Body() body: PutInlinePolicyDto,
    ) {
      await this.service.putInline(caller, request.id, kind, name, policyName, body.policyDocument);
    }

    @Get('policies/:policyName')
    @ApiOperation({ summary: `Get${noun}Policy (inline)` })
    @Action(`iam:Get${noun}Policy`, resource)
    async getInline(
      @Caller() caller: Principal,
      @Param(nameParam) name: string,
      @Param('policyName') policyName: string,
    ) {
      const inline = await this.service.getInline(caller, kind, name, policyName);
      return { [nameParam]: name, ...inline };
    }

    @Get('policies')
    @ApiOperation({ summary: `List${noun}Policies (inline policy names)` })
    @Action(`iam:List${noun}Policies`, resource)
    async listInline(
      @Caller() caller: Principal,
      @Param(nameParam) name: string,
      @Query() query: PageQueryDto,
    ) {
      const page = await this.service.listInline(caller, kind, name, query);
      return { policyNames: page.items, isTruncated: page.isTruncated, marker: page.marker };
    }

    @Delete('policies/:policyName')
    @HttpCode(204)
    @ApiOperation({ summary: `Delete${noun}Policy (inline)` })
    @Action(`iam:Delete${noun}Policy`, resource, { conditions: boundary })
    async deleteInline(
      @Caller() caller: Principal,
      @Req() request: FastifyRequest,
      @Param(nameParam) name: string,
      @Param('policyName') policyName: string,
    ) {
      await this.service.deleteInline(caller, request.id, kind, name, policyName);
    }
  }
  Object.defineProperty(PrincipalPoliciesController, 'name', { value: `${noun}PoliciesController` });
  return PrincipalPoliciesController;
}

/** Permissions boundaries: users and roles only, as in AWS. */
function boundaryControllerFor(kind: 'user' | 'role'): Type {
  const { noun, plural } = Kinds[kind];
  const nameParam = `${kind}Name`;
  const resource = PolicyResources.principal(kind);

  @ApiTags(plural)
  @IamErrorResponses()
  @ApiParam({ name: nameParam })
  @Controller(`v1/${plural}/:${nameParam}/permissions-boundary`)
  class PermissionsBoundaryController {
    constructor(readonly service: PrincipalPoliciesService) {}

    @Put()
    @HttpCode(204)
    @ApiOperation({ summary: `Put${noun}PermissionsBoundary` })
    @Action(`iam:Put${noun}PermissionsBoundary`, resource, {
      conditions: Keys.requestedBoundary('policyArn'),
    })
    async put(
      @Caller() caller: Principal,
      @Req() request: FastifyRequest,
      @Param(nameParam) name: string,
      @Body() body: PutPermissionsBoundaryDto,
    ) {
      await this.service.putBoundary(caller, request.id, kind, name, body.policyArn);
    }

    @Get()
    @ApiOperation({ summary: `The ${kind}'s permissions boundary (as Get${noun} reports it)` })
    @Action(`iam:Get${noun}`, resource)
    async get(@Caller() caller: Principal, @Param(nameParam) name: string) {
      return { permissionsBoundary: await this.service.getBoundary(caller, kind, name) };
    }

    @Delete()
    @HttpCode(204)
    @ApiOperation({ summary: `Delete${noun}PermissionsBoundary` })
    @Action(`iam:Delete${noun}PermissionsBoundary`, resource, { conditions: Keys.currentBoundary })
    async delete(
      @Caller() caller: Principal,
      @Req() request: FastifyRequest,
      @Param(nameParam) name: string,
    ) {
      await this.service.deleteBoundary(caller, request.id, kind, name);
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
