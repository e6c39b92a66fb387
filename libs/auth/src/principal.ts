import type { TemporarySession } from './sessions/temporary-session';

/** Who is calling, as established by authentication. */
export interface Principal {
  /**
   * `assumed-role` and `federated-user` are temporary credentials; a
   * GetSessionToken session is its user's (or root's) own type, with
   * `session` set.
   */
  type: 'root' | 'user' | 'assumed-role' | 'federated-user';
  accountId: string;
  /**
   * `arn:aws:iam::123456789012:user/division/alice`, `…:root`,
   * `arn:aws:sts::123456789012:assumed-role/Role/session`, `…:federated-user/Name`.
   */
  arn: string;
  /** `aws:userid`: the user's `AIDA…`, the account id for root, `AROA…:session`, `ACCOUNT:Name` (federated). */
  userId: string;
  /** Friendly name (`aws:username`); IAM users only. */
  userName?: string;
  accessKeyId: string;
  /** Whether the credentials were obtained with MFA (temporary credentials only). */
  mfaAuthenticated: boolean;
  /** Set when the request was signed with temporary credentials: what authorization and condition keys need of the session. */
  session?: PrincipalSession;
}

/** The facts of a temporary session that bear on authorization. */
export interface PrincipalSession {
  kind: TemporarySession['kind'];
  /** Assumed roles: the role whose policies, boundary and tags apply. */
  roleId?: string;
  /** The role's IAM ARN (`arn:aws:iam::ACCT:role/path/Name`): `aws:PrincipalArn`. */
  roleArn?: string;
  roleName?: string;
  sessionName?: string;
  /** The user (or root, by account id) the session descends from; a federated user's permissions are this user's. */
  issuedToUserId?: string;
  /** Session tags; they override the role's tags of the same key as `aws:PrincipalTag/…`. */
  tags: Record<string, string>;
  transitiveTagKeys: string[];
  sourceIdentity?: string;
  /** The inline session policy as sent at issuance. */
  sessionPolicy?: string;
  sessionPolicyArns: string[];
  /** ISO-8601 (`aws:TokenIssueTime`). */
  issuedAt: string;
  /** ISO-8601. */
  expiresAt: string;
  /** ISO-8601 (`aws:MultiFactorAuthAge`). */
  mfaAuthenticatedAt?: string;
  chained: boolean;
  /** Federated role sessions: the provider (`aws:FederatedProvider`) and its claim keys, as the trust policy saw them. */
  federation?: { provider: string; conditionKeys?: Record<string, string | string[]> };
  /** A console sign-in whose password must be changed first: only changing it is allowed (see PolicyAuthorizer). */
  passwordResetRequired?: boolean;
}
