import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  Action,
  IamConditionKeys,
  RequestedBy,
  requestedTagKeys,
  type Requester,
  type ResourceContext,
} from '@iam/auth';
import { TagResourceDto } from '../users/user.dto';
import { CreateSAMLProvider } from './create-saml-provider';
import { DeleteSAMLProvider } from './delete-saml-provider';
import { GetSAMLProvider } from './get-saml-provider';
import { ListSAMLProviderTags } from './list-saml-provider-tags';
import { ListSAMLProviders } from './list-saml-providers';
import {
  createdSamlProviderSchema,
  samlProviderListSchema,
  samlProviderSchema,
  tagListSchema,
  updatedSamlProviderSchema,
} from './saml-provider.api-schema';
import { CreateSamlProviderDto, UpdateSamlProviderDto } from './saml-provider.dto';
import { isSamlProviderArn, parseSamlProviderArn, samlProviderArn } from './saml-provider-arns';
import { TagSAMLProvider } from './tag-saml-provider';
import { UntagSAMLProvider } from './untag-saml-provider';
import { UpdateSAMLProvider } from './update-saml-provider';

const arnParam = ApiParam({
  name: 'samlProviderArn',
  description: 'The provider ARN, URL-encoded (arn%3Aaws%3Aiam%3A%3A123456789012%3Asaml-provider%2FCorpIdP)',
});

/** The resource each route acts on: the provider's ARN (for a create, the one it will have). */
const SamlProviderResources = {
  created: ({ principal, body }: ResourceContext) => samlProviderArn(principal.accountId, String(body.name)),
  /** A malformed ARN is refused here, before authorization reads it, with IAM's InvalidInput. */
  addressed: ({ params, principal }: ResourceContext) => {
    const arn = String(params.samlProviderArn);
    if (!isSamlProviderArn(arn)) parseSamlProviderArn(arn, principal.accountId);
    return arn;
  },
  any: () => '*',
};

/** The JSON door to SAML providers: authorizes (guard), validates (DTOs), dispatches one command or query. */
@ApiTags('saml-providers')
@Controller('v1/saml-providers')
export class SamlProvidersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiCreatedResponse({ schema: createdSamlProviderSchema })
  @ApiOperation({ summary: 'CreateSAMLProvider' })
  @Action('iam:CreateSAMLProvider', SamlProviderResources.created)
  create(@RequestedBy() requester: Requester, @Body() body: CreateSamlProviderDto) {
    return this.commands.execute(new CreateSAMLProvider(requester, body));
  }

  @Get()
  @ApiOkResponse({ schema: samlProviderListSchema })
  @ApiOperation({ summary: 'ListSAMLProviders' })
  @Action('iam:ListSAMLProviders', SamlProviderResources.any)
  async list(@RequestedBy() requester: Requester) {
    return { samlProviderList: await this.queries.execute(new ListSAMLProviders(requester)) };
  }

  @Get(':samlProviderArn')
  @arnParam
  @ApiOkResponse({ schema: samlProviderSchema })
  @ApiOperation({ summary: 'GetSAMLProvider' })
  @Action('iam:GetSAMLProvider', SamlProviderResources.addressed)
  get(@RequestedBy() requester: Requester, @Param('samlProviderArn') arn: string) {
    return this.queries.execute(new GetSAMLProvider(requester, arn));
  }

  @Put(':samlProviderArn')
  @arnParam
  @ApiOkResponse({ schema: updatedSamlProviderSchema })
  @ApiOperation({ summary: 'UpdateSAMLProvider (new metadata document)' })
  @Action('iam:UpdateSAMLProvider', SamlProviderResources.addressed)
  update(
    @RequestedBy() requester: Requester,
    @Param('samlProviderArn') arn: string,
    @Body() body: UpdateSamlProviderDto,
  ) {
    return this.commands.execute(new UpdateSAMLProvider(requester, arn, body.samlMetadataDocument));
  }

  @Delete(':samlProviderArn')
  @HttpCode(204)
  @arnParam
  @ApiOperation({ summary: 'DeleteSAMLProvider' })
  @Action('iam:DeleteSAMLProvider', SamlProviderResources.addressed)
  async delete(@RequestedBy() requester: Requester, @Param('samlProviderArn') arn: string) {
    await this.commands.execute(new DeleteSAMLProvider(requester, arn));
  }

  @Get(':samlProviderArn/tags')
  @arnParam
  @ApiOkResponse({ schema: tagListSchema })
  @ApiOperation({ summary: 'ListSAMLProviderTags' })
  @Action('iam:ListSAMLProviderTags', SamlProviderResources.addressed)
  async listTags(@RequestedBy() requester: Requester, @Param('samlProviderArn') arn: string) {
    return { tags: await this.queries.execute(new ListSAMLProviderTags(requester, arn)), isTruncated: false };
  }

  @Post(':samlProviderArn/tags')
  @HttpCode(204)
  @arnParam
  @ApiOperation({ summary: 'TagSAMLProvider' })
  @Action('iam:TagSAMLProvider', SamlProviderResources.addressed)
  async tag(
    @RequestedBy() requester: Requester,
    @Param('samlProviderArn') arn: string,
    @Body() body: TagResourceDto,
  ) {
    await this.commands.execute(new TagSAMLProvider(requester, arn, body.tags));
  }

  @Delete(':samlProviderArn/tags')
  @HttpCode(204)
  @arnParam
  @ApiOperation({ summary: 'UntagSAMLProvider (tagKeys: comma-separated or repeated)' })
  @Action('iam:UntagSAMLProvider', SamlProviderResources.addressed, {
    conditions: IamConditionKeys.untaggedKeys(),
  })
  async untag(
    @RequestedBy() requester: Requester,
    @Param('samlProviderArn') arn: string,
    @Query('tagKeys') tagKeys: string | string[] | undefined,
  ) {
    await this.commands.execute(new UntagSAMLProvider(requester, arn, requestedTagKeys(tagKeys)));
  }
}
