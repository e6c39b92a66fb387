import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  AUTHORIZER,
  CredentialCache,
  isTemporaryAccessKeyId,
  SessionStore,
  type Authorizer,
  type Requester,
  type TemporarySession,
} from '@iam/auth';
import { IamError, StsEventTypes, StsSchemaVersion, type StsDomainEvent } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import type { RequestContext } from '@iam/policy-engine';
import { callerMetadata } from '@iam/service-kit';
import { StsArns } from '../shared/sts-arns';
import { StsStreams } from '../shared/sts-streams';

export class RevokeSession extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly accessKeyId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Ends one session by its access key id, at once, everywhere (with the
 * sessions chained from it). A session may always end itself (sign-out).
 * Anyone else needs, in the session's account, the permission AWS asks of
 * whoever cuts a session off there: `iam:PutRolePolicy` on the role of a
 * role session (AWS revokes role sessions with an inline deny policy), or
 * `iam:PutUserPolicy` on the user a GetSessionToken or federated session
 * was issued to. A session of another account, or none, is NoSuchEntity.
 */
@CommandHandler(RevokeSession)
export class RevokeSessionHandler implements ICommandHandler<RevokeSession> {
  constructor(
    private readonly store: EventStore,
    private readonly sessions: SessionStore,
    private readonly credentials: CredentialCache,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
  ) {}

  async execute({ requester, accessKeyId, context }: RevokeSession): Promise<void> {
    const { caller } = requester;
    const found = isTemporaryAccessKeyId(accessKeyId) ? await this.sessions.find(accessKeyId) : undefined;
    const session = found?.session;
    if (
      !session ||
      Date.parse(session.expiresAt) <= Date.now() ||
      session.principal.accountId !== caller.accountId
    )
      throw new IamError('NoSuchEntity', `The session with access key id ${accessKeyId} cannot be found.`);
    if (caller.accessKeyId !== accessKeyId) {
      const { action, resource } = this.permissionToRevoke(session);
      await this.authorizer.authorize(caller, action, resource, context);
    }
    const event: StsDomainEvent = {
      type: StsEventTypes.SessionRevoked,
      schemaVersion: StsSchemaVersion,
      payload: { accessKeyId, principalArn: session.principal.arn, revokedAt: new Date().toISOString() },
    };
    await this.store.database.transaction(async (tx) => {
      await this.store.appendWithin(tx, StsStreams.session(accessKeyId), 'any', [event], {
        ...callerMetadata(requester),
        accountId: session.principal.accountId,
      });
      await this.sessions.revokeSession(accessKeyId);
    });
  }

  private permissionToRevoke(session: TemporarySession): { action: string; resource: string } {
    if (session.role) return { action: 'iam:PutRolePolicy', resource: session.role.arn };
    const userId = session.issuedTo?.userId;
    const accountId = session.principal.accountId;
    const userArn =
      userId === accountId
        ? StsArns.root(accountId)
        : ((userId && this.credentials.principal(userId)?.arn) ?? session.principal.arn);
    return { action: 'iam:PutUserPolicy', resource: userArn };
  }
}
