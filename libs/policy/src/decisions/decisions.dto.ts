import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { IsOptionalNotNull } from '@iam/platform';
import { contextProblem, MAX_BATCH, type ContextInput } from './decision-input';

/** A request context: `{ "aws:SourceIp": "10.0.0.1", "aws:TagKeys": ["a","b"], … }`. */
function IsRequestContext(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isRequestContext',
      validator: {
        validate: (value: unknown) => contextProblem(value) === undefined,
        defaultMessage: (args) => contextProblem(args?.value) ?? 'invalid context',
      },
    },
    options,
  );
}

const contextDoc: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: {
    oneOf: [
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
      { type: 'array', items: { type: 'string' } },
    ],
  },
  example: { 'aws:SourceIp': '203.0.113.7', 'aws:SecureTransport': true },
  description:
    'Condition keys of the request, as the calling platform knows them (values: string, number, boolean, or a list of strings for multi-valued keys). aws:CurrentTime and aws:EpochTime default to now; principal keys (aws:PrincipalArn, aws:PrincipalTag/…, aws:username, …) come from the principal.',
};

export class AuthorizeDto {
  @ApiProperty({
    example: 'arn:aws:iam::123456789012:user/alice',
    description:
      'The principal asked about: a user ARN, a role ARN (as a session of the role), or the account root ARN',
  })
  @IsString()
  @Length(1, 2048)
  principalArn!: string;

  @ApiProperty({ example: 's3:GetObject' })
  @IsString()
  @Matches(/^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$/, { message: 'action must be service:Action' })
  action!: string;

  @ApiProperty({ example: 'arn:aws:s3:::reports/2026/q1.csv' })
  @IsString()
  @Length(1, 2048)
  resource!: string;

  @ApiPropertyOptional(contextDoc)
  @IsOptionalNotNull()
  @IsRequestContext()
  context?: ContextInput;

  @ApiPropertyOptional({
    description:
      'A resource-based policy the platform keeps on the resource (JSON text, at most 20,480 characters without white space); evaluated as the resource side',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 131072)
  resourcePolicy?: string;

  @ApiPropertyOptional({
    example: '123456789012',
    description: 'The account owning the resource; default: the resource ARN’s account, else the principal’s',
  })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^\d{12}$/, { message: 'resourceAccountId must be 12 digits' })
  resourceAccountId?: string;
}

/** The batch body, for the OpenAPI document: checked by hand (checkAuthorizeBatch) with the same rules and field names. */
export class AuthorizeBatchDto {
  @ApiProperty({ type: [AuthorizeDto], maxItems: MAX_BATCH, minItems: 1 })
  requests!: AuthorizeDto[];

  @ApiPropertyOptional({
    default: false,
    description: 'Answer each request with matched statements, missing context keys and a summary',
  })
  explain?: boolean;
}

export class ForwardedRequestDto {
  @ApiProperty({ example: 'GET' })
  @IsString()
  @Matches(/^[A-Za-z]{1,16}$/, { message: 'method must be an HTTP method' })
  method!: string;

  @ApiProperty({
    example: '/buckets/reports/objects/q1.csv',
    description: 'The path exactly as on the request line (still percent-encoded), without the query',
  })
  @IsString()
  @Length(1, 8192)
  @Matches(/^\//, { message: 'path must start with /' })
  path!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    description: 'Decoded query parameters',
  })
  @IsOptionalNotNull()
  @ValidateBy({
    name: 'isStringMap',
    validator: {
      validate: (value: unknown) => isStringMap(value),
      defaultMessage: () => 'query must map names to strings or lists of strings',
    },
  })
  query?: Record<string, string | string[]>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'The headers as received (names in any case); must include Authorization, Host and X-Amz-Date',
  })
  @IsObject()
  @ValidateBy({
    name: 'isStringMap',
    validator: {
      validate: (value: unknown) => isStringMap(value),
      defaultMessage: () => 'headers must map names to strings or lists of strings',
    },
  })
  headers!: Record<string, string | string[]>;

  @ApiProperty({
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    description: 'SHA-256 (lower-case hex) of the body as received, or UNSIGNED-PAYLOAD',
  })
  @IsString()
  @Matches(/^([0-9a-f]{64}|UNSIGNED-PAYLOAD)$/, {
    message: 'bodySha256 must be 64 lower-case hex digits or UNSIGNED-PAYLOAD',
  })
  bodySha256!: string;
}

