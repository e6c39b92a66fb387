import type { EventEnvelope } from './event-envelope';

/** Envelope types on `iam.access.v1` (Topics.access). */
export const AccessRecordTypes = {
  apiCall: 'AwsApiCall',
  consoleSignIn: 'AwsConsoleSignIn',
} as const;

export type AccessRecordType = (typeof AccessRecordTypes)[keyof typeof AccessRecordTypes];

/** CloudTrail's wording for a value a record must not carry. */
export const HIDDEN_DUE_TO_SECURITY_REASONS = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** Where a call went, as CloudTrail's `eventSource`. */
export type AccessEventSource =
  | 'iam.amazonaws.com'
  | 'sts.amazonaws.com'
  | 'signin.amazonaws.com'
  | 'authorization.iam.local'
  | 'audit.iam.local';

export interface AccessUserIdentity {
  type: 'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser' | 'WebIdentityUser' | 'SAMLUser' | 'Unknown';
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  sessionContext?: {
    sessionIssuer?: { type: string; principalId: string; arn: string; accountId: string; userName: string };
    attributes: { creationDate: string; mfaAuthenticated: 'true' | 'false' };
    sourceIdentity?: string;
  };
}

/**
 * One API call of any service through either door, or one sign-in attempt:
 * a CloudTrail management event. Secrets are replaced by
 * HIDDEN_DUE_TO_SECURITY_REASONS before a record exists.
 */
export interface AccessRecord {
  eventVersion: '1.08';
  /** ISO-8601. */
  eventTime: string;
  eventSource: AccessEventSource;
  /** AWS action name: CreateUser, AssumeRole, ConsoleLogin, Authorize, LookupEvents… */
  eventName: string;
  eventType: AccessRecordType;
  readOnly: boolean;
  userIdentity: AccessUserIdentity;
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  /** Refused or failed calls (AccessDenied included). */
  errorCode?: string;
  errorMessage?: string;
  requestID: string;
  resources: { ARN: string; accountId: string; type: string }[];
  recipientAccountId: string;
  /**
   * Ids of the domain events this call's committed transactions appended, in
   * order (`[]` for a read or a refused call). Absent in records written
   * before it was filled: their events are those whose correlationId is requestID.
   */
  producedEventIds?: string[];
  /** e.g. the decision API: `{ decision, sampled }`. */
  additionalEventData?: Record<string, unknown>;
}

/** An access record as it travels: an ordinary envelope, chained by the audit trail like any event. */
export type AccessRecordEnvelope = EventEnvelope<AccessRecordType, AccessRecord>;

/** The account whose chain holds a call whose credentials named no known account. */
export const ANONYMOUS_ACCOUNT = 'anonymous';

export function isAccessRecord(event: EventEnvelope): event is AccessRecordEnvelope {
  return event.type === AccessRecordTypes.apiCall || event.type === AccessRecordTypes.consoleSignIn;
}

/** An access record as consumers receive it from `iam.access.v1`, narrowed by `type` in typed projections. */
export type AccessEvent =
  | EventEnvelope<typeof AccessRecordTypes.apiCall, AccessRecord>
  | EventEnvelope<typeof AccessRecordTypes.consoleSignIn, AccessRecord>;
