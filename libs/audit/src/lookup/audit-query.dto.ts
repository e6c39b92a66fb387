import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { PageQueryDto } from '@iam/service-kit';
import type { TrailFilter, TrailKind } from './trail-filter';

/**
 * An optional text filter: 1–2048 characters, no NUL (Postgres refuses NUL
 * in text: it would otherwise be a 500, not the caller's 400).
 */
const text = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, minLength: 1, maxLength: 2048 }),
    IsOptionalNotNull(),
    IsString(),
    Length(1, 2048),
    Matches(/^[^\u0000]*$/, { message: 'must not contain a NUL character' }),
  );

/**
 * LookupEvents's attributes as query parameters. Unlike CloudTrail (one
 * attribute per call), several may be combined; all must match. Unknown
 * parameters are refused (400 naming them).
 */
export class TrailFilterDto {
  @ApiPropertyOptional({ description: 'The 12-digit account whose trail to read (default: the caller’s)' })
  @IsOptionalNotNull()
  @Matches(/^\d{12}$/, { message: 'must be a 12-digit account id' })
  accountId?: string;

  @ApiPropertyOptional({ description: 'The event id of one record' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'must be an event id (a UUID)' })
  eventId?: string;

  @text('The action, e.g. CreateUser, AssumeRole, ConsoleLogin')
  eventName?: string;

  @text('An IAM user’s name, a role session’s name, or root')
  userName?: string;

  @text('The caller’s ARN (userIdentity.arn)')
  principalArn?: string;

  @text('A resource the call named (ResourceName in CloudTrail)')
  resourceArn?: string;

  @text('A type of resource the call named, e.g. AWS::IAM::User')
  resourceType?: string;

  @ApiPropertyOptional({ description: 'The access key id the call was signed with' })
  @IsOptionalNotNull()
  @Matches(/^[A-Z0-9]{16,128}$/, { message: 'must be an access key id (16 to 128 of A-Z and 0-9)' })
  accessKeyId?: string;

  @text('iam.amazonaws.com, sts.amazonaws.com, signin.amazonaws.com, authorization.iam.local, audit.iam.local')
  eventSource?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptionalNotNull()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  readOnly?: 'true' | 'false';

  @text('Refused or failed calls with this error code, e.g. AccessDenied')
  errorCode?: string;

  @ApiPropertyOptional({ description: 'ISO-8601; records at or after it' })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date and time' })
  startTime?: string;

  @ApiPropertyOptional({ description: 'ISO-8601; records before it' })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date and time' })
  endTime?: string;
}

/** The DTO's filter, typed (times parsed, readOnly a boolean). */
export function trailFilterOf(dto: TrailFilterDto): TrailFilter {
  return {
    eventId: dto.eventId,
    eventName: dto.eventName,
    userName: dto.userName,
    principalArn: dto.principalArn,
    resourceArn: dto.resourceArn,
    resourceType: dto.resourceType,
    accessKeyId: dto.accessKeyId,
    eventSource: dto.eventSource,
    readOnly: dto.readOnly === undefined ? undefined : dto.readOnly === 'true',
    errorCode: dto.errorCode,
    startTime: dto.startTime === undefined ? undefined : new Date(dto.startTime),
    endTime: dto.endTime === undefined ? undefined : new Date(dto.endTime),
  };
}

/** GET /v1/audit/events: the filters and a page (marker, maxItems). */
export class LookupEventsQueryDto extends IntersectionType(PageQueryDto, TrailFilterDto) {}

const KINDS: TrailKind[] = ['access', 'event', 'all'];

/** GET /v1/audit/stream: the filters, and which kinds of rows. */
export class StreamEventsQueryDto extends TrailFilterDto {
  @ApiPropertyOptional({ enum: KINDS, default: 'access', description: 'Access records, domain events, or both' })
  @IsOptionalNotNull()
  @IsIn(KINDS, { message: 'must be access, event or all' })
  kind?: TrailKind;
}

/** GET /v1/audit/export: the filters and kinds of the stream; startTime and endTime are required (checked by ExportEvents). */
export class ExportEventsQueryDto extends StreamEventsQueryDto {}
