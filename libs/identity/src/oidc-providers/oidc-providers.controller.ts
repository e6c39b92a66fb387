import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Action,
  IamConditionKeys,
  RequestedBy,
  requestedTagKeys,
  type Requester,
  type ResourceContext,
} from '@iam/auth';
import { TagResourceDto } from '../users/user.dto';
import { AddClientIDToOpenIDConnectProvider } from './add-client-id-to-open-id-connect-provider';
import { CreateOpenIDConnectProvider } from './create-open-id-connect-provider';
import { DeleteOpenIDConnectProvider } from './delete-open-id-connect-provider';
import { GetOpenIDConnectProvider } from './get-open-id-connect-provider';
import { ListOpenIDConnectProviderTags } from './list-open-id-connect-provider-tags';
import { ListOpenIDConnectProviders } from './list-open-id-connect-providers';
import {
  createdOidcProviderSchema,
  oidcProviderListSchema,
  oidcProviderSchema,
  tagListSchema,
} from './oidc-provider.api-schema';
import { AddClientIdDto, CreateOpenIDConnectProviderDto, UpdateThumbprintDto } from './oidc-provider.dto';
import { RemoveClientIDFromOpenIDConnectProvider } from './remove-client-id-from-open-id-connect-provider';
import { TagOpenIDConnectProvider } from './tag-open-id-connect-provider';
import { UntagOpenIDConnectProvider } from './untag-open-id-connect-provider';
import { UpdateOpenIDConnectProviderThumbprint } from './update-open-id-connect-provider-thumbprint';

/**
 * The provider ARN a request acts on: the one in the path, or at creation
 * the one the URL will have (a malformed URL is named as sent, in the
 * caller's account, so authorization still comes first; the decider then
 * refuses it).
 */
const providerResource = ({ principal, params, body }: ResourceContext) =>
  params.oidcProviderArn ??
  `arn:aws:iam::${principal.accountId}:oidc-provider/${String(body.url)
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')}`;

/** The JSON door to OIDC providers: authorizes (guard), validates (DTOs), dispatches one command or query. */
@ApiTags('oidc-providers')
@Controller('v1/oidc-providers')
export class OidcProvidersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiCreatedResponse({ schema: createdOidcProviderSchema })
  @ApiOperation({ summary: 'CreateOpenIDConnectProvider' })
  @Action('iam:CreateOpenIDConnectProvider', providerResource)
  create(@RequestedBy() requester: Requester, @Body() body: CreateOpenIDConnectProviderDto) {
    return this.commands.execute(new CreateOpenIDConnectProvider(requester, body));
  }

  @Get()
  @ApiOkResponse({ schema: oidcProviderListSchema })
  @ApiOperation({ summary: 'ListOpenIDConnectProviders' })
  @Action('iam:ListOpenIDConnectProviders', () => '*')
  async list(@RequestedBy() requester: Requester) {
    return {
      openIDConnectProviderList: await this.queries.execute(new ListOpenIDConnectProviders(requester)),
    };
  }

  @Get(':oidcProviderArn')
  @ApiOkResponse({ schema: oidcProviderSchema })
  @ApiOperation({ summary: 'GetOpenIDConnectProvider (the ARN URL-encoded)' })
  @Action('iam:GetOpenIDConnectProvider', providerResource)
  get(@RequestedBy() requester: Requester, @Param('oidcProviderArn') arn: string) {
    return this.queries.execute(new GetOpenIDConnectProvider(requester, arn));
  }

  @Delete(':oidcProviderArn')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteOpenIDConnectProvider' })
  @Action('iam:DeleteOpenIDConnectProvider', providerResource)
  async delete(@RequestedBy() requester: Requester, @Param('oidcProviderArn') arn: string) {
    await this.commands.execute(new DeleteOpenIDConnectProvider(requester, arn));
  }

  @Post(':oidcProviderArn/client-ids')
  @HttpCode(204)
  @ApiOperation({ summary: 'AddClientIDToOpenIDConnectProvider' })
  @Action('iam:AddClientIDToOpenIDConnectProvider', providerResource)
  async addClientId(
    @RequestedBy() requester: Requester,
    @Param('oidcProviderArn') arn: string,
    @Body() body: AddClientIdDto,
  ) {
    await this.commands.execute(new AddClientIDToOpenIDConnectProvider(requester, arn, body.clientID));
  }

  @Delete(':oidcProviderArn/client-ids/:clientID')
  @HttpCode(204)
  @ApiOperation({ summary: 'RemoveClientIDFromOpenIDConnectProvider (the client id URL-encoded)' })
  @Action('iam:RemoveClientIDFromOpenIDConnectProvider', providerResource)
  async removeClientId(
    @RequestedBy() requester: Requester,
    @Param('oidcProviderArn') arn: string,
    @Param('clientID') clientId: string,
  ) {
    await this.commands.execute(new RemoveClientIDFromOpenIDConnectProvider(requester, arn, clientId));
  }

  @Put(':oidcProviderArn/thumbprints')
  @HttpCode(204)
  @ApiOperation({ summary: 'UpdateOpenIDConnectProviderThumbprint (replaces the list)' })
  @Action('iam:UpdateOpenIDConnectProviderThumbprint', providerResource)
  async updateThumbprint(
    @RequestedBy() requester: Requester,
    @Param('oidcProviderArn') arn: string,
    @Body() body: UpdateThumbprintDto,
  ) {
    await this.commands.execute(
      new UpdateOpenIDConnectProviderThumbprint(requester, arn, body.thumbprintList),
    );
  }

  @Get(':oidcProviderArn/tags')
  @ApiOkResponse({ schema: tagListSchema })
  @ApiOperation({ summary: 'ListOpenIDConnectProviderTags' })
  @Action('iam:ListOpenIDConnectProviderTags', providerResource)
  async listTags(@RequestedBy() requester: Requester, @Param('oidcProviderArn') arn: string) {
    return {
      tags: await this.queries.execute(new ListOpenIDConnectProviderTags(requester, arn)),
      isTruncated: false,
    };
  }

  @Post(':oidcProviderArn/tags')
  @HttpCode(204)
  @ApiOperation({ summary: 'TagOpenIDConnectProvider' })
  @Action('iam:TagOpenIDConnectProvider', providerResource)
  async tag(
    @RequestedBy() requester: Requester,
    @Param('oidcProviderArn') arn: string,
    @Body() body: TagResourceDto,
  ) {
    await this.commands.execute(new TagOpenIDConnectProvider(requester, arn, body.tags));
  }

  @Delete(':oidcProviderArn/tags')
  @HttpCode(204)
  @ApiOperation({ summary: 'UntagOpenIDConnectProvider (tagKeys: comma-separated or repeated)' })
  @Action('iam:UntagOpenIDConnectProvider', providerResource, { conditions: IamConditionKeys.untaggedKeys() })
  async untag(
    @RequestedBy() requester: Requester,
    @Param('oidcProviderArn') arn: string,
    @Query('tagKeys') tagKeys: string | string[] | undefined,
  ) {
    await this.commands.execute(new UntagOpenIDConnectProvider(requester, arn, requestedTagKeys(tagKeys)));
  }
}
