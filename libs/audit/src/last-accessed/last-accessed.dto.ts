import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { PageQueryDto } from '@iam/service-kit';

/** The entity and granularity of an access advisor report (query of the one-call route, body of a job). */
export class LastAccessedQueryDto {
  @ApiProperty({ description: "ARN of a user, role, group or managed policy of the caller's account" })
  @IsString()
  @MaxLength(2048)
  @Matches(/^arn:aws:iam::(\d{12}|aws):(user|role|group|policy)\/\S+$/, {
    message: 'arn must be the ARN of an IAM user, role, group or managed policy',
  })
  arn!: string;

  @ApiPropertyOptional({ enum: ['SERVICE_LEVEL', 'ACTION_LEVEL'], default: 'SERVICE_LEVEL' })
  @IsOptionalNotNull()
  @IsIn(['SERVICE_LEVEL', 'ACTION_LEVEL'], { message: 'granularity must be SERVICE_LEVEL or ACTION_LEVEL' })
  granularity?: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
}

/** GetServiceLastAccessedDetails' MaxItems and Marker (over the report's services). */
export class LastAccessedJobQueryDto extends PageQueryDto {}
