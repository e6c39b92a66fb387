import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Action, IamConditionKeys, RequestedBy, requestedTagKeys, type Requester } from '@iam/auth';
import { ApiSchemas, PageQueryDto } from '@iam/service-kit';
import { PolicyResources } from '../shared/policy-resources';
import {
  CreatePolicyDto,
  CreatePolicyVersionDto,
  ListEntitiesQueryDto,
  ListPoliciesQueryDto,
  SetDefaultPolicyVersionDto,
  TagPolicyDto,
} from './managed-policy.dto';
import { CreatePolicy } from './create-policy';
import { CreatePolicyVersion } from './create-policy-version';
import { DeletePolicy } from './delete-policy';
import { DeletePolicyVersion } from './delete-policy-version';
import { GetPolicy } from './get-policy';
import { GetPolicyVersion } from './get-policy-version';
import { ListEntitiesForPolicy } from './list-entities-for-policy';
import { ListPolicies } from './list-policies';
import { ListPolicyVersions } from './list-policy-versions';
import { ListPolicyTags } from './list-policy-tags';
import { SetDefaultPolicyVersion } from './set-default-policy-version';
import { policyEntitiesSchema, policySchema, policyVersionSchema } from './managed-policy.api-schema';
import { TagPolicy } from './tag-policy';
import { UntagPolicy } from './untag-policy';

const policyArnParam = ApiParam({
  name: 'policyArn',
  description: 'The policy ARN, URL-encoded (arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2FReadReports)',
});

