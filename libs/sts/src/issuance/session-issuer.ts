import { Injectable } from '@nestjs/common';
import {
  newTemporaryCredentials,
  sealSession,
  SecretBox,
  SessionStore,
  type SessionFacts,
  type TemporarySession,
} from '@iam/auth';
import { StsEventTypes, StsSchemaVersion, type SessionIssuedV1, type StsDomainEvent } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { StsStreams } from '../shared/sts-streams';

/** Who asked for the credentials and from where: the event's metadata and the audit trail's "from where". */
export interface IssuanceOrigin {
  /** ARN of the principal whose request issued the session (sign-in: the user signing in). */
  actorArn: string;
  /** The request id: correlation of the event. */
  requestId: string;
  sourceIp?: string;
  userAgent?: string;
}

/** What the caller receives once: the secret and the token are in nothing stored or published. */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO-8601, the session's `expiresAt`. */
  expiration: string;
}

export interface Issued {
  credentials: IssuedCredentials;
  session: TemporarySession;
}

/**
 * The one way temporary credentials come to exist (AssumeRole,
 * GetSessionToken, GetFederationToken, sign-in): fresh credentials, the
 * record sealed and stored in the session store, and `SessionIssued` on the
 * sts topic, in one call. The record is written inside the event's
 * transaction, so a session store that cannot be reached (503
 * ServiceUnavailable) leaves no event behind; should the commit fail after
 * the write, the record is deleted again, so no credential lives unaudited.
 */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly store: EventStore,
    private readonly sessions: SessionStore,
    private readonly box: SecretBox,
  ) {}

  async issue(facts: SessionFacts, origin: IssuanceOrigin): Promise<Issued> {
    const fresh = newTemporaryCredentials();
    const session = sealSession(this.box, fresh, facts);
    const event: StsDomainEvent = {
      type: StsEventTypes.SessionIssued,
      schemaVersion: StsSchemaVersion,
      payload: sessionIssued(session, origin),
    };
    let stored = false;
    try {
      await this.store.database.transaction(async (tx) => {
        await this.store.appendWithin(tx, StsStreams.session(session.accessKeyId), 0, [event], {
          // The session belongs to the account it acts in (the role's, for a cross-account AssumeRole).
          accountId: session.principal.accountId,
          actorArn: origin.actorArn,
          correlationId: origin.requestId,
          causationId: origin.requestId,
        });
        await this.sessions.put(session);
        stored = true;
      });
    } catch (error) {
      if (stored) await this.sessions.revokeSession(session.accessKeyId).catch(() => undefined);
      throw error;
    }
    return {
      credentials: {
        accessKeyId: fresh.accessKeyId,
        secretAccessKey: fresh.secretAccessKey,
        sessionToken: fresh.sessionToken,
        expiration: session.expiresAt,
      },
      session,
    };
  }
}

/** The published facts of a session: everything but the secret, the token and the inline policy's text. */
export function sessionIssued(session: TemporarySession, origin: IssuanceOrigin): SessionIssuedV1 {
  return {
    accessKeyId: session.accessKeyId,
    kind: session.kind,
    principalArn: session.principal.arn,
    principalId: session.principal.userId,
    ...(session.role
      ? { roleArn: session.role.arn, roleId: session.role.roleId, sessionName: session.role.sessionName }
      : {}),
    ...(session.kind === 'federated-user'
      ? { sessionName: session.principal.arn.slice(session.principal.arn.lastIndexOf('/') + 1) }
      : {}),
    ...(session.issuedTo ? { issuedToUserId: session.issuedTo.userId } : {}),
    ...(session.sourceIdentity !== undefined ? { sourceIdentity: session.sourceIdentity } : {}),
    ...(session.federation
      ? { federatedProvider: session.federation.provider, federatedSubject: session.federation.subject }
      : {}),
    sessionTags: Object.entries(session.tags).map(([key, value]) => ({ key, value })),
    transitiveTagKeys: session.transitiveTagKeys,
    policyArns: session.sessionPolicyArns,
    inlinePolicy: session.sessionPolicy !== undefined,
    mfaAuthenticated: session.mfaAuthenticated,
    ...(session.mfaAuthenticatedAt ? { mfaAuthenticatedAt: session.mfaAuthenticatedAt } : {}),
    ...(origin.sourceIp !== undefined ? { sourceIp: origin.sourceIp } : {}),
    ...(origin.userAgent !== undefined ? { userAgent: origin.userAgent } : {}),
    issuedAt: session.issuedAt,
    expiration: session.expiresAt,
    chained: session.chained,
  };
}
