import { randomUUID } from 'node:crypto';
import {
  ANONYMOUS_ACCOUNT,
  AccessRecordTypes,
  type AccessRecord,
  type AccessRecordEnvelope,
  type AccessUserIdentity,
} from '@iam/contracts';
import type { FastifyRequest } from 'fastify';
import type { AccessNotes, RecordedCaller, RecordedRequest } from './access-notes';
import { hideSecrets } from './secret-redaction';

/** Request parameters or response elements larger than this are not kept whole (CloudTrail truncates too). */
export const MAX_ELEMENTS_BYTES = 64 * 1024;

const READ_ONLY = /^(Get|List|Describe|Lookup|Simulate|Decode|Authorize|Validate|Generate|Me$)/;

export interface CallOutcome {
  status: number;
  /** The JSON answer (parsed), or what the door noted. */
  response: unknown;
  error?: { code: string; message: string };
  time: Date;
  /** The ids of the domain events the call appended (committed), in order. */
  producedEventIds?: readonly string[];
}

/** The access record of one call: an envelope for `iam.access.v1`, secrets already hidden. */
export function buildAccessRecord(
  request: FastifyRequest & RecordedRequest,
  notes: AccessNotes,
  outcome: CallOutcome,
): AccessRecordEnvelope {
  const caller = request.principal;
  const requestId = String(request.id);
  const parameters = notes.parameters ?? jsonParameters(request);
  // Only a public route's call names the account it goes to (a sign-in, a web identity's role): a call
  // whose signature failed names none, so nobody can write into another account's chain with a bad one.
  const named =
    notes.consoleSignIn || notes.unauthenticatedIdentity
      ? namedAccount(parameters, outcome.response)
      : undefined;
  const accountId = caller?.accountId ?? named ?? ANONYMOUS_ACCOUNT;
  const readOnly = READ_ONLY.test(notes.eventName);
  const failed = outcome.error !== undefined || outcome.status >= 400;
  const userAgent = request.headers['user-agent'];
  const record: AccessRecord = {
    eventVersion: '1.08',
    eventTime: outcome.time.toISOString(),
    eventSource: notes.consoleSignIn ? 'signin.amazonaws.com' : notes.eventSource,
    eventName: notes.consoleSignIn ? 'ConsoleLogin' : notes.eventName,
    eventType: notes.consoleSignIn ? AccessRecordTypes.consoleSignIn : AccessRecordTypes.apiCall,
    readOnly,
    userIdentity: caller ? identityOf(caller) : unauthenticated(request, notes, parameters, outcome.response),
    sourceIPAddress: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 1024) : '',
    requestParameters: bounded(hideSecrets(parameters)),
    // As CloudTrail: a read's answer is not recorded, nor a failed call's.
    responseElements:
      failed || (readOnly && !notes.consoleSignIn) ? null : bounded(hideSecrets(asObject(outcome.response))),
    ...(failed
      ? {
          errorCode: outcome.error?.code ?? `Http${outcome.status}`,
          errorMessage: (outcome.error?.message ?? '').slice(0, 1024),
        }
      : {}),
    requestID: requestId,
    resources: notes.resource ? resourcesOf(notes.resource) : [],
    recipientAccountId: accountId,
    producedEventIds: [...(outcome.producedEventIds ?? [])],
  };
  if (notes.consoleSignIn) {
    record.responseElements = { ConsoleLogin: failed ? 'Failure' : 'Success' };
    record.additionalEventData = {
      MFAUsed: typeof parameters?.mfaCode === 'string' ? 'Yes' : 'No',
    };
  }
  return {
    eventId: randomUUID(),
    type: record.eventType,
    schemaVersion: 1,
    streamId: `access/${requestId}`,
    streamVersion: 1,
    accountId,
    occurredAt: record.eventTime,
    actorArn: record.userIdentity.arn ?? 'anonymous',
    correlationId: requestId,
    causationId: null,
    payload: record,
  };
}

function identityOf(caller: RecordedCaller): AccessUserIdentity {
  const base = {
    principalId: caller.userId,
    arn: caller.arn,
    accountId: caller.accountId,
    accessKeyId: caller.accessKeyId,
  };
  const session = caller.session;
  const sessionContext = session
    ? {
        ...(session.roleArn
          ? {
              sessionIssuer: {
                type: 'Role',
                principalId: session.roleId ?? '',
                arn: session.roleArn,
                accountId: caller.accountId,
                userName: session.roleName ?? '',
              },
            }
          : {}),
        attributes: {
          creationDate: session.issuedAt,
          mfaAuthenticated: caller.mfaAuthenticated ? ('true' as const) : ('false' as const),
        },
        ...(session.sourceIdentity ? { sourceIdentity: session.sourceIdentity } : {}),
      }
    : undefined;
  const type: AccessUserIdentity['type'] =
    caller.type === 'root'
      ? 'Root'
      : caller.type === 'user'
        ? 'IAMUser'
        : caller.type === 'assumed-role'
          ? 'AssumedRole'
          : 'FederatedUser';
  return {
    type,
    ...base,
    ...(caller.userName ? { userName: caller.userName } : {}),
    ...(sessionContext ? { sessionContext } : {}),
  };
}

