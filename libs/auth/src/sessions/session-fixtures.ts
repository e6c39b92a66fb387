import { SecretBox } from '../secret-box';
import {
  newTemporaryCredentials,
  sealSession,
  type SessionFacts,
  type TemporaryCredentials,
} from './temporary-credentials';
import type { TemporarySession } from './temporary-session';

/** A role session record as STS writes it, for tests (libs/auth's and STS's). */
export function roleSessionFacts(overrides: Partial<SessionFacts> = {}, now = Date.now()): SessionFacts {
  const accountId = overrides.principal?.accountId ?? '111122223333';
  return {
    kind: 'assumed-role',
    principal: {
      type: 'assumed-role',
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/Deployer/build-42`,
      userId: 'AROAEXAMPLEEXAMPLEEXA:build-42',
    },
    role: {
      roleId: 'AROAEXAMPLEEXAMPLEEXA',
      arn: `arn:aws:iam::${accountId}:role/Deployer`,
      roleName: 'Deployer',
      sessionName: 'build-42',
    },
    issuedTo: { userId: 'AIDAEXAMPLEEXAMPLEEXA', accessKeyId: 'AKIAEXAMPLEEXAMPLEEX' },
    sessionPolicyArns: [],
    tags: {},
    transitiveTagKeys: [],
    mfaAuthenticated: false,
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 3600_000).toISOString(),
    chained: false,
    ...overrides,
  };
}

export function issuedSession(
  facts: SessionFacts,
  box = new SecretBox([{ id: 'test', key: Buffer.alloc(32, 7) }]),
): { credentials: TemporaryCredentials; session: TemporarySession; box: SecretBox } {
  const credentials = newTemporaryCredentials();
  return { credentials, session: sealSession(box, credentials, facts), box };
}
