/** Who is calling, as established by authentication. */
export interface Principal {
  type: 'root' | 'user' | 'assumed-role';
  accountId: string;
  /** `arn:aws:iam::123456789012:user/division/alice`, `…:root`. */
  arn: string;
  /** AWS unique id (`AIDA…`), or the account id for root. */
  userId: string;
  /** Friendly name (`aws:username`); absent for root. */
  userName?: string;
  accessKeyId: string;
  /** Whether the credentials were obtained with MFA (temporary credentials only). */
  mfaAuthenticated: boolean;
}
