import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  getMetadataStorage,
  Matches,
  Max,
  Min,
  validateSync,
  ValidateIf,
} from 'class-validator';
import { IsOptionalNotNull } from '../http/is-optional-not-null';
import { IsTrustedProxyList } from './trusted-proxies';

export type DeploymentMode = 'standalone' | 'distributed';

/**
 * Every setting the services read, validated once at start-up. A missing or
 * malformed one stops the process with one line naming it.
 */
export class ServiceEnvironment {
  @IsIn(['standalone', 'distributed'])
  IAM_MODE: DeploymentMode = 'distributed';

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsOptionalNotNull()
  @IsInt({ message: 'PORT must be an integer between 0 and 65535 (0: any free port)' })
  @Min(0, { message: 'PORT must be an integer between 0 and 65535 (0: any free port)' })
  @Max(65535, { message: 'PORT must be an integer between 0 and 65535 (0: any free port)' })
  PORT?: number;

  @IsOptionalNotNull()
  @IsString()
  HOST = '0.0.0.0';

  @ValidateIf((env: ServiceEnvironment) => env.IAM_MODE === 'distributed' || env.DATABASE_URL !== undefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// URL (required in distributed mode)',
  })
  DATABASE_URL?: string;

  @ValidateIf((env: ServiceEnvironment) => env.IAM_MODE === 'distributed' || env.REDIS_URL !== undefined)
  @Matches(/^rediss?:\/\/\S+$/, {
    message: 'REDIS_URL must be a redis:// URL (required in distributed mode)',
  })
  REDIS_URL?: string;

  @ValidateIf((env: ServiceEnvironment) => env.IAM_MODE === 'distributed' || env.KAFKA_BROKERS !== undefined)
  @Matches(/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port (required in distributed mode)',
  })
  KAFKA_BROKERS?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsOptionalNotNull()
  @IsInt({ message: 'KAFKA_PARTITIONS must be an integer from 1 to 64' })
  @Min(1, { message: 'KAFKA_PARTITIONS must be an integer from 1 to 64' })
  @Max(64, { message: 'KAFKA_PARTITIONS must be an integer from 1 to 64' })
  KAFKA_PARTITIONS = 3;

  /**
   * Fail closed: requests are refused (503) while the in-memory credentials or
   * authorization data have not caught up with the database for this long.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsOptionalNotNull()
  @IsInt({ message: 'IAM_MAX_STALENESS_MS must be an integer from 1000 to 3600000' })
  @Min(1000, { message: 'IAM_MAX_STALENESS_MS must be an integer from 1000 to 3600000' })
  @Max(3_600_000, { message: 'IAM_MAX_STALENESS_MS must be an integer from 1000 to 3600000' })
  IAM_MAX_STALENESS_MS = 10_000;

  /**
   * After SIGTERM, how long the process keeps its listener open (answering
   * 503 with `Connection: close`, readiness false) before it closes it, so a
   * load balancer or Kubernetes has taken it out of its endpoints; in-flight
   * requests then finish before anything else stops.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsOptionalNotNull()
  @IsInt({ message: 'IAM_SHUTDOWN_DRAIN_MS must be an integer from 0 to 120000' })
  @Min(0, { message: 'IAM_SHUTDOWN_DRAIN_MS must be an integer from 0 to 120000' })
  @Max(120_000, { message: 'IAM_SHUTDOWN_DRAIN_MS must be an integer from 0 to 120000' })
  IAM_SHUTDOWN_DRAIN_MS = 0;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  /** Folder of standalone mode's data (PGlite files, root credentials). */
  @IsString()
  IAM_DATA_DIR = './.iam-data';

  /** Prefixes every service schema, so test workers or tenants of one database stay apart. */
  @Matches(/^[a-z_][a-z0-9_]{0,30}$|^$/, {
    message: 'IAM_SCHEMA_PREFIX must be lowercase letters, digits and _',
  })
  IAM_SCHEMA_PREFIX = '';

  @Matches(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'IAM_REGION must look like us-east-1' })
  IAM_REGION = 'us-east-1';

  /** Key-encryption keys for secrets at rest: `id:base64(32 bytes)[,id:base64…]`, first is current. */
  @ValidateIf(
    (env: ServiceEnvironment) => env.IAM_MODE === 'distributed' || env.IAM_KEY_ENCRYPTION_KEYS !== undefined,
  )
  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/, {
    message:
      'IAM_KEY_ENCRYPTION_KEYS must be id:base64(32 bytes)[,id:base64…] (required in distributed mode)',
  })
  IAM_KEY_ENCRYPTION_KEYS?: string;

  /**
   * Keys that authenticate events on the topics (HMAC per publishing
   * service): `id:base64(32 bytes)[,id:base64…]`, first signs, all verify.
   * Standalone mode, whose events never leave the process, makes one up at
   * start when absent.
   */
  @ValidateIf((env: ServiceEnvironment) => env.IAM_MODE === 'distributed' || env.IAM_EVENT_KEYS !== undefined)
  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'IAM_EVENT_KEYS must be id:base64(32 bytes)[,id:base64…] (required in distributed mode)',
  })
  IAM_EVENT_KEYS?: string;

  /**
   * The audit service's Ed25519 private key for signed digests: PEM
   * (`-----BEGIN PRIVATE KEY-----`) or base64 of the PKCS#8 DER. Standalone
   * mode generates one into its data folder when absent; a distributed audit
   * service without it writes no digests (and says so at start).
   */
  @IsOptionalNotNull()
  @IsString()
  IAM_AUDIT_SIGNING_KEY?: string;

  /** How often the audit service signs the head of every account chain that moved. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsOptionalNotNull()
  @IsInt({ message: 'IAM_AUDIT_DIGEST_INTERVAL_SECONDS must be an integer from 1 to 86400' })
  @Min(1, { message: 'IAM_AUDIT_DIGEST_INTERVAL_SECONDS must be an integer from 1 to 86400' })
  @Max(86_400, { message: 'IAM_AUDIT_DIGEST_INTERVAL_SECONDS must be an integer from 1 to 86400' })
  IAM_AUDIT_DIGEST_INTERVAL_SECONDS = 3600;

  /**
   * Days the audit trail keeps records (unset: forever). Older records are
   * pruned up to the last signed digest before the cutoff, which stays as the
   * checkpoint the rest of the chain verifies from.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsOptionalNotNull()
  @IsInt({ message: 'IAM_AUDIT_RETENTION_DAYS must be an integer from 1 to 36500' })
  @Min(1, { message: 'IAM_AUDIT_RETENTION_DAYS must be an integer from 1 to 36500' })
  @Max(36_500, { message: 'IAM_AUDIT_RETENTION_DAYS must be an integer from 1 to 36500' })
  IAM_AUDIT_RETENTION_DAYS?: number;

  /** Reject passwords found in the common-password dictionary (on by default). */
  @Transform(({ value }) => {
    if (value === undefined || typeof value === 'boolean') return value;
    const text = String(value).trim().toLowerCase();
    if (['true', '1', 'on', 'yes'].includes(text)) return true;
    if (['false', '0', 'off', 'no'].includes(text)) return false;
    return value; // not a boolean: IsBoolean names the setting
  })
  @IsOptionalNotNull()
  @IsBoolean({ message: 'IAM_COMMON_PASSWORD_CHECK must be true or false' })
  IAM_COMMON_PASSWORD_CHECK = true;

  /**
   * Tracing is off unless asked for (then spans are exported by OTLP over
   * HTTP): `otlp` turns it on (to the endpoint below, or the standard
   * http://localhost:4318), `none` keeps it off even with an endpoint set.
   * The standard OpenTelemetry names, so a collector's documentation applies.
   */
  @IsOptionalNotNull()
  @IsIn(['otlp', 'none'], { message: 'OTEL_TRACES_EXPORTER must be otlp or none' })
  OTEL_TRACES_EXPORTER?: 'otlp' | 'none';

  /** Collector base URL (spans go to its /v1/traces); setting it turns tracing on. */
  @IsOptionalNotNull()
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** Full URL spans are posted to, before OTEL_EXPORTER_OTLP_ENDPOINT; setting it turns tracing on. */
  @IsOptionalNotNull()
  @Matches(/^https?:\/\/\S+$/, {
    message: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http:// or https:// URL',
  })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  /**
   * Base URL of the identity service, where another service's AWS-protocol
   * door (`POST /`) forwards identity's actions (distributed mode).
   */
  @IsOptionalNotNull()
  @Matches(/^https?:\/\/\S+$/, { message: 'IAM_IDENTITY_URL must be an http:// or https:// URL' })
  IAM_IDENTITY_URL?: string;

  /** Base URL of the policy service, where another service's AWS-protocol door forwards policy's actions. */
  @IsOptionalNotNull()
  @Matches(/^https?:\/\/\S+$/, { message: 'IAM_POLICY_URL must be an http:// or https:// URL' })
  IAM_POLICY_URL?: string;

  /** Base URL of the sts service, where another service's AWS-protocol door forwards STS actions. */
  @IsOptionalNotNull()
  @Matches(/^https?:\/\/\S+$/, { message: 'IAM_STS_URL must be an http:// or https:// URL' })
  IAM_STS_URL?: string;

  /**
   * The proxies whose X-Forwarded-For this service believes (IPs or CIDRs,
   * comma-separated): a load balancer's, and the other services' own (their
   * AWS-protocol doors forward calls). The caller's address (`aws:SourceIp`,
   * an access record's sourceIPAddress) is the first one, from the right of
   * the chain, that is not a trusted proxy. Unset: the connection's address,
   * and X-Forwarded-For is ignored (a client could write anything there).
   */
  @IsOptionalNotNull()
  @IsTrustedProxyList({
    message:
      'IAM_TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR blocks (10.0.0.0/8, 127.0.0.1, ::1)',
  })
  IAM_TRUSTED_PROXIES?: string;

  /** Base URL of the audit service, where another service's AWS-protocol door forwards the credential report's actions. */
  @IsOptionalNotNull()
  @Matches(/^https?:\/\/\S+$/, { message: 'IAM_AUDIT_URL must be an http:// or https:// URL' })
  IAM_AUDIT_URL?: string;

  /**
   * The SAML audience of this deployment: AssumeRoleWithSAML accepts only
   * assertions restricted to it. AWS's own, so an identity provider already
   * set up for AWS works unchanged.
   */
  @IsOptionalNotNull()
  @Matches(/^\S{1,1024}$/, { message: 'IAM_SAML_AUDIENCE must be a URI without spaces' })
  IAM_SAML_AUDIENCE = 'urn:amazon:webservices';

  /**
   * Where assertions may be addressed (SubjectConfirmationData Recipient,
   * Response Destination), comma-separated; AWS's sign-in endpoints by
   * default, for the same reason.
   */
  @IsOptionalNotNull()
  @Matches(/^\S+(,\S+)*$/, { message: 'IAM_SAML_RECIPIENTS must be a comma-separated list of URLs' })
  IAM_SAML_RECIPIENTS = 'https://signin.aws.amazon.com/saml,https://signin.aws.amazon.com/static/saml';

  /** Preset root access key of the management account (automated deployments, tests). */
  @IsOptionalNotNull()
  @Matches(/^AKIA[A-Z2-7]{16}$/, {
    message: 'IAM_ROOT_ACCESS_KEY_ID must be AKIA followed by 16 of A-Z and 2-7',
  })
  IAM_ROOT_ACCESS_KEY_ID?: string;

  @ValidateIf((env: ServiceEnvironment) => env.IAM_ROOT_ACCESS_KEY_ID !== undefined)
  @Matches(/^[A-Za-z0-9/+]{40}$/, {
    message:
      'IAM_ROOT_SECRET_ACCESS_KEY must be 40 characters of A-Z a-z 0-9 / + (and is required with IAM_ROOT_ACCESS_KEY_ID)',
  })
  IAM_ROOT_SECRET_ACCESS_KEY?: string;
}

export class ConfigError extends Error {}

/**
 * The names of every setting above, from the validators' metadata (each has
 * at least one): what the README's table and the Kubernetes ConfigMap are
 * checked against.
 */
export function configurationVariables(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(ServiceEnvironment, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))].sort();
}

export function loadServiceEnvironment(
  env: NodeJS.ProcessEnv,
  defaults: Partial<Record<string, string>> = {},
) {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...defaults, ...env })) {
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(ServiceEnvironment, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const first = errors[0];
    const message = Object.values(first.constraints ?? {})[0] ?? `${first.property} is invalid`;
    throw new ConfigError(`configuration error: ${message}`);
  }
  return config;
}

/** The schema a service owns, with the configured prefix. */
export function serviceSchema(config: ServiceEnvironment, service: string): string {
  return `${config.IAM_SCHEMA_PREFIX}${service}`;
}
