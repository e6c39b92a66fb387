import { IamError, type IamErrorCode } from '@iam/contracts';
import type { ContextValue } from '@iam/policy-engine';
import { timingSafeEqual } from 'node:crypto';
import type { Principal } from '../principal';
import type { SessionLookup } from './session-store';
import { sessionTokenSha256 } from './temporary-credentials';
import type { TemporarySession } from './temporary-session';

export const INVALID_TOKEN = 'The security token included in the request is invalid.';
export const EXPIRED_TOKEN = 'The security token included in the request is expired';

/** What the credentials projection says of the user (or root) a session was issued to. */
export type IssuerStanding = 'current' | 'gone';

/**
 * Whether a temporary credential may be used now, decided from what was
 * read for this request (pure: the clock and the issuer's standing come in).
 * A missing record, a token that does not match, a revocation or an issuer
 * whose user or key is gone all read as an invalid token, as AWS answers
 * them; only expiry is told apart.
 */
export function checkSession(
  lookup: SessionLookup | undefined,
  sessionToken: string | undefined,
  now: number,
  issuer: (issuedTo: NonNullable<TemporarySession['issuedTo']>) => IssuerStanding,
): TemporarySession {
  if (sessionToken === undefined || sessionToken === '' || !lookup) throw invalid();
  const { session, revokedBefore } = lookup;
  if (!tokenMatches(sessionToken, session.tokenSha256)) throw invalid();
  if (now >= Date.parse(session.expiresAt)) throw refused('ExpiredToken', EXPIRED_TOKEN);
  const issuedAt = Date.parse(session.issuedAt);
  // An unreadable issue time cannot be shown to be after a revocation.
  if (!Number.isFinite(issuedAt)) throw invalid();
  if (revokedBefore !== undefined && issuedAt <= revokedBefore) throw invalid();
  if (session.issuedTo && issuer(session.issuedTo) === 'gone') throw invalid();
  return session;
}

function tokenMatches(sessionToken: string, expectedSha256: string): boolean {
  const presented = Buffer.from(sessionTokenSha256(sessionToken), 'hex');
  const expected = Buffer.from(expectedSha256, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * The principal a session authenticates as. A GetSessionToken session is
 * its user, with the user's current ARN and name (`current`, from the
 * credentials projection) since the user may have been renamed since.
 */
export function sessionPrincipal(
  session: TemporarySession,
  current?: { arn: string; userName?: string },
): Principal {
  const ownUser = session.kind === 'session-token';
  return {
    type: session.principal.type,
    accountId: session.principal.accountId,
    arn: (ownUser && current?.arn) || session.principal.arn,
    userId: session.principal.userId,
    userName: ownUser ? (current?.userName ?? session.principal.userName) : undefined,
    accessKeyId: session.accessKeyId,
    mfaAuthenticated: session.mfaAuthenticated,
    session: {
      kind: session.kind,
      roleId: session.role?.roleId,
      roleArn: session.role?.arn,
      roleName: session.role?.roleName,
      sessionName: session.role?.sessionName,
      issuedToUserId: session.issuedTo?.userId,
      tags: session.tags,
      transitiveTagKeys: session.transitiveTagKeys,
      sourceIdentity: session.sourceIdentity,
      sessionPolicy: session.sessionPolicy,
      sessionPolicyArns: session.sessionPolicyArns,
      issuedAt: session.issuedAt,
      expiresAt: session.expiresAt,
      mfaAuthenticatedAt: session.mfaAuthenticatedAt,
      chained: session.chained,
      ...(session.federation
        ? {
            federation: {
              provider: session.federation.provider,
              ...(session.federation.conditionKeys
                ? { conditionKeys: session.federation.conditionKeys }
                : {}),
            },
          }
        : {}),
      ...(session.passwordResetRequired ? { passwordResetRequired: true } : {}),
    },
  };
}

/**
 * The global condition keys a session fills (the engine derives
 * `aws:PrincipalArn`, `aws:userid`, `aws:PrincipalType` and principal tags
 * from the principal). Long-term keys fill none: `aws:MultiFactorAuthPresent`
 * is absent for them, as in AWS. A federated role session adds
 * `aws:FederatedProvider` and the provider's claim keys.
 */
export function sessionContext(principal: Principal, now: number): Record<string, ContextValue> {
  const session = principal.session;
  if (!session) return {};
  const context: Record<string, ContextValue> = {
    'aws:TokenIssueTime': session.issuedAt,
    'aws:MultiFactorAuthPresent': principal.mfaAuthenticated,
  };
  const mfaAt = session.mfaAuthenticatedAt ? Date.parse(session.mfaAuthenticatedAt) : NaN;
  if (principal.mfaAuthenticated && Number.isFinite(mfaAt))
    context['aws:MultiFactorAuthAge'] = Math.max(0, Math.floor((now - mfaAt) / 1000));
  if (session.sourceIdentity !== undefined) context['aws:SourceIdentity'] = session.sourceIdentity;
  if (session.federation) {
    // The provider's own keys only: a claim can never pose as an `aws:` key.
    for (const [key, value] of Object.entries(session.federation.conditionKeys ?? {}))
      if (!key.toLowerCase().startsWith('aws:')) context[key] = value;
    context['aws:FederatedProvider'] = session.federation.provider;
  }
  return context;
}

function invalid(): IamError {
  return refused('InvalidClientTokenId', INVALID_TOKEN);
}

function refused(code: IamErrorCode, message: string): IamError {
  return new IamError(code, message);
}
