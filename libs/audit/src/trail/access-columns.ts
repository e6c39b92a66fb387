import { isAccessRecord, type EventEnvelope } from '@iam/contracts';

/** The trail columns LookupEvents filters on, derived from an access record's payload (null for a domain event). */
export interface AccessColumns {
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

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * Derived at insert, never trusted on their own: the hash covers the payload
 * they come from, so they are verifiable. A record from Kafka is untrusted
 * JSON, so each field is read defensively (a wrong type is left null).
 * User name as CloudTrail's `Username` attribute: the IAM user's name, the
 * session name of a role session, `root` for the root user.
 */
export function accessColumns(event: EventEnvelope): AccessColumns {
  if (!isAccessRecord(event) || typeof event.payload !== 'object' || event.payload === null)
    return {
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
  const record = event.payload;
  // Untrusted JSON: read as a bag of unknowns, whatever the contract's type says.
  const identity = ((typeof record.userIdentity === 'object' && record.userIdentity) || {}) as Partial<
    Record<string, unknown>
  >;
  const arn = text(identity.arn);
  const sessionName = identity.type === 'AssumedRole' && arn ? (arn.split('/').pop() ?? null) : null;
  const resources: Partial<Record<string, unknown>>[] = Array.isArray(record.resources) ? record.resources : [];
  const seen = new Set<string>();
  return {
    kind: 'access',
    eventName: text(record.eventName),
    eventSource: text(record.eventSource),
    principalArn: arn,
    userName: text(identity.userName) ?? text(sessionName) ?? (identity.type === 'Root' ? 'root' : null),
    accessKeyId: text(identity.accessKeyId),
    readOnly: typeof record.readOnly === 'boolean' ? record.readOnly : null,
    errorCode: text(record.errorCode),
    resources: resources.flatMap((resource) => {
      const resourceArn = text(resource?.ARN);
      if (!resourceArn || seen.has(resourceArn)) return [];
      seen.add(resourceArn);
      return [{ arn: resourceArn, type: text(resource.type) }];
    }),
  };
}
