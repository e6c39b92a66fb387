import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { PolicyArnDto } from '../shared/sts.dto';

// Shapes only: the STS rules are the handler's, so every door gets the same messages.

export class AssumeRoleWithSamlDto {
  @ApiProperty({ example: 'arn:aws:iam::123456789012:role/Engineers' })
  @IsString()
  roleArn!: string;

  @ApiProperty({
    example: 'arn:aws:iam::123456789012:saml-provider/CorpIdP',
    description: 'The SAML provider',
  })
  @IsString()
  principalArn!: string;

  @ApiProperty({ description: 'The SAML Response the IdP posted, base64 (4-100,000 characters)' })
  @IsString()
  samlAssertion!: string;

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

  @ApiPropertyOptional({
    example: 3600,
    description:
      "900 up to the role's MaxSessionDuration; the shorter of it and the SessionDuration attribute",
  })
  @IsOptionalNotNull()
  @IsInt()
  durationSeconds?: number;
}
