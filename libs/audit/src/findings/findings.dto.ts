import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { PageQueryDto } from '@iam/service-kit';
import { FINDING_RULES } from './finding-rules';

/** GET /v1/findings: the filters (all must match) and a page (marker, maxItems 1–1000). */
export class ListFindingsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] })
  @IsOptionalNotNull()
  @IsIn(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'], {
    message: 'severity must be one of CRITICAL, HIGH, MEDIUM, LOW',
  })
  severity?: string;

  @ApiPropertyOptional({ enum: FINDING_RULES.map((r) => r.id) })
  @IsOptionalNotNull()
  @IsIn(FINDING_RULES.map((r) => r.id), {
    message: 'ruleId must be the id of a rule (README "Audit: reports and findings")',
  })
  ruleId?: string;

  @ApiPropertyOptional({ description: 'ARN of the user, role, group, policy or account root at fault' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2048)
  @Matches(/^arn:aws:iam::(\d{12}|aws):\S+$/, { message: 'entityArn must be an IAM ARN' })
  entityArn?: string;
}