export class AuthorizeForwardedDto {
  @ApiProperty({ type: ForwardedRequestDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ForwardedRequestDto)
  request!: ForwardedRequestDto;

  @ApiPropertyOptional({
    example: 'storage',
    description:
      'The signing name the platform answers to: when given, the signature’s credential scope must name it (recommended, so a request signed for another service is refused). Default: the scope’s service.',
  })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'service must be 1-64 of a-z 0-9 -' })
  service?: string;

  @ApiProperty({ example: 'storage:GetObject' })
  @IsString()
  @Matches(/^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$/, { message: 'action must be service:Action' })
  action!: string;

  @ApiProperty({ example: 'arn:aws:storage:::reports/q1.csv' })
  @IsString()
  @Length(1, 2048)
  resource!: string;

  @ApiPropertyOptional(contextDoc)
  @IsOptionalNotNull()
  @IsRequestContext()
  context?: ContextInput;

  @ApiPropertyOptional({ description: 'A resource-based policy of the resource (JSON text)' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 131072)
  resourcePolicy?: string;

  @ApiPropertyOptional({ example: '123456789012' })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^\d{12}$/, { message: 'resourceAccountId must be 12 digits' })
  resourceAccountId?: string;
}

function isStringMap(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value as Record<string, unknown>).every(
    (v) => typeof v === 'string' || (Array.isArray(v) && v.every((item) => typeof item === 'string')),
  );
}

export const CONTEXT_KEY_TYPES = [
  'string',
  'stringList',
  'numeric',
  'numericList',
  'boolean',
  'booleanList',
  'ip',
  'ipList',
  'binary',
  'binaryList',
  'date',
  'dateList',
] as const;
export type ContextKeyType = (typeof CONTEXT_KEY_TYPES)[number];

export class ContextEntryDto {
  @ApiProperty({ example: 'aws:SourceIp' })
  @IsString()
  @Length(5, 256)
  contextKeyName!: string;

  @ApiProperty({ type: [String], example: ['203.0.113.7'] })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  contextKeyValues!: string[];

  @ApiProperty({ enum: CONTEXT_KEY_TYPES })
  @IsIn(CONTEXT_KEY_TYPES)
  contextKeyType!: ContextKeyType;
}

class SimulationDto {
  @ApiProperty({ type: [String], example: ['iam:CreateUser', 's3:GetObject'], maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Matches(/^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$/, {
    each: true,
    message: 'each value in actionNames must be service:Action',
  })
  actionNames!: string[];

  @ApiPropertyOptional({ type: [String], default: ['*'], maxItems: 1000 })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 2048, { each: true })
  resourceArns?: string[];

  @ApiPropertyOptional({ type: [ContextEntryDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ContextEntryDto)
  contextEntries?: ContextEntryDto[];

  @ApiPropertyOptional({
    type: [String],
    description:
      'A permissions boundary (JSON text) to simulate instead of the principal’s own (at most one)',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(1)
  @IsString({ each: true })
  permissionsBoundaryPolicyInputList?: string[];

  @ApiPropertyOptional({
    description: 'A resource-based policy (JSON text) to include, as AWS’s ResourcePolicy',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 131072)
  resourcePolicy?: string;

  @ApiPropertyOptional({
    example: '123456789012',
    description: 'The account owning the resources (ResourceOwner)',
  })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^\d{12}$/, { message: 'resourceOwner must be 12 digits' })
  resourceOwner?: string;

  @ApiPropertyOptional({
    example: 'arn:aws:iam::123456789012:user/alice',
    description: 'The ARN the simulated request is made as (aws:username, resource policies naming it, …)',
  })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 2048)
  callerArn?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 1000,
    default: 100,
    description: 'Results per call (AWS’s MaxItems); when isTruncated, call again with the marker',
  })
  @IsOptionalNotNull()
  @IsInt()
  maxItems?: number;

  @ApiPropertyOptional({ description: 'The marker of the previous page (AWS’s Marker)' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 320)
  marker?: string;
}

export class SimulatePrincipalPolicyDto extends SimulationDto {
  @ApiProperty({
    example: 'arn:aws:iam::123456789012:user/alice',
    description: 'A user, group or role of the caller’s account whose policies are simulated',
  })
  @IsString()
  @Length(20, 2048)
  policySourceArn!: string;

  @ApiPropertyOptional({ type: [String], description: 'Further identity policies (JSON text) to include' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  policyInputList?: string[];
}

export class SimulateCustomPolicyDto extends SimulationDto {
  @ApiProperty({ type: [String], description: 'Identity policies (JSON text) to simulate' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  policyInputList!: string[];
}

export const VALIDATE_POLICY_TYPES = [
  'IDENTITY_POLICY',
  'RESOURCE_POLICY',
  'SERVICE_CONTROL_POLICY',
  'PERMISSIONS_BOUNDARY_POLICY',
  'SESSION_POLICY',
] as const;
export type ValidatePolicyType = (typeof VALIDATE_POLICY_TYPES)[number];

export class ValidatePolicyDto {
  @ApiProperty({
    example:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}',
  })
  @IsString()
  @Length(1, 131072)
  policyDocument!: string;

  @ApiPropertyOptional({ enum: VALIDATE_POLICY_TYPES, default: 'IDENTITY_POLICY' })
  @IsOptionalNotNull()
  @IsIn(VALIDATE_POLICY_TYPES)
  policyType?: ValidatePolicyType;
}
