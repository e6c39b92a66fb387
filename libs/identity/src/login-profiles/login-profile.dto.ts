import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';

// Shapes only: the password rules are the account policy's (passwords/), so
// every way a password is set gets the same PasswordPolicyViolation.

export class PutLoginProfileDto {
  @ApiPropertyOptional({
    description:
      'Required when the user has no login profile yet. Checked against the account password policy and a common-password list; stored only as a sealed argon2id hash.',
    format: 'password',
  })
  @IsOptionalNotNull()
  @IsString()
  password?: string;

  @ApiPropertyOptional({ description: 'The user must choose a new password at next sign-in' })
  @IsOptionalNotNull()
  @IsBoolean()
  passwordResetRequired?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  oldPassword!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  newPassword!: string;
}
