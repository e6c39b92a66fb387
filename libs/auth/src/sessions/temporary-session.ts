/**
 * A live temporary credential (an `ASIA…` access key id) as STS issues it and
 * every service verifies it. STS writes it; every service reads it (the
 * owner of the record is this library, the writer is libs/sts).
 *
 * Held in the TTL store (Redis in distributed mode) under
 * `sessionKey(accessKeyId)`, expiring with the credential. The secret is
 * sealed with the key-encryption keys (SecretBox, associated data = the
 * access key id); the session token is kept only as its SHA-256.
 */
export interface TemporarySession {
  accessKeyId: string;
  /** SecretBox blob of the secret access key. */
  sealedSecret: string;
  /** Hex SHA-256 of the session token; compared in constant time. */
  tokenSha256: string;
  kind: 'assumed-role' | 'session-token' | 'federated-user';
  /** Who the credential authenticates as: the assumed-role / federated-user ARN (STS form), or the IAM user itself for GetSessionToken. */
  principal: {
    type: 'root' | 'user' | 'assumed-role' | 'federated-user';
    accountId: string;
    /** `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`, `arn:aws:sts::ACCT:federated-user/NAME`, or the user's/root's own ARN. */
    arn: string;
    /** `aws:userid`: `AROA…:SESSION`, `ACCT:NAME` (federated), the user's `AIDA…`, or the account id (root). */
    userId: string;
    userName?: string;
  };
  /** Assumed roles: the role (its policies, boundary and tags apply), and the session name. */
  role?: { roleId: string; arn: string; roleName: string; sessionName: string };
  /** The IAM user (or root) whose long-term credentials the session descends from: its deletion, its key's deletion or deactivation, end it. */
  issuedTo?: { userId: string; accessKeyId?: string };
  /** Session policies: the inline document as sent and managed policy ARNs (≤ 10); permissions are intersected with them. */
  sessionPolicy?: string;
  sessionPolicyArns: string[];
  /** Session tags (principal tags of the session; override the role's tags of the same key). */
  tags: Record<string, string>;
  transitiveTagKeys: string[];
  sourceIdentity?: string;
  /**
   * Federated role sessions (AssumeRoleWithWebIdentity, AssumeRoleWithSAML):
   * the identity provider's ARN (`aws:FederatedProvider`), the subject it
   * vouched for, and the provider's claim keys the trust policy saw
   * (`HOST/PATH:sub`, `:aud`, `:amr`…; `saml:sub`, `saml:aud`…), which the
   * session's later requests carry as condition keys too.
   */
  federation?: { provider: string; subject: string; conditionKeys?: Record<string, string | string[]> };
  mfaAuthenticated: boolean;
  /** ISO-8601: when MFA was last authenticated (aws:MultiFactorAuthAge). */
  mfaAuthenticatedAt?: string;
  /** ISO-8601 (aws:TokenIssueTime). */
  issuedAt: string;
  /** ISO-8601. */
  expiresAt: string;
  /** The session was obtained with temporary credentials of a role (role chaining: at most one hour). */
  chained: boolean;
  /**
   * A sign-in session of a user who must change their password first (reset
   * required, or expired without hard expiry): every action but
   * iam:ChangePassword and iam:GetAccountPasswordPolicy is denied.
   */
  passwordResetRequired?: boolean;
}

/** TTL-store key of a live session. */
export function sessionKey(accessKeyId: string): string {
  return `sts-session:${accessKeyId}`;
}

/**
 * TTL-store key of a revocation marker: sessions of `ownerId` (a role id, a
 * user id or an access key id) issued at or before the stored epoch
 * milliseconds no longer work. Lives as long as the longest session (36 h).
 */
export function revokedBeforeKey(ownerId: string): string {
  return `sts-revoked-before:${ownerId}`;
}
