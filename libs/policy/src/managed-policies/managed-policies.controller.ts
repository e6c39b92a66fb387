import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Action, Caller, type Principal } from '@iam/auth';
import { IamErrorResponses } from '@iam/service-kit';
import { PolicyResources } from '../shared/policy-resources';
import {
  CreatePolicyDto,
  CreatePolicyVersionDto,
  ListEntitiesQueryDto,
  ListPoliciesQueryDto,
  SetDefaultPolicyVersionDto,
} from './managed-policy.dto';
import { ManagedPoliciesService } from './managed-policies.service';

const policyArnParam = ApiParam({
  name: 'policyArn',
  description: 'The policy ARN, URL-encoded (arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2FReadReports)',
});

@ApiTags('policies')
@IamErrorResponses()
@Controller('v1/policies')
export class ManagedPoliciesController {
  constructor(private readonly policies: ManagedPoliciesService) {}

  @Post()
  @ApiOperation({ summary: 'CreatePolicy (customer managed; the document becomes version v1, the default)' })
  @Action('iam:CreatePolicy', PolicyResources.newPolicy)
  async create(@Caller() caller: Principal, @Req() request: FastifyRequest, @Body() body: CreatePolicyDto) {
    return { policy: await this.policies.create(caller, request.id, body) };
  }

  @Get()
  @ApiOperation({ summary: 'ListPolicies (scope All | AWS | Local, onlyAttached, pathPrefix)' })
  @Action('iam:ListPolicies', PolicyResources.any)
  async list(@Caller() caller: Principal, @Query() query: ListPoliciesQueryDto) {
    const page = await this.policies.list(caller, query);
    return { policies: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Get(':policyArn')
  @policyArnParam
  @ApiOperation({ summary: 'GetPolicy' })
  @Action('iam:GetPolicy', PolicyResources.policy)
  async get(@Caller() caller: Principal, @Param('policyArn') policyArn: string) {
    return { policy: await this.policies.get(caller, policyArn) };
  }

  @Delete(':policyArn')
  @HttpCode(204)
  @policyArnParam
  @ApiOperation({ summary: 'DeletePolicy (detach it and delete its non-default versions first)' })
  @Action('iam:DeletePolicy', PolicyResources.policy)
  async delete(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('policyArn') policyArn: string,
  ) {
    await this.policies.delete(caller, request.id, policyArn);
  }

  @Post(':policyArn/versions')
  @policyArnParam
  @ApiOperation({ summary: 'CreatePolicyVersion (at most 5 versions)' })
  @Action('iam:CreatePolicyVersion', PolicyResources.policy)
  async createVersion(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('policyArn') policyArn: string,
    @Body() body: CreatePolicyVersionDto,
  ) {
    return { policyVersion: await this.policies.createVersion(caller, request.id, policyArn, body) };
  }

  @Get(':policyArn/versions')
  @policyArnParam
  @ApiOperation({ summary: 'ListPolicyVersions (newest first)' })
  @Action('iam:ListPolicyVersions', PolicyResources.policy)
  async listVersions(@Caller() caller: Principal, @Param('policyArn') policyArn: string) {
    return { versions: await this.policies.listVersions(caller, policyArn), isTruncated: false };
  }

  @Get(':policyArn/versions/:versionId')
  @policyArnParam
  @ApiOperation({ summary: 'GetPolicyVersion (with its document)' })
  @Action('iam:GetPolicyVersion', PolicyResources.policy)
  async getVersion(
    @Caller() caller: Principal,
    @Param('policyArn') policyArn: string,
    @Param('versionId') versionId: string,
  ) {
    return { policyVersion: await this.policies.getVersion(caller, policyArn, versionId) };
  }

  @Delete(':policyArn/versions/:versionId')
  @HttpCode(204)
  @policyArnParam
  @ApiOperation({ summary: 'DeletePolicyVersion (not the default one)' })
  @Action('iam:DeletePolicyVersion', PolicyResources.policy)
  async deleteVersion(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('policyArn') policyArn: string,
    @Param('versionId') versionId: string,
  ) {
    await this.policies.deleteVersion(caller, request.id, policyArn, versionId);
  }

  @Put(':policyArn/default-version')
  @HttpCode(204)
  @policyArnParam
  @ApiOperation({ summary: 'SetDefaultPolicyVersion' })
  @Action('iam:SetDefaultPolicyVersion', PolicyResources.policy)
  async setDefaultVersion(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('policyArn') policyArn: string,
    @Body() body: SetDefaultPolicyVersionDto,
  ) {
    await this.policies.setDefaultVersion(caller, request.id, policyArn, body.versionId);
  }

  @Get(':policyArn/entities')
  @policyArnParam
  @ApiOperation({ summary: 'ListEntitiesForPolicy (entityFilter User | Group | Role, policyUsageFilter)' })
  @Action('iam:ListEntitiesForPolicy', PolicyResources.policy)
  async entities(
    @Caller() caller: Principal,
    @Param('policyArn') policyArn: string,
    @Query() query: ListEntitiesQueryDto,
  ) {
    return { ...(await this.policies.entities(caller, policyArn, query)), isTruncated: false };
  }
}