/** A caller no signature vouched for: the key id it named, the user a sign-in named. */
function unauthenticated(
  request: FastifyRequest,
  notes: AccessNotes,
  parameters: Record<string, unknown> | null,
  response: unknown,
): AccessUserIdentity {
  const accessKeyId = signedKeyId(request);
  if (notes.consoleSignIn) {
    const user = (asObject(response)?.user ?? undefined) as { arn?: string; userId?: string } | undefined;
    const account = namedAccount(parameters, response);
    return {
      type: 'IAMUser',
      ...(user?.userId ? { principalId: user.userId } : {}),
      ...(user?.arn ? { arn: user.arn } : {}),
      ...(account ? { accountId: account } : {}),
      ...(typeof parameters?.userName === 'string' ? { userName: parameters.userName.slice(0, 128) } : {}),
    };
  }
  return {
    type: notes.unauthenticatedIdentity ?? 'Unknown',
    ...(accessKeyId ? { accessKeyId } : {}),
  };
}

/** The access key id a SigV4 Authorization header or presigned query names (not verified). */
function signedKeyId(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const query = (request.query ?? {}) as Record<string, unknown>;
  const credential =
    typeof header === 'string'
      ? /Credential=([^/,\s]+)/.exec(header)?.[1]
      : typeof query['X-Amz-Credential'] === 'string'
        ? query['X-Amz-Credential'].split('/')[0]
        : undefined;
  return credential && /^[A-Z0-9]{16,128}$/.test(credential) ? credential : undefined;
}

/**
 * The account an unauthenticated call names (a sign-in's 12-digit account, the
 * account of the role a web identity or SAML call assumes, the user a sign-in
 * answered), or none: the record then goes to the `anonymous` chain.
 */
function namedAccount(parameters: Record<string, unknown> | null, response: unknown): string | undefined {
  const user = asObject(asObject(response)?.user);
  if (typeof user?.accountId === 'string' && /^\d{12}$/.test(user.accountId)) return user.accountId;
  const account = parameters?.account;
  if (typeof account === 'string' && /^\d{12}$/.test(account)) return account;
  const roleArn = parameters?.roleArn;
  if (typeof roleArn === 'string') return /^arn:aws:iam::(\d{12}):role\//.exec(roleArn)?.[1];
  return undefined;
}

function jsonParameters(request: FastifyRequest): Record<string, unknown> | null {
  const params = asObject(request.params) ?? {};
  const query = Object.fromEntries(
    Object.entries(asObject(request.query) ?? {}).filter(([key]) => !key.startsWith('X-Amz-')),
  );
  const body = asObject(request.body) ?? {};
  const merged = { ...query, ...params, ...body };
  return Object.keys(merged).length === 0 ? null : merged;
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function bounded(value: Record<string, unknown> | null): Record<string, unknown> | null {
  if (value === null) return null;
  const size = Buffer.byteLength(JSON.stringify(value));
  return size <= MAX_ELEMENTS_BYTES
    ? value
    : { omitted: `larger than ${MAX_ELEMENTS_BYTES} bytes (${size})` };
}

const RESOURCE_TYPES: [RegExp, string][] = [
  [/^arn:aws:iam::\d{12}:user\//, 'AWS::IAM::User'],
  [/^arn:aws:iam::\d{12}:group\//, 'AWS::IAM::Group'],
  [/^arn:aws:iam::\d{12}:role\//, 'AWS::IAM::Role'],
  [/^arn:aws:iam::(\d{12}|aws):policy\//, 'AWS::IAM::Policy'],
  [/^arn:aws:iam::\d{12}:mfa\//, 'AWS::IAM::MFADevice'],
  [/^arn:aws:iam::\d{12}:oidc-provider\//, 'AWS::IAM::OIDCProvider'],
  [/^arn:aws:iam::\d{12}:saml-provider\//, 'AWS::IAM::SAMLProvider'],
  [/^arn:aws:iam::\d{12}:root$/, 'AWS::IAM::Root'],
  [/^arn:aws:sts::\d{12}:assumed-role\//, 'AWS::STS::AssumedRole'],
  [/^arn:aws:sts::\d{12}:federated-user\//, 'AWS::STS::FederatedUser'],
];

/** The resource a call acted on, typed as CloudTrail types it; a wildcard is no resource. */
export function resourcesOf(arn: string): AccessRecord['resources'] {
  if (!arn.startsWith('arn:')) return [];
  const type = RESOURCE_TYPES.find(([pattern]) => pattern.test(arn))?.[1] ?? 'AWS::IAM::Resource';
  const accountId = arn.split(':')[4] ?? '';
  return [{ ARN: arn, accountId, type }];
}
