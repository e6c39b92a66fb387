import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { PageQueryDto } from '@iam/service-kit';
import { ENTITY_TYPES, type EntityType } from './authorization-details.queries';

export class AccountAuthorizationDetailsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Which entities to include (repeat the parameter for several); all when left out',
    enum: ENTITY_TYPES,
    isArray: true,
  })
  @IsOptionalNotNull()
  // One `filter=User` in a query string is text; several are a list.
  @Transform(({ value }) => (typeof value === 'string' ? [value] : value))
  @IsArray()
  @IsIn(ENTITY_TYPES, { each: true, message: `filter must hold only ${ENTITY_TYPES.join(', ')}` })
  filter?: EntityType[];
}
