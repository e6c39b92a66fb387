import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsBoolean, IsInt, IsString } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { Action, RequestedBy, type Requester } from '@iam/auth';
import { IamResources } from '../shared/iam-resources';
import {
  accountAliasesSchema,
  accountSummarySchema,
  createdAccountSchema,
  passwordPolicySchema,
} from './account.api-schema';
import { CreateAccount } from './create-account';
import { CreateAccountAlias } from './create-account-alias';
import { DeleteAccountAlias } from './delete-account-alias';
import { DeleteAccountPasswordPolicy } from './delete-account-password-policy';
import { GetAccountPasswordPolicy } from './get-account-password-policy';
import { GetAccountSummary } from './get-account-summary';
import { ListAccountAliases } from './list-account-aliases';
import { UpdateAccountPasswordPolicy } from './update-account-password-policy';

export class CreateAccountDto {
  @ApiProperty({ example: 'payments-prod' })
  @IsString()
  accountName!: string;
}

export class AccountAliasDto {
  @ApiProperty({ example: 'example-corp', description: '3-63 lowercase letters, digits and hyphens' })
  @IsString()
  accountAlias!: string;
}

export class PasswordPolicyDto {
  @ApiPropertyOptional({ minimum: 6, maximum: 128 })
  @IsOptionalNotNull()
  @IsInt()
  minimumPasswordLength?: number;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean() requireSymbols?: boolean;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean() requireNumbers?: boolean;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean() requireUppercaseCharacters?: boolean;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean() requireLowercaseCharacters?: boolean;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean() allowUsersToChangePassword?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 1095 }) @IsOptionalNotNull() @IsInt() maxPasswordAge?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 24 })
  @IsOptionalNotNull()
  @IsInt()
  passwordReusePrevention?: number;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean() hardExpiry?: boolean;
}

/** The JSON door to the accounts slice: authorizes (guard), validates (DTOs), dispatches one command or query. */
@ApiTags('accounts')
@Controller('v1')
export class AccountsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('accounts')
  @ApiCreatedResponse({ schema: createdAccountSchema })
  @ApiOperation({
    summary:
      'Create a member account (management account only); its root access key is in this response only',
  })
  @Action('organizations:CreateAccount', IamResources.account)
  async create(@RequestedBy() requester: Requester, @Body() body: CreateAccountDto) {
    const root = await this.commands.execute(new CreateAccount(requester, body.accountName));
    return { account: { accountId: root.accountId, accountName: body.accountName }, rootAccessKey: root };
  }

  @Get('account')
  @ApiOkResponse({ schema: accountSummarySchema })
  @ApiOperation({ summary: 'GetAccountSummary' })
  @Action('iam:GetAccountSummary', IamResources.any)
  summary(@RequestedBy() requester: Requester) {
    return this.queries.execute(new GetAccountSummary(requester));
  }

  @Get('account/aliases')
  @ApiOkResponse({ schema: accountAliasesSchema })
  @ApiOperation({ summary: 'ListAccountAliases (the one alias, or none)' })
  @Action('iam:ListAccountAliases', IamResources.any)
  async listAliases(@RequestedBy() requester: Requester) {
    return {
      accountAliases: await this.queries.execute(new ListAccountAliases(requester)),
      isTruncated: false,
    };
  }

  @Put('account/alias')
  @HttpCode(204)
  @ApiOperation({ summary: 'CreateAccountAlias (replaces an existing one)' })
  @Action('iam:CreateAccountAlias', IamResources.any)
  async setAlias(@RequestedBy() requester: Requester, @Body() body: AccountAliasDto) {
    await this.commands.execute(new CreateAccountAlias(requester, body.accountAlias));
  }

  @Delete('account/alias')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteAccountAlias' })
  @Action('iam:DeleteAccountAlias', IamResources.any)
  async deleteAlias(@RequestedBy() requester: Requester) {
    await this.commands.execute(new DeleteAccountAlias(requester));
  }

  @Get('account/password-policy')
  @ApiOkResponse({ schema: passwordPolicySchema })
  @ApiOperation({ summary: 'GetAccountPasswordPolicy' })
  @Action('iam:GetAccountPasswordPolicy', IamResources.any)
  async passwordPolicy(@RequestedBy() requester: Requester) {
    return { passwordPolicy: await this.queries.execute(new GetAccountPasswordPolicy(requester)) };
  }

  @Put('account/password-policy')
  @HttpCode(204)
  @ApiOperation({ summary: 'UpdateAccountPasswordPolicy (fields left out take their defaults)' })
  @Action('iam:UpdateAccountPasswordPolicy', IamResources.any)
  async setPasswordPolicy(@RequestedBy() requester: Requester, @Body() body: PasswordPolicyDto) {
    await this.commands.execute(new UpdateAccountPasswordPolicy(requester, body));
  }

  @Delete('account/password-policy')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteAccountPasswordPolicy' })
  @Action('iam:DeleteAccountPasswordPolicy', IamResources.any)
  async deletePasswordPolicy(@RequestedBy() requester: Requester) {
    await this.commands.execute(new DeleteAccountPasswordPolicy(requester));
  }
}
