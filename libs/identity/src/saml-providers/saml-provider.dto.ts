import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsString, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { TagDto } from '../users/user.dto';

// Shapes only: names, lengths and the metadata document are checked by the
// handlers and the decider, so every door gets the same messages.

export class CreateSamlProviderDto {
  @ApiProperty({ example: 'CorpIdP', description: '1-128 of [\\w._-]' })
  @IsString()
  name!: string;

  @ApiProperty({
    description:
      "The IdP's SAML 2.0 metadata document (1,000-10,000,000 characters): its entity id and signing certificates",
  })
  @IsString()
  samlMetadataDocument!: string;

  @ApiPropertyOptional({ type: [TagDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TagDto)
  tags?: TagDto[];
}

export class UpdateSamlProviderDto {
  @ApiProperty({ description: 'The new metadata document (replaces the signing certificates and entity id)' })
  @IsString()
  samlMetadataDocument!: string;
}
