import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsString, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { TagDto } from '../users/user.dto';

// Shapes only: the AWS rules for the URL, client ids and thumbprints are the decider's.

export class CreateOpenIDConnectProviderDto {
  @ApiProperty({
    example: 'https://keycloak.internal:8443/realms/dev',
    description: 'The issuer, as tokens name it in `iss`: https (http on loopback only), port and path kept',
  })
  @IsString()
  url!: string;

  @ApiPropertyOptional({ type: [String], description: 'Audiences (`aud`) accepted; at most 100' })
  @IsOptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  clientIDList?: string[];

  @ApiPropertyOptional({ type: [String], description: 'At most 5 SHA-1 thumbprints (40 hex characters)' })
  @IsOptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  thumbprintList?: string[];

  @ApiPropertyOptional({ type: [TagDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TagDto)
  tags?: TagDto[];
}

export class AddClientIdDto {
  @ApiProperty({ example: 'sts.amazonaws.com' })
  @IsString()
  clientID!: string;
}

export class UpdateThumbprintDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @IsString({ each: true })
  thumbprintList!: string[];
}
