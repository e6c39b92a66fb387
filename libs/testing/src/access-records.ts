import { randomUUID } from 'node:crypto';
import {
  AccessRecordTypes,
  type AccessRecord,
  type AccessRecordEnvelope,
  type AccessUserIdentity,
} from '@iam/contracts';

/** What varies between the access records a test or benchmark makes. */
export interface AccessRecordSpec {
  accountId: string;
  eventName?: string;
  eventSource?: AccessRecord['eventSource'];
  readOnly?: boolean;
  /** An IAM user of the account (default), `root`, or a role session `Role/session`. */
  caller?: { kind: 'user'; userName: string } | { kind: 'root' } | { kind: 'role'; roleName: string; sessionName: string };
  accessKeyId?: string;
  errorCode?: string;
  resources?: { ARN: string; type: string }[];
  eventTime?: Date;
  requestParameters?: Record<string, unknown> | null;
}

/**
 * An access record of the issue 12 contract (AUDIT.md), as a service would
 * publish it on `iam.access.v1`: test data for the trail's readers, applied
 * through the trail projection or published on the topic.
 */
export function accessRecordEnvelope(spec: AccessRecordSpec): AccessRecordEnvelope {
  const { accountId } = spec;
  const requestId = randomUUID();
  const time = (spec.eventTime ?? new Date()).toISOString();
  const caller = spec.caller ?? { kind: 'user', userName: 'alice' };
  const accessKeyId = spec.accessKeyId ?? 'AKIAIOSFODNN7EXAMPLE';
  const userIdentity: AccessUserIdentity =
    caller.kind === 'root'
      ? { type: 'Root', principalId: accountId, arn: `arn:aws:iam::${accountId}:root`, accountId, accessKeyId }
      : caller.kind === 'user'
        ? {
            type: 'IAMUser',
            principalId: `AIDA${requestId.replaceAll('-', '').slice(0, 16).toUpperCase()}`,
            arn: `arn:aws:iam::${accountId}:user/${caller.userName}`,
            accountId,
            accessKeyId,
            userName: caller.userName,
          }
        : {
            type: 'AssumedRole',
            principalId: `AROAEXAMPLE:${caller.sessionName}`,
            arn: `arn:aws:sts::${accountId}:assumed-role/${caller.roleName}/${caller.sessionName}`,
            accountId,
            accessKeyId,
            sessionContext: {
              sessionIssuer: {
                type: 'Role',
                principalId: 'AROAEXAMPLE',
                arn: `arn:aws:iam::${accountId}:role/${caller.roleName}`,
                accountId,
                userName: caller.roleName,
              },
              attributes: { creationDate: time, mfaAuthenticated: 'false' },
            },
          };
  const eventName = spec.eventName ?? 'GetUser';
  const record: AccessRecord = {
    eventVersion: '1.08',
    eventTime: time,
    eventSource: spec.eventSource ?? 'iam.amazonaws.com',
    eventName,
    eventType: 'AwsApiCall',
    readOnly: spec.readOnly ?? /^(Get|List|Lookup|Simulate)/.test(eventName),
    userIdentity,
    sourceIPAddress: '192.0.2.10',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: spec.requestParameters ?? null,
    responseElements: null,
    ...(spec.errorCode ? { errorCode: spec.errorCode, errorMessage: `${spec.errorCode} (test)` } : {}),
    requestID: requestId,
    resources: (spec.resources ?? []).map((r) => ({ ...r, accountId: r.ARN.split(':')[4] || accountId })),
    recipientAccountId: accountId,
  };
  return {
    eventId: randomUUID(),
    type: AccessRecordTypes.apiCall,
    schemaVersion: 1,
    streamId: `access/${requestId}`,
    streamVersion: 1,
    accountId,
    occurredAt: time,
    actorArn: userIdentity.arn ?? 'anonymous',
    correlationId: requestId,
    causationId: null,
    payload: record,
  };
}
