import type { EventEnvelope, NewEvent } from './event-envelope';

/**
 * One API call or console sign-in as CloudTrail records a management event
 * (AUDIT.md, issue 12). Published on `iam.access.v1` as the payload of an
 * ordinary envelope: `type` is the record's `eventType`, `streamId`
 * `access/<requestId>`, key and `accountId` the caller's account.
 * Secrets are replaced by `HIDDEN_DUE_TO_SECURITY_REASONS`.
 */
export interface AccessRecord {
  eventVersion: '1.08';
  eventTime: string;
  eventSource: string;
  eventName: string;
  eventType: 'AwsApiCall' | 'AwsConsoleSignIn';
  readOnly: boolean;
  userIdentity: {
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
  };
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  errorCode?: string;
  errorMessage?: string;
  requestID: string;
  resources: { ARN: string; accountId: string; type: string }[];
  recipientAccountId: string;
  producedEventIds?: string[];
  additionalEventData?: Record<string, unknown>;
}

/** The envelope types of `iam.access.v1`. */
export const AccessRecordTypes = {
  AwsApiCall: 'AwsApiCall',
  AwsConsoleSignIn: 'AwsConsoleSignIn',
} as const;

export type AccessDomainEvent =
  | NewEvent<typeof AccessRecordTypes.AwsApiCall, AccessRecord>
  | NewEvent<typeof AccessRecordTypes.AwsConsoleSignIn, AccessRecord>;

/** An access record as consumers receive it from `iam.access.v1`. */
export type AccessEvent =
  | EventEnvelope<typeof AccessRecordTypes.AwsApiCall, AccessRecord>
  | EventEnvelope<typeof AccessRecordTypes.AwsConsoleSignIn, AccessRecord>;
