import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsString, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { PageQueryDto } from '@iam/service-kit';

// Shapes only: the AWS rules for names, paths and tags are the domain's
// (libs/identity/src/shared), so every way in gets the same messages.

export class TagDto {
  @ApiProperty({ example: 'team' })
  @IsString()
  key!: string;

  @ApiProperty({ example: 'payments' })
  @IsString()
  value!: string;
}

export class CreateUserDto {
  @ApiProperty({
    example: 'alice',
    description: '1-64 of A-Z a-z 0-9 +=,.@_-; unique case-insensitively in the account',
  })
  @IsString()
  userName!: string;

  @ApiPropertyOptional({ example: '/division/', description: '/ or /…/, 1-512 characters' })
  @IsOptionalNotNull()
  @IsString()
  path?: string;

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

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'alice2' })
  @IsOptionalNotNull()
  @IsString()
  newUserName?: string;

  @ApiPropertyOptional({ example: '/engineering/' })
  @IsOptionalNotNull()
  @IsString()
  newPath?: string;
}

export class TagResourceDto {
  @ApiProperty({ type: [TagDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TagDto)
  tags!: TagDto[];
}

export class ListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only entities whose path starts with this' })
  @IsOptionalNotNull()
  @IsString()
  pathPrefix?: string;
}
