import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { PolicyArnDto } from '../shared/sts.dto';

// Shapes only: the rules are the handler's and the token verifier's.

export class AssumeRoleWithWebIdentityDto {
  @ApiProperty({ example: 'arn:aws:iam::123456789012:role/Deployer' })
  @IsString()
  roleArn!: string;

  @ApiProperty({ example: 'build-42', description: '2-64 of [\\w+=,.@-]' })
  @IsString()
  roleSessionName!: string;

  @ApiProperty({
    description: 'The OIDC ID token (a JWT signed by a registered provider), 4-20000 characters',
  })
  @IsString()
  webIdentityToken!: string;

  @ApiPropertyOptional({ description: 'Only for OAuth 2.0 access tokens in AWS; ignored for OIDC tokens' })
  @IsOptionalNotNull()
  @IsString()
  providerId?: string;

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

  @ApiPropertyOptional({ example: 3600, description: "900 up to the role's MaxSessionDuration" })
  @IsOptionalNotNull()
  @IsInt()
  durationSeconds?: number;
}
