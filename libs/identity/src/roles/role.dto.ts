import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { TagDto } from '../users/user.dto';

// Shapes only: the AWS rules for names, paths, descriptions, session
// durations and tags are the role decider's; the trust policy's grammar is
// the policy engine's.

const trustPolicyExample = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export class CreateRoleDto {
  @ApiProperty({
    example: 'deployer',
    description: '1-64 of A-Z a-z 0-9 +=,.@_-; unique case-insensitively in the account',
  })
  @IsString()
  roleName!: string;

  @ApiProperty({
    example: trustPolicyExample,
    description:
      'The trust policy as a JSON string (needs a Principal; at most 2,048 characters without white space)',
  })
  @IsString()
  assumeRolePolicyDocument!: string;

  @ApiPropertyOptional({ example: '/service-role/', description: '/ or /…/, 1-512 characters' })
  @IsOptionalNotNull()
  @IsString()
  path?: string;

  @ApiPropertyOptional({ example: 'Deploys the payments service', description: 'At most 1,000 characters' })
  @IsOptionalNotNull()
  @IsString()
  description?: string;

  @ApiPropertyOptional({ minimum: 3600, maximum: 43200, default: 3600, description: 'Seconds' })
  @IsOptionalNotNull()
  @IsInt()
  maxSessionDuration?: number;

  @ApiPropertyOptional({ type: [TagDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TagDto)
  tags?: TagDto[];

  @ApiPropertyOptional({
    example: 'arn:aws:iam::123456789012:policy/DelegatedBoundary',
    description: 'ARN of a managed policy (of the account, or AWS managed) set as the permissions boundary',
  })
  @IsOptionalNotNull()
  @IsString()
  permissionsBoundary?: string;
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ example: 'Deploys the payments service' })
  @IsOptionalNotNull()
  @IsString()
  description?: string;

  @ApiPropertyOptional({ minimum: 3600, maximum: 43200, description: 'Seconds' })
  @IsOptionalNotNull()
  @IsInt()
  maxSessionDuration?: number;
}

export class UpdateRoleDescriptionDto {
  @ApiProperty({ example: 'Deploys the payments service', maxLength: 1000 })
  @IsString()
  description!: string;
}

export class UpdateTrustPolicyDto {
  @ApiProperty({ example: trustPolicyExample, description: 'The new trust policy as a JSON string' })
  @IsString()
  policyDocument!: string;
}
