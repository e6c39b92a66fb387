import type { PasswordPolicyV1 } from '@iam/contracts';

/**
 * Password expiry under an account password policy (MaxPasswordAge,
 * HardExpiry): identity asks it at ChangePassword, sts at sign-in.
 */
type PasswordPolicy = PasswordPolicyV1;

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a password set at `passwordLastChanged` expires (ISO-8601), null if never. */
export function passwordExpiresAt(passwordLastChanged: string, policy: PasswordPolicy | null): string | null {
  if (!policy || policy.maxPasswordAge === null) return null;
  return new Date(Date.parse(passwordLastChanged) + policy.maxPasswordAge * DAY_MS).toISOString();
}

export function isPasswordExpired(
  passwordLastChanged: string,
  policy: PasswordPolicy | null,
  now: string,
): boolean {
  const expiresAt = passwordExpiresAt(passwordLastChanged, policy);
  return expiresAt !== null && Date.parse(now) >= Date.parse(expiresAt);
}

export type OwnPasswordChange =
  { allowed: true; mustChange: boolean } | { allowed: false; reason: 'HardExpiry' | 'NotAllowedByPolicy' };

/**
 * Whether an IAM user may change their own password now (ChangePassword).
 * A user who must reset (passwordResetRequired, or an expired password
 * without hard expiry) may always; an expired password under HardExpiry only
 * an administrator can reset. Otherwise AllowUsersToChangePassword grants
 * it; without it, only an identity policy allowing iam:ChangePassword does,
 * which the authorization guard decides, so `NotAllowedByPolicy` means
 * "not granted by the password policy", not "denied".
 */
export function ownPasswordChange(
  loginProfile: { passwordLastChanged: string; passwordResetRequired: boolean },
  policy: PasswordPolicy | null,
  now: string,
): OwnPasswordChange {
  const expired = isPasswordExpired(loginProfile.passwordLastChanged, policy, now);
  if (expired && policy?.hardExpiry) return { allowed: false, reason: 'HardExpiry' };
  if (expired || loginProfile.passwordResetRequired) return { allowed: true, mustChange: true };
  if (policy?.allowUsersToChangePassword) return { allowed: true, mustChange: false };
  return { allowed: false, reason: 'NotAllowedByPolicy' };
}
