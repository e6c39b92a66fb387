import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString } from 'class-validator';

// Shapes only: the AWS rules for names and paths are the group decider's.

export class CreateGroupDto {
  @ApiProperty({
    example: 'admins',
    description: '1-128 of A-Z a-z 0-9 +=,.@_-; unique case-insensitively in the account',
  })
  @IsString()
  groupName!: string;

  @ApiPropertyOptional({ example: '/ops/', description: '/ or /…/, 1-512 characters' })
  @IsOptional()
  @IsString()
  path?: string;
}

export class UpdateGroupDto {
  @ApiPropertyOptional({ example: 'operators' })
  @IsOptional()
  @IsString()
  newGroupName?: string;

  @ApiPropertyOptional({ example: '/engineering/' })
  @IsOptional()
  @IsString()
  newPath?: string;
}

/** Marker and MaxItems of a paged read without a path filter (GetGroup, ListGroupsForUser). */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'From a previous response, to get the next page' })
  @IsOptional()
  @IsString()
  marker?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  maxItems?: number;
}
