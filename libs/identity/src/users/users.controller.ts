import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Action, IamConditionKeys, RequestedBy, requestedTagKeys, type Requester } from '@iam/auth';
import { ApiSchemas, PageQueryDto } from '@iam/service-kit';
import { IamResources } from '../shared/iam-resources';
import { CreateUser } from './create-user';
import { DeleteUser } from './delete-user';
import { GetUser } from './get-user';
import { ListUserTags } from './list-user-tags';
import { ListUsers } from './list-users';
import { TagUser } from './tag-user';
import { UntagUser } from './untag-user';
import { UpdateUser } from './update-user';
import { userSchema } from './user.api-schema';
import { CreateUserDto, ListQueryDto, TagResourceDto, UpdateUserDto } from './user.dto';

/** The JSON door to the users slice: authorizes (guard), validates (DTOs), dispatches one command or query. */
@ApiTags('users')
@Controller('v1/users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiCreatedResponse({ schema: ApiSchemas.wrapped('user', userSchema) })
  @ApiOperation({ summary: 'CreateUser' })
  @Action('iam:CreateUser', IamResources.user('body'), {
    conditions: IamConditionKeys.requestedBoundary('permissionsBoundary'),
  })
  async create(@RequestedBy() requester: Requester, @Body() body: CreateUserDto) {
    return { user: await this.commands.execute(new CreateUser(requester, body)) };
  }

  @Get()
  @ApiOkResponse({ schema: ApiSchemas.page('users', userSchema) })
  @ApiOperation({ summary: 'ListUsers' })
  @Action('iam:ListUsers', IamResources.any)
  async list(@RequestedBy() requester: Requester, @Query() query: ListQueryDto) {
    const page = await this.queries.execute(new ListUsers(requester, query));
    return { users: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Get(':userName')
  @ApiOkResponse({ schema: ApiSchemas.wrapped('user', userSchema) })
  @ApiOperation({ summary: 'GetUser' })
  @Action('iam:GetUser', IamResources.user())
  async get(@RequestedBy() requester: Requester, @Param('userName') userName: string) {
    return { user: await this.queries.execute(new GetUser(requester, userName)) };
  }

  @Patch(':userName')
  @ApiOkResponse({ schema: ApiSchemas.wrapped('user', userSchema) })
  @ApiOperation({ summary: 'UpdateUser (rename, move)' })
  @Action('iam:UpdateUser', IamResources.user(), { alsoOn: IamResources.renamedUser() })
  async update(
    @RequestedBy() requester: Requester,
    @Param('userName') userName: string,
    @Body() body: UpdateUserDto,
  ) {
    return { user: await this.commands.execute(new UpdateUser(requester, userName, body)) };
  }

  @Delete(':userName')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteUser' })
  @Action('iam:DeleteUser', IamResources.user())
  async delete(@RequestedBy() requester: Requester, @Param('userName') userName: string) {
    await this.commands.execute(new DeleteUser(requester, userName));
  }

  @Post(':userName/tags')
  @HttpCode(204)
  @ApiOperation({ summary: 'TagUser' })
  @Action('iam:TagUser', IamResources.user())
  async tag(
    @RequestedBy() requester: Requester,
    @Param('userName') userName: string,
    @Body() body: TagResourceDto,
  ) {
    await this.commands.execute(new TagUser(requester, userName, body.tags));
  }

  @Get(':userName/tags')
  @ApiOkResponse({ schema: ApiSchemas.page('tags', ApiSchemas.tag) })
  @ApiOperation({ summary: 'ListUserTags' })
  @Action('iam:ListUserTags', IamResources.user())
  async listTags(
    @RequestedBy() requester: Requester,
    @Param('userName') userName: string,
    @Query() query: PageQueryDto,
  ) {
    const page = await this.queries.execute(new ListUserTags(requester, userName, query));
    return { tags: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Delete(':userName/tags')
  @HttpCode(204)
  @ApiOperation({ summary: 'UntagUser (tagKeys: comma-separated or repeated)' })
  @Action('iam:UntagUser', IamResources.user(), { conditions: IamConditionKeys.untaggedKeys() })
  async untag(
    @RequestedBy() requester: Requester,
    @Param('userName') userName: string,
    @Query('tagKeys') tagKeys: string | string[] | undefined,
  ) {
    await this.commands.execute(new UntagUser(requester, userName, requestedTagKeys(tagKeys)));
  }
}
