import { IamError } from '@iam/contracts';
import { issuedSession, roleSessionFacts } from './session-fixtures';
import { checkSession, sessionContext, sessionPrincipal, type IssuerStanding } from './session-principal';

const now = Date.parse('2026-01-01T12:00:00.000Z');
const current = (): IssuerStanding => 'current';

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof IamError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

describe('checkSession', () => {
  const { credentials, session } = issuedSession(roleSessionFacts({}, now - 60_000));
  const token = credentials.sessionToken;
  const invalid = {
    code: 'InvalidClientTokenId',
    message: 'The security token included in the request is invalid.',
  };

  it('accepts the right token before expiry', () => {
    expect(checkSession({ session }, token, now, current)).toBe(session);
  });

  it('refuses a missing record, a missing token and a wrong token as an invalid token', () => {
    expect(refusal(() => checkSession(undefined, token, now, current))).toEqual(invalid);
    expect(refusal(() => checkSession({ session }, undefined, now, current))).toEqual(invalid);
    expect(refusal(() => checkSession({ session }, '', now, current))).toEqual(invalid);
    expect(refusal(() => checkSession({ session }, `${token}x`, now, current))).toEqual(invalid);
  });

  it('refuses from the second of expiry with ExpiredToken', () => {
    const expiresAt = Date.parse(session.expiresAt);
    expect(checkSession({ session }, token, expiresAt - 1, current)).toBe(session);
    expect(refusal(() => checkSession({ session }, token, expiresAt, current))).toEqual({
      code: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
  });

  it('refuses a session issued at or before a revocation marker, not one issued after', () => {
    const issuedAt = Date.parse(session.issuedAt);
    expect(refusal(() => checkSession({ session, revokedBefore: issuedAt }, token, now, current))).toEqual(
      invalid,
    );
    expect(
      refusal(() => checkSession({ session, revokedBefore: issuedAt + 5 }, token, now, current)),
    ).toEqual(invalid);
    expect(checkSession({ session, revokedBefore: issuedAt - 1 }, token, now, current)).toBe(session);
  });

  it('refuses when the issuing user or its key is gone, and asks about exactly the recorded issuer', () => {
    const asked: unknown[] = [];
    expect(
      refusal(() =>
        checkSession({ session }, token, now, (issuedTo) => {
          asked.push(issuedTo);
          return 'gone';
        }),
      ),
    ).toEqual(invalid);
    expect(asked).toEqual([session.issuedTo]);
  });
});

describe('sessionPrincipal and sessionContext', () => {
  it('makes a role session an assumed-role principal with its role and session facts', () => {
    const { session } = issuedSession(
      roleSessionFacts(
        {
          tags: { team: 'blue' },
          transitiveTagKeys: ['team'],
          sourceIdentity: 'alice',
          sessionPolicy: '{"Version":"2012-10-17","Statement":[]}',
          mfaAuthenticated: true,
          mfaAuthenticatedAt: new Date(now - 90_000).toISOString(),
        },
        now - 120_000,
      ),
    );
    const principal = sessionPrincipal(session);
    expect(principal).toMatchObject({
      type: 'assumed-role',
      arn: 'arn:aws:sts::111122223333:assumed-role/Deployer/build-42',
      userId: 'AROAEXAMPLEEXAMPLEEXA:build-42',
      accessKeyId: session.accessKeyId,
      mfaAuthenticated: true,
      session: {
        kind: 'assumed-role',
        roleId: 'AROAEXAMPLEEXAMPLEEXA',
        roleArn: 'arn:aws:iam::111122223333:role/Deployer',
        sessionName: 'build-42',
        issuedToUserId: 'AIDAEXAMPLEEXAMPLEEXA',
        tags: { team: 'blue' },
        transitiveTagKeys: ['team'],
        sourceIdentity: 'alice',
        issuedAt: session.issuedAt,
        chained: false,
      },
    });
    expect(principal.userName).toBeUndefined();
    expect(sessionContext(principal, now)).toEqual({
      'aws:TokenIssueTime': session.issuedAt,
      'aws:MultiFactorAuthPresent': true,
      'aws:MultiFactorAuthAge': 90,
      'aws:SourceIdentity': 'alice',
    });
  });

  it('says MFA is absent (false) for a session without it, and fills nothing for long-term keys', () => {
    const principal = sessionPrincipal(issuedSession(roleSessionFacts({}, now)).session);
    expect(sessionContext(principal, now)).toEqual({
      'aws:TokenIssueTime': new Date(now).toISOString(),
      'aws:MultiFactorAuthPresent': false,
    });
    expect(sessionContext({ ...principal, session: undefined }, now)).toEqual({});
  });

  it('gives a federated session aws:FederatedProvider and the provider claim keys, never an aws: key from a claim', () => {
    const provider = 'arn:aws:iam::111122223333:oidc-provider/keycloak.internal:8443/realms/dev';
    const principal = sessionPrincipal(
      issuedSession(
        roleSessionFacts(
          {
            federation: {
              provider,
              subject: 'system:serviceaccount:ci:builder',
              conditionKeys: {
                'keycloak.internal:8443/realms/dev:sub': 'system:serviceaccount:ci:builder',
                'keycloak.internal:8443/realms/dev:amr': ['pwd', 'mfa'],
                'aws:FederatedProvider': 'arn:aws:iam::999999999999:oidc-provider/evil',
                'AWS:PrincipalArn': 'arn:aws:iam::999999999999:root',
              },
            },
          },
          now,
        ),
      ).session,
    );
    expect(sessionContext(principal, now)).toEqual({
      'aws:TokenIssueTime': new Date(now).toISOString(),
      'aws:MultiFactorAuthPresent': false,
      'keycloak.internal:8443/realms/dev:sub': 'system:serviceaccount:ci:builder',
      'keycloak.internal:8443/realms/dev:amr': ['pwd', 'mfa'],
      'aws:FederatedProvider': provider,
    });
  });

  it("makes a GetSessionToken session its user, under the user's current name", () => {
    const { session } = issuedSession(
      roleSessionFacts({
        kind: 'session-token',
        role: undefined,
        principal: {
          type: 'user',
          accountId: '111122223333',
          arn: 'arn:aws:iam::111122223333:user/old-name',
          userId: 'AIDAEXAMPLEEXAMPLEEXA',
          userName: 'old-name',
        },
      }),
    );
    const principal = sessionPrincipal(session, {
      arn: 'arn:aws:iam::111122223333:user/new-name',
      userName: 'new-name',
    });
    expect(principal).toMatchObject({
      type: 'user',
      arn: 'arn:aws:iam::111122223333:user/new-name',
      userName: 'new-name',
      userId: 'AIDAEXAMPLEEXAMPLEEXA',
      session: { kind: 'session-token' },
    });
  });
});
