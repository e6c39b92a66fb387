import type { SessionFacts } from '@iam/auth';
import type { StsRole } from '../roles/roles.queries';
import { credentialsView, type CredentialsView } from '../shared/issued-response';
import { StsArns } from '../shared/sts-arns';
import type { SessionIssuer } from './session-issuer';

/** A role session for a caller an outside identity provider vouched for, once its trust policy allowed it. */
export interface FederatedRoleSession {
  role: StsRole;
  sessionName: string;
  /** The inline session policy, as passed. */
  policy?: string;
  policyArns: string[];
  tags: Record<string, string>;
  transitiveTagKeys: string[];
  sourceIdentity?: string;
  /** The provider that vouched for the caller, the subject it named, the condition keys its claims gave. */
  federation: NonNullable<SessionFacts['federation']>;
  /** Epoch ms the session starts at (aws:TokenIssueTime). */
  now: number;
  durationSeconds: number;
  /** Already checked by the caller before anything was spent (a SAML assertion is claimed once). */
  packedPolicySize: number;
  origin: { requestId: string; sourceIp?: string; userAgent?: string };
  operation: 'AssumeRoleWithSAML' | 'AssumeRoleWithWebIdentity';
}

export interface FederatedRoleSessionIssued {
  credentials: CredentialsView;
  assumedRoleUser: { arn: string; assumedRoleId: string };
  /** Only when policies or tags were passed, as AWS answers. */
  packedPolicySize?: number;
}

/**
 * The part AssumeRoleWithSAML and AssumeRoleWithWebIdentity share once the
 * provider's word and the trust policy are checked: an ordinary role
 * session (policies ∩ session policies, expiry, revocation) that names the
 * provider and subject, with the provider as the actor on the audit trail.
 */
export async function issueFederatedRoleSession(
  issuer: SessionIssuer,
  s: FederatedRoleSession,
): Promise<FederatedRoleSessionIssued> {
  const { role, sessionName, origin } = s;
  const arn = StsArns.assumedRole(role.accountId, role.roleName, sessionName);
  const assumedRoleId = `${role.roleId}:${sessionName}`;
  const facts: SessionFacts = {
    kind: 'assumed-role',
    principal: { type: 'assumed-role', accountId: role.accountId, arn, userId: assumedRoleId },
    role: { roleId: role.roleId, arn: role.arn, roleName: role.roleName, sessionName },
    ...(s.policy !== undefined ? { sessionPolicy: s.policy } : {}),
    sessionPolicyArns: s.policyArns,
    tags: s.tags,
    transitiveTagKeys: s.transitiveTagKeys,
    ...(s.sourceIdentity !== undefined ? { sourceIdentity: s.sourceIdentity } : {}),
    mfaAuthenticated: false,
    issuedAt: new Date(s.now).toISOString(),
    expiresAt: new Date(s.now + s.durationSeconds * 1000).toISOString(),
    chained: false,
    federation: s.federation,
  };
  const { credentials } = await issuer.issue(
    facts,
    {
      // No IAM principal asked: the provider vouched for the caller.
      actorArn: s.federation.provider,
      requestId: origin.requestId,
      ...(origin.sourceIp !== undefined ? { sourceIp: origin.sourceIp } : {}),
      ...(origin.userAgent !== undefined ? { userAgent: origin.userAgent } : {}),
    },
    s.operation,
  );
  const passedPolicies = s.policy !== undefined || s.policyArns.length > 0 || Object.keys(s.tags).length > 0;
  return {
    credentials: credentialsView(credentials),
    assumedRoleUser: { arn, assumedRoleId },
    ...(passedPolicies ? { packedPolicySize: s.packedPolicySize } : {}),
  };
}