/** The JSON door to managed policies: authorizes (guard), validates (DTOs), dispatches one command or query. */
@ApiTags('policies')
@Controller('v1/policies')
export class ManagedPoliciesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiCreatedResponse({ schema: ApiSchemas.wrapped('policy', policySchema) })
  @ApiOperation({ summary: 'CreatePolicy (customer managed; the document becomes version v1, the default)' })
  @Action('iam:CreatePolicy', PolicyResources.newPolicy)
  async create(@RequestedBy() requester: Requester, @Body() body: CreatePolicyDto) {
    return { policy: await this.commands.execute(new CreatePolicy(requester, body)) };
  }

  @Get()
  @ApiOkResponse({ schema: ApiSchemas.page('policies', policySchema) })
  @ApiOperation({ summary: 'ListPolicies (scope All | AWS | Local, onlyAttached, pathPrefix)' })
  @Action('iam:ListPolicies', PolicyResources.any)
  async list(@RequestedBy() requester: Requester, @Query() query: ListPoliciesQueryDto) {
    const page = await this.queries.execute(new ListPolicies(requester, query));
    return { policies: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Get(':policyArn')
  @policyArnParam
  @ApiOkResponse({ schema: ApiSchemas.wrapped('policy', policySchema) })
  @ApiOperation({ summary: 'GetPolicy' })
  @Action('iam:GetPolicy', PolicyResources.policy)
  async get(@RequestedBy() requester: Requester, @Param('policyArn') policyArn: string) {
    return { policy: await this.queries.execute(new GetPolicy(requester, policyArn)) };
  }

  @Delete(':policyArn')
  @HttpCode(204)
  @policyArnParam
  @ApiOperation({ summary: 'DeletePolicy (detach it and delete its non-default versions first)' })
  @Action('iam:DeletePolicy', PolicyResources.policy)
  async delete(@RequestedBy() requester: Requester, @Param('policyArn') policyArn: string) {
    await this.commands.execute(new DeletePolicy(requester, policyArn));
  }

  @Post(':policyArn/versions')
  @policyArnParam
  @ApiCreatedResponse({ schema: ApiSchemas.wrapped('policyVersion', policyVersionSchema) })
  @ApiOperation({ summary: 'CreatePolicyVersion (at most 5 versions)' })
  @Action('iam:CreatePolicyVersion', PolicyResources.policy)
  async createVersion(
    @RequestedBy() requester: Requester,
    @Param('policyArn') policyArn: string,
    @Body() body: CreatePolicyVersionDto,
  ) {
    return {
      policyVersion: await this.commands.execute(new CreatePolicyVersion(requester, policyArn, body)),
    };
  }

  @Get(':policyArn/versions')
  @policyArnParam
  @ApiOkResponse({ schema: ApiSchemas.page('versions', policyVersionSchema) })
  @ApiOperation({ summary: 'ListPolicyVersions (newest first)' })
  @Action('iam:ListPolicyVersions', PolicyResources.policy)
  async listVersions(@RequestedBy() requester: Requester, @Param('policyArn') policyArn: string) {
    return {
      versions: await this.queries.execute(new ListPolicyVersions(requester, policyArn)),
      isTruncated: false,
    };
  }

  @Get(':policyArn/versions/:versionId')
  @policyArnParam
  @ApiOkResponse({ schema: ApiSchemas.wrapped('policyVersion', policyVersionSchema) })
  @ApiOperation({ summary: 'GetPolicyVersion (with its document)' })
  @Action('iam:GetPolicyVersion', PolicyResources.policy)
  async getVersion(
    @RequestedBy() requester: Requester,
    @Param('policyArn') policyArn: string,
    @Param('versionId') versionId: string,
  ) {
    return {
      policyVersion: await this.queries.execute(new GetPolicyVersion(requester, policyArn, versionId)),
    };
  }

  @Delete(':policyArn/versions/:versionId')
  @HttpCode(204)
  @policyArnParam
  @ApiOperation({ summary: 'DeletePolicyVersion (not the default one)' })
  @Action('iam:DeletePolicyVersion', PolicyResources.policy)
  async deleteVersion(
    @RequestedBy() requester: Requester,
    @Param('policyArn') policyArn: string,
    @Param('versionId') versionId: string,
  ) {
    await this.commands.execute(new DeletePolicyVersion(requester, policyArn, versionId));
  }

  @Put(':policyArn/default-version')
  @HttpCode(204)
  @policyArnParam
  @ApiOperation({ summary: 'SetDefaultPolicyVersion' })
  @Action('iam:SetDefaultPolicyVersion', PolicyResources.policy)
  async setDefaultVersion(
    @RequestedBy() requester: Requester,
    @Param('policyArn') policyArn: string,
    @Body() body: SetDefaultPolicyVersionDto,
  ) {
    await this.commands.execute(new SetDefaultPolicyVersion(requester, policyArn, body.versionId));
  }

  @Get(':policyArn/entities')
  @policyArnParam
  @ApiOkResponse({ schema: policyEntitiesSchema })
  @ApiOperation({ summary: 'ListEntitiesForPolicy (entityFilter User | Group | Role, policyUsageFilter)' })
  @Action('iam:ListEntitiesForPolicy', PolicyResources.policy)
  async entities(
    @RequestedBy() requester: Requester,
    @Param('policyArn') policyArn: string,
    @Query() query: ListEntitiesQueryDto,
  ) {
    return {
      ...(await this.queries.execute(new ListEntitiesForPolicy(requester, policyArn, query))),
      isTruncated: false,
    };
  }

  @Get(':policyArn/tags')
  @policyArnParam
  @ApiOkResponse({ schema: ApiSchemas.page('tags', ApiSchemas.tag) })
  @ApiOperation({ summary: 'ListPolicyTags (paged by key)' })
  @Action('iam:ListPolicyTags', PolicyResources.policy)
  async listTags(
    @RequestedBy() requester: Requester,
    @Param('policyArn') policyArn: string,
    @Query() query: PageQueryDto,
  ) {
    const page = await this.queries.execute(new ListPolicyTags(requester, policyArn, query));
    return { tags: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Post(':policyArn/tags')
  @HttpCode(204)
  @policyArnParam
  @ApiOperation({ summary: 'TagPolicy' })
  @Action('iam:TagPolicy', PolicyResources.policy)
  async tag(
    @RequestedBy() requester: Requester,
    @Param('policyArn') policyArn: string,
    @Body() body: TagPolicyDto,
  ) {
    await this.commands.execute(new TagPolicy(requester, policyArn, body.tags));
  }

  @Delete(':policyArn/tags')
  @HttpCode(204)
  @policyArnParam
  @ApiOperation({ summary: 'UntagPolicy (tagKeys: comma-separated or repeated)' })
  @Action('iam:UntagPolicy', PolicyResources.policy, { conditions: IamConditionKeys.untaggedKeys() })
  async untag(
    @RequestedBy() requester: Requester,
    @Param('policyArn') policyArn: string,
    @Query('tagKeys') tagKeys: string | string[] | undefined,
  ) {
    await this.commands.execute(new UntagPolicy(requester, policyArn, requestedTagKeys(tagKeys)));
  }
}
