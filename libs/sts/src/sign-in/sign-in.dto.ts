import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';

export class SignInDto {
  @ApiProperty({ description: 'The 12-digit account id, or the account alias', example: '123456789012' })
  @IsString()
  @Length(1, 63)
  account!: string;

  @ApiProperty({ description: 'The IAM user name' })
  @IsString()
  @Length(1, 64)
  userName!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 128)
  password!: string;

  @ApiPropertyOptional({
    description: 'A code of the user’s MFA device (required when it has one)',
    example: '123456',
  })
  @IsOptionalNotNull()
  @IsString()
  // Not echoed: a live code must not come back in an error.
  @Matches(/^\d{6}$/, { message: 'mfaCode must be a code of 6 digits' })
  mfaCode?: string;
}
