import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { PageQueryDto } from '@iam/service-kit';

export class PutInlinePolicyDto {
  @ApiProperty({
    description:
      'The inline policy document (JSON text); all inline policies of a principal together at most 2,048 (user), 5,120 (group) or 10,240 (role) characters without white space',
    example:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}',
  })
  @IsString()
  policyDocument!: string;
}

export class PutPermissionsBoundaryDto {
  @ApiProperty({
    description: 'A managed policy of the account, or an AWS managed policy',
    example: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
  })
  @IsString()
  policyArn!: string;
}

export class ListAttachedQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only policies whose path starts with this' })
  @IsOptionalNotNull()
  @IsString()
  pathPrefix?: string;
}
