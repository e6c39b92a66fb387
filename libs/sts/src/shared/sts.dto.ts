import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';

// Shapes only: the STS rules for names, durations, tags and policies are
// the handlers' (shared/sts-inputs.ts), so every door gets the same messages.

export class SessionTagDto {
  @ApiProperty({ example: 'project' })
  @IsString()
  key!: string;

  @ApiProperty({ example: 'apollo' })
  @IsString()
  value!: string;
}

export class PolicyArnDto {
  @ApiProperty({ example: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' })
  @IsString()
  arn!: string;
}

/** What AssumeRole and GetFederationToken share: session policies and tags. */
class SessionPoliciesDto {
  @ApiPropertyOptional({ description: 'Inline session policy (JSON text, at most 2,048 characters)' })
  @IsOptionalNotNull()
  @IsString()
  policy?: string;

  @ApiPropertyOptional({ type: [PolicyArnDto], description: 'Managed session policies (at most 10)' })
  @IsOptionalNotNull()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PolicyArnDto)
  policyArns?: PolicyArnDto[];

  @ApiPropertyOptional({ type: [SessionTagDto], description: 'Session tags (at most 50)' })
  @IsOptionalNotNull()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SessionTagDto)
  tags?: SessionTagDto[];
}

export class AssumeRoleDto extends SessionPoliciesDto {
  @ApiProperty({ example: 'arn:aws:iam::123456789012:role/Deployer' })
  @IsString()
  roleArn!: string;

  @ApiProperty({ example: 'build-42', description: '2-64 of [\\w+=,.@-]' })
  @IsString()
  roleSessionName!: string;

  @ApiPropertyOptional({
    example: 3600,
    description: "900 up to the role's MaxSessionDuration (1 h when chaining)",
  })
  @IsOptionalNotNull()
  @IsInt()
  durationSeconds?: number;

  @ApiPropertyOptional({ description: '2-1224 characters; the trust policy can require it (sts:ExternalId)' })
  @IsOptionalNotNull()
  @IsString()
  externalId?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Keys of the session tags that carry into chained sessions',
  })
  @IsOptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  transitiveTagKeys?: string[];

  @ApiPropertyOptional({ description: '2-64 of [\\w+=,.@-]; kept through role chaining' })
  @IsOptionalNotNull()
  @IsString()
  sourceIdentity?: string;

  @ApiPropertyOptional({ description: 'MFA device serial number (with tokenCode)' })
  @IsOptionalNotNull()
  @IsString()
  serialNumber?: string;

  @ApiPropertyOptional({ description: 'MFA code, 6 digits (with serialNumber)' })
  @IsOptionalNotNull()
  @IsString()
  tokenCode?: string;
}

export class GetSessionTokenDto {
  @ApiPropertyOptional({ example: 43200, description: 'users 900-129600 (default 43200), root 900-3600' })
  @IsOptionalNotNull()
  @IsInt()
  durationSeconds?: number;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  serialNumber?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  tokenCode?: string;
}

export class GetFederationTokenDto extends SessionPoliciesDto {
  @ApiProperty({ example: 'bob', description: '2-32 of [\\w+=,.@-]' })
  @IsString()
  name!: string;

  @ApiPropertyOptional({ example: 43200, description: 'users 900-129600 (default 43200), root 900-3600' })
  @IsOptionalNotNull()
  @IsInt()
  durationSeconds?: number;
}

export class GetAccessKeyInfoDto {
  @ApiProperty({ example: 'AKIAIOSFODNN7EXAMPLE' })
  @IsString()
  accessKeyId!: string;
}
