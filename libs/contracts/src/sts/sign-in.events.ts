import type { NewEvent } from '../event-envelope';

/**
 * Sign-in attempts (`POST /v1/sign-in`), on `iam.sts.v1`, stream
 * `sign-in-<request id>` (one event each: attempts on one account never
 * contend for a stream version). The envelope's account is the account
 * signed in to, or `unknown-account` for an alias that names none. Every
 * attempt is recorded, success or failure; never the password, the MFA code
 * or the credentials issued (the session is named by its access key id,
 * whose own SessionIssued follows).
 */
export const SignInEventTypes = {
  SignInSucceeded: 'iam.sts.SignInSucceeded',
  SignInFailed: 'iam.sts.SignInFailed',
} as const;

/**
 * Why a sign-in failed. The caller is told less: an unknown account, user
 * or login profile and a wrong password all answer the same error.
 */
export type SignInFailureReason =
  | 'UnknownAccount'
  | 'UnknownUser'
  | 'NoLoginProfile'
  | 'WrongPassword'
  | 'MfaCodeRequired'
  | 'WrongMfaCode'
  | 'PasswordExpired'
  | 'Throttled';

export interface SignInSucceededV1 {
  accountId: string;
  userName: string;
  userId: string;
  /** The session's access key id (`ASIA…`). */
  accessKeyId: string;
  mfaAuthenticated: boolean;
  /** The session allows only changing the password (reset required, or expired without hard expiry). */
  passwordResetRequired: boolean;
  sourceIp?: string;
  userAgent?: string;
}

export interface SignInFailedV1 {
  /** Absent when the account id or alias named no account. */
  accountId?: string;
  /** As typed (an alias or an account id), for attempts on an unknown account. */
  account: string;
  userName: string;
  reason: SignInFailureReason;
  sourceIp?: string;
  userAgent?: string;
}

export type SignInEvent =
  | NewEvent<typeof SignInEventTypes.SignInSucceeded, SignInSucceededV1>
  | NewEvent<typeof SignInEventTypes.SignInFailed, SignInFailedV1>;
