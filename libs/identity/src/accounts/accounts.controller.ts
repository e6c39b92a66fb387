import { Body, Controller, Delete, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsString } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import type { FastifyRequest } from 'fastify';
import { Action, Caller, type Principal } from '@iam/auth';
import { IamErrorResponses } from '@iam/service-kit';
import { IamResources } from '../shared/iam-resources';
import { AccountsService } from './accounts.service';

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

@ApiTags('accounts')
@IamErrorResponses()
@Controller('v1')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('accounts')
  @ApiOperation({
    summary:
      'Create a member account (management account only); its root access key is in this response only',
  })
  @Action('organizations:CreateAccount', IamResources.account)
  async create(@Caller() caller: Principal, @Req() request: FastifyRequest, @Body() body: CreateAccountDto) {
    const root = await this.accounts.createMemberAccount(caller, request.id, body.accountName);
    return { account: { accountId: root.accountId, accountName: body.accountName }, rootAccessKey: root };
  }

  @Get('account')
  @ApiOperation({ summary: 'GetAccountSummary' })
  @Action('iam:GetAccountSummary', IamResources.any)
  summary(@Caller() caller: Principal) {
    return this.accounts.summary(caller);
  }

  @Put('account/alias')
  @HttpCode(204)
  @ApiOperation({ summary: 'CreateAccountAlias (replaces an existing one)' })
  @Action('iam:CreateAccountAlias', IamResources.any)
  async setAlias(@Caller() caller: Principal, @Req() request: FastifyRequest, @Body() body: AccountAliasDto) {
    await this.accounts.setAlias(caller, request.id, body.accountAlias);
  }

  @Delete('account/alias')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteAccountAlias' })
  @Action('iam:DeleteAccountAlias', IamResources.any)
  async deleteAlias(@Caller() caller: Principal, @Req() request: FastifyRequest) {
    await this.accounts.deleteAlias(caller, request.id);
  }

  @Get('account/password-policy')
  @ApiOperation({ summary: 'GetAccountPasswordPolicy' })
  @Action('iam:GetAccountPasswordPolicy', IamResources.any)
  async passwordPolicy(@Caller() caller: Principal) {
    return { passwordPolicy: await this.accounts.passwordPolicy(caller) };
  }

  @Put('account/password-policy')
  @HttpCode(204)
  @ApiOperation({ summary: 'UpdateAccountPasswordPolicy (fields left out take their defaults)' })
  @Action('iam:UpdateAccountPasswordPolicy', IamResources.any)
  async setPasswordPolicy(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Body() body: PasswordPolicyDto,
  ) {
    await this.accounts.setPasswordPolicy(caller, request.id, body);
  }

  @Delete('account/password-policy')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteAccountPasswordPolicy' })
  @Action('iam:DeleteAccountPasswordPolicy', IamResources.any)
  async deletePasswordPolicy(@Caller() caller: Principal, @Req() request: FastifyRequest) {
    await this.accounts.deletePasswordPolicy(caller, request.id);
  }
}
