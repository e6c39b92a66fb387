import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';

// Shapes only: the AWS rules for names and paths are the group decider's.

export class CreateGroupDto {
  @ApiProperty({
    example: 'admins',
    description: '1-128 of A-Z a-z 0-9 +=,.@_-; unique case-insensitively in the account',
  })
  @IsString()
  groupName!: string;

  @ApiPropertyOptional({ example: '/ops/', description: '/ or /…/, 1-512 characters' })
  @IsOptionalNotNull()
  @IsString()
  path?: string;
}

export class UpdateGroupDto {
  @ApiPropertyOptional({ example: 'operators' })
  @IsOptionalNotNull()
  @IsString()
  newGroupName?: string;

  @ApiPropertyOptional({ example: '/engineering/' })
  @IsOptionalNotNull()
  @IsString()
  newPath?: string;
}
