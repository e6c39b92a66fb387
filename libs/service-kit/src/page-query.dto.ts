import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';

/** Marker and MaxItems of a paged list read, as the query string carries them; list DTOs extend it with their filters. */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'From a previous response, to get the next page' })
  @IsOptionalNotNull()
  @IsString()
  marker?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  maxItems?: number;
}
