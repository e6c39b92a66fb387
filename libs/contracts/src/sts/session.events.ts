import type { NewEvent } from '../event-envelope';
import type { TagV1 } from '../identity/identity-event-types';
import type { StsEventTypes } from './sts-event-types';

/** How a session came to be: AssumeRole, GetSessionToken, GetFederationToken (sign-in issues `session-token`). */
export type SessionKindV1 = 'assumed-role' | 'session-token' | 'federated-user';

/**
 * Stream `session-<ASIA id>`: temporary credentials were issued. The audit
 * trail reads who got them (`principalArn`), from whom (the envelope's
 * `actorArn`), for which role, from where, with which source identity and
 * tags. The secret and the session token are never in it.
 */
export interface SessionIssuedV1 {
  /** `ASIA…`: the credential's id (not a secret). */
  accessKeyId: string;
  kind: SessionKindV1;
  /** What the credential authenticates as: `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`, `…:federated-user/NAME`, or the user's own ARN. */
  principalArn: string;
  /** `aws:userid` of the session (`AROA…:SESSION`, `ACCT:NAME`, `AIDA…`). */
  principalId: string;
  /** Assumed roles: the role's IAM ARN and unique id. */
  roleArn?: string;
  roleId?: string;
  /** Assumed roles: the session name; federated users: the name. */
  sessionName?: string;
  /** The user (or root, by account id) whose credentials signed the request, when it was one. */
  issuedToUserId?: string;
  sourceIdentity?: string;
  /** Federated sessions: the identity provider's ARN, and the subject (`sub`) it vouched for. */
  federatedProvider?: string;
  federatedSubject?: string;
  /** Session tags (after inheritance of transitive tags through chaining). */
  sessionTags: TagV1[];
  transitiveTagKeys: string[];
  /** Managed session policies passed. */
  policyArns: string[];
  /** Whether an inline session policy was passed (the document stays in the session record). */
  inlinePolicy: boolean;
  mfaAuthenticated: boolean;
  /** ISO-8601, when MFA was last authenticated. */
  mfaAuthenticatedAt?: string;
  /** `aws:SourceIp` of the issuing request. */
  sourceIp?: string;
  userAgent?: string;
  /** ISO-8601. */
  issuedAt: string;
  /** ISO-8601. */
  expiration: string;
  /** Obtained with the temporary credentials of a role (role chaining). */
  chained: boolean;
}

/** Stream `session-<ASIA id>`: one session was revoked; it stops working at once, everywhere. */
export interface SessionRevokedV1 {
  accessKeyId: string;
  /** The session's principal, for readers that did not see the issuance. */
  principalArn?: string;
  /** ISO-8601. */
  revokedAt: string;
}

/** Stream `role-sessions-<AROA id>`: every session of the role issued at or before `before` stops working. */
export interface RoleSessionsRevokedV1 {
  roleId: string;
  roleName: string;
  roleArn: string;
  /** ISO-8601. */
  before: string;
}

export type SessionEvent =
  | NewEvent<typeof StsEventTypes.SessionIssued, SessionIssuedV1>
  | NewEvent<typeof StsEventTypes.SessionRevoked, SessionRevokedV1>;

export type RoleSessionsEvent = NewEvent<typeof StsEventTypes.RoleSessionsRevoked, RoleSessionsRevokedV1>;
