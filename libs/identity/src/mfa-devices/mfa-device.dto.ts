import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { PageQueryDto } from '@iam/service-kit';

// Shapes only: name, path and code rules are the domain's (shared/, totp.ts).

export class CreateVirtualMfaDeviceDto {
  @ApiProperty({ example: 'alice-phone', description: '1-226 of A-Z a-z 0-9 +=,.@_-' })
  @IsString()
  virtualMfaDeviceName!: string;

  @ApiPropertyOptional({ example: '/', description: '/ or /…/, 1-512 characters' })
  @IsOptionalNotNull()
  @IsString()
  path?: string;
}

export class EnableMfaDeviceDto {
  @ApiProperty({ example: 'arn:aws:iam::123456789012:mfa/alice-phone' })
  @IsString()
  serialNumber!: string;

  @ApiProperty({ example: '123456', description: 'A code of the device' })
  @IsString()
  authenticationCode1!: string;

  @ApiProperty({ example: '654321', description: 'The code of the next 30-second step' })
  @IsString()
  authenticationCode2!: string;
}

export class ListVirtualMfaDevicesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['Assigned', 'Unassigned', 'Any'], default: 'Any' })
  @IsOptionalNotNull()
  @IsIn(['Assigned', 'Unassigned', 'Any'], {
    message: 'assignmentStatus must be Assigned, Unassigned or Any',
  })
  assignmentStatus?: 'Assigned' | 'Unassigned' | 'Any';
}
