import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsString, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { PageQueryDto } from '@iam/service-kit';

// Shapes only: AWS's rules for names, paths, documents and tags are the
// domain's (deciders and libs/policy-engine), so every way in gets the same messages.

export class TagDto {
  @ApiProperty({ example: 'team' })
  @IsString()
  key!: string;

  @ApiProperty({ example: 'payments' })
  @IsString()
  value!: string;
}

export class CreatePolicyDto {
  @ApiProperty({
    example: 'ReadReports',
    description: '1-128 of A-Z a-z 0-9 +=,.@_-; unique case-insensitively in the account',
  })
  @IsString()
  policyName!: string;

  @ApiProperty({
    description:
      'The policy document (JSON text), validated as an identity policy; at most 6,144 characters without white space',
    example:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
  })
  @IsString()
  policyDocument!: string;

  @ApiPropertyOptional({ example: '/reports/', description: '/ or /…/, 1-512 characters' })
  @IsOptionalNotNull()
  @IsString()
  path?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptionalNotNull()
  @IsString()
  description?: string;

  @ApiPropertyOptional({ type: [TagDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TagDto)
  tags?: TagDto[];
}

export class CreatePolicyVersionDto {
  @ApiProperty({ description: 'The new version’s policy document (JSON text)' })
  @IsString()
  policyDocument!: string;

  @ApiPropertyOptional({ default: false, description: 'Make this version the default (effective) one' })
  @IsOptionalNotNull()
  @IsBoolean()
  setAsDefault?: boolean;
}

export class SetDefaultPolicyVersionDto {
  @ApiProperty({ example: 'v2' })
  @IsString()
  versionId!: string;
}

export class ListPoliciesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['All', 'AWS', 'Local'], default: 'All' })
  @IsOptionalNotNull()
  @IsIn(['All', 'AWS', 'Local'])
  scope?: 'All' | 'AWS' | 'Local';

  @ApiPropertyOptional({ default: false, description: 'Only policies attached to a user, group or role' })
  @IsOptionalNotNull()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  onlyAttached?: boolean;

  @ApiPropertyOptional({ description: 'Only policies whose path starts with this' })
  @IsOptionalNotNull()
  @IsString()
  pathPrefix?: string;
}

export class ListEntitiesQueryDto {
  @ApiPropertyOptional({ enum: ['User', 'Group', 'Role'] })
  @IsOptionalNotNull()
  @IsIn(['User', 'Group', 'Role'])
  entityFilter?: 'User' | 'Group' | 'Role';

  @ApiPropertyOptional({ enum: ['PermissionsPolicy', 'PermissionsBoundary'] })
  @IsOptionalNotNull()
  @IsIn(['PermissionsPolicy', 'PermissionsBoundary'])
  policyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
}

export class TagPolicyDto {
  @ApiProperty({ type: [TagDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TagDto)
  tags!: TagDto[];
}
