/**
 * What a service hands the engine for one decision. Time, source IP and
 * every other fact arrive in `context`; the engine has no clock of its own.
 */

export type ContextScalar = string | number | boolean;

/** A context value; arrays are multi-valued keys such as `aws:TagKeys`. */
export type ContextValue = ContextScalar | readonly ContextScalar[];

/** Context keys are matched case-insensitively, as in AWS. */
export type RequestContext = Readonly<Record<string, ContextValue | undefined>>;

/**
 * `aws:PrincipalType` values as AWS spells them (`Account` is the root user),
 * plus the non-IAM callers a resource-based policy can name.
 */
export type PrincipalType =
  'Account' | 'User' | 'FederatedUser' | 'AssumedRole' | 'Anonymous' | 'Service' | 'WebIdentity' | 'SAML';

export interface RequestPrincipal {
  /**
   * The caller's ARN: a user ARN, an assumed-role session ARN
   * (`arn:aws:sts::111122223333:assumed-role/Role/session`), a root ARN, a
   * service name (`ec2.amazonaws.com`) or an identity-provider ARN.
   */
  readonly arn: string;
  readonly accountId: string;
  /** Defaults to `User`. */
  readonly type?: PrincipalType;
  /** For `AssumedRole` sessions: the role's ARN, which resource policies and `aws:PrincipalArn` use. */
  readonly roleArn?: string;
  /** `aws:userid` (e.g. `AIDA…`, or `AROA…:session`). */
  readonly userId?: string;
  /** `aws:username`, for IAM users only. */
  readonly username?: string;
  /** `aws:PrincipalTag/<key>` values; keys are matched case-insensitively. */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface AuthorizationRequest {
  readonly principal: RequestPrincipal;
  /** `service:Action`; matched case-insensitively. */
  readonly action: string;
  /** The resource ARN (or `*` for actions without a resource); matched case-sensitively. */
  readonly resource: string;
  /**
   * The account that owns the resource. Defaults to the account segment of
   * the resource ARN, and to the principal's account when the ARN has none
   * (S3-style ARNs).
   */
  readonly resourceAccountId?: string;
  readonly context?: RequestContext;
}
