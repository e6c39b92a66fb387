import type { Requester } from '@iam/auth';

/**
 * Where STS checks an MFA code sent with AssumeRole or GetSessionToken
 * (serialNumber + tokenCode): bound to VerifiedDeviceMfa, which asks the
 * sts MFA verifier; answers when MFA was authenticated (`aws:MultiFactorAuthAge`).
 */
export abstract class IssuanceMfa {
  /** Throws (AccessDenied, InvalidAuthenticationCode…) unless the code is good for this caller's device. */
  abstract verify(
    requester: Requester,
    serialNumber: string,
    tokenCode: string,
  ): Promise<{ authenticatedAt: string }>;
}
