import { isAccessRecord, type EventEnvelope } from '@iam/contracts';

/**
 * The trail's lookup columns (migration 110), derived from an entry's payload
 * at insert: for an access record its event name, source, caller, key id,
 * read-only flag, error code and resources; for a domain event kind 'event'
 * and nothing else. The hash covers the payload, so `audit:verify` can check
 * every column against it.
 */
export interface LookupColumns {
  kind: 'event' | 'access';
  eventName: string | null;
  eventSource: string | null;
  principalArn: string | null;
  userName: string | null;
  accessKeyId: string | null;
  readOnly: boolean | null;
  errorCode: string | null;
  resources: { arn: string; type: string | null }[];
}

const NONE: LookupColumns = {
  kind: 'event',
  eventName: null,
  eventSource: null,
  principalArn: null,
  userName: null,
  accessKeyId: null,
  readOnly: null,
  errorCode: null,
  resources: [],
};

export function lookupColumns(event: Pick<EventEnvelope, 'type' | 'payload'>): LookupColumns {
  if (!isAccessRecord(event as EventEnvelope)) return NONE;
  // Untrusted JSON (it came over a topic): only values of the expected types fill a column.
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const identity = (isObject(payload.userIdentity) ? payload.userIdentity : {}) as Record<string, unknown>;
  const resources = Array.isArray(payload.resources) ? payload.resources : [];
  const seen = new Set<string>();
  return {
    kind: 'access',
    eventName: text(payload.eventName),
    eventSource: text(payload.eventSource),
    principalArn: text(identity.arn),
    userName: userNameOf(identity),
    accessKeyId: text(identity.accessKeyId),
    readOnly: typeof payload.readOnly === 'boolean' ? payload.readOnly : null,
    errorCode: text(payload.errorCode),
    resources: resources.flatMap((resource) => {
      if (!isObject(resource)) return [];
      const arn = text(resource.ARN);
      if (arn === null || seen.has(arn)) return [];
      seen.add(arn);
      return [{ arn, type: text(resource.type) }];
    }),
  };
}

/**
 * CloudTrail's `Username` lookup attribute: the IAM user's name, a role
 * session's name (the last part of its assumed-role ARN), `root` for the root user.
 */
function userNameOf(identity: Record<string, unknown>): string | null {
  const named = text(identity.userName);
  if (named !== null) return named;
  const arn = text(identity.arn);
  if (identity.type === 'AssumedRole' && arn !== null) return text(arn.slice(arn.lastIndexOf('/') + 1));
  return identity.type === 'Root' ? 'root' : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
