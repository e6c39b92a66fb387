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
import {
  appendedEventsSink,
  ConcurrencyError,
  EventStore,
  sqlErrorCode,
  type NewStreamAppend,
} from '@iam/event-store';
import { traceCarrierOf } from '@iam/messaging';
import { Metrics } from '@iam/platform';
import { StsStreams } from '../shared/sts-streams';
import { GroupCommit } from './group-commit';

/** Who asked for the credentials and from where: the event's metadata and the audit trail's "from where". */
export interface IssuanceOrigin {
  /** ARN of the principal whose request issued the session (sign-in: the user signing in). */
  actorArn: string;
  /** The request id: correlation of the event. */
  requestId: string;
  sourceIp?: string;
  userAgent?: string;
}

/** What issues temporary credentials: the STS actions, and the console's password sign-in. */
export type StsIssuingOperation =
  | 'AssumeRole'
  | 'AssumeRoleWithSAML'
  | 'AssumeRoleWithWebIdentity'
  | 'GetFederationToken'
  | 'GetSessionToken'
  | 'SignIn';

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

/** Sessions one commit carries at most: one statement of events and outbox rows, one Redis transaction. */
const SESSIONS_PER_COMMIT = 128;
/** Issuing commits running at once (each holds one of the pool's 10 connections for one statement). */
const COMMITS_IN_FLIGHT = 3;

interface PendingIssue {
  session: TemporarySession;
  append: NewStreamAppend;
}

/**
 * The one way temporary credentials come to exist (AssumeRole,
 * GetSessionToken, GetFederationToken, sign-in): fresh credentials, the
 * record sealed and stored in the session store, and `SessionIssued` on the
 * sts topic, in one call. The record is written before the event is
 * appended, so a session store that cannot be reached (503
 * ServiceUnavailable) leaves no event behind; should the append fail after
 * the write, the record is deleted again, so no credential lives unaudited
 * (and none is handed out before both are written).
 *
 * Issuances are group-committed: those that arrive together (the same turn
 * of the event loop, or while the previous commits run) share one
 * transaction, with every session its own stream (`session-ASIA…`, at
 * version 0) written in one statement, and every record in one Redis
 * MULTI. Each caller still gets its own credentials, or its own error: a
 * failure that may be one session's fault is retried one session at a
 * time; one that is everyone's (Postgres or Redis unreachable) fails the
 * batch, which then left nothing behind.
 */
@Injectable()
export class SessionIssuer {
  private readonly commits: GroupCommit<PendingIssue, void>;
  private readonly issued: ReturnType<Metrics['counter']>;

  constructor(
    private readonly store: EventStore,
    private readonly sessions: SessionStore,
    private readonly box: SecretBox,
    metrics: Metrics,
  ) {
    this.issued = metrics.counter(
      'iam_sts_credentials_issued_total',
      'Temporary credentials issued, by operation (AssumeRole, GetSessionToken, SignIn…)',
      ['operation'],
    );
    this.commits = new GroupCommit((batch) => this.commit(batch), {
      maxBatch: SESSIONS_PER_COMMIT,
      maxInFlight: COMMITS_IN_FLIGHT,
      isolate: mayBeOneSessionsFault,
    });
  }

  /** `operation`: the STS action (or `SignIn`) issuing them, for the issuance metric. */
  async issue(facts: SessionFacts, origin: IssuanceOrigin, operation: StsIssuingOperation): Promise<Issued> {
    const fresh = newTemporaryCredentials();
    const session = sealSession(this.box, fresh, facts);
    const event: StsDomainEvent = {
      type: StsEventTypes.SessionIssued,
      schemaVersion: StsSchemaVersion,
      payload: sessionIssued(session, origin),
    };
    const traceContext = traceCarrierOf();
    const appendedEvents = appendedEventsSink();
    await this.commits.submit({
      session,
      append: {
        streamId: StsStreams.session(session.accessKeyId),
        events: [event],
        // The session belongs to the account it acts in (the role's, for a cross-account AssumeRole).
        metadata: {
          accountId: session.principal.accountId,
          actorArn: origin.actorArn,
          correlationId: origin.requestId,
          causationId: origin.requestId,
        },
        ...(traceContext ? { traceContext } : {}),
        ...(appendedEvents ? { appendedEvents } : {}),
      },
    });
    this.issued.inc({ operation });
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

  /**
   * Records first, then the events in one statement: a session store that
   * cannot be reached fails the batch before any event exists; events that
   * cannot be appended take their records with them.
   */
  private async commit(batch: PendingIssue[]): Promise<void[]> {
    await this.sessions.putMany(batch.map((pending) => pending.session));
    try {
      await this.store.appendToNewStreams(batch.map((pending) => pending.append));
    } catch (error) {
      await Promise.all(
        batch.map(({ session }) => this.sessions.revokeSession(session.accessKeyId).catch(() => undefined)),
      );
      throw error;
    }
    return batch.map(() => undefined);
  }
}

/**
 * An access key id already taken (its stream exists), or a value Postgres
 * refuses (SQLSTATE classes 22 data exception, 23 integrity violation):
 * one session's, not the batch's.
 */
function mayBeOneSessionsFault(error: unknown): boolean {
  return error instanceof ConcurrencyError || /^2[23]/.test(sqlErrorCode(error) ?? '');
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
