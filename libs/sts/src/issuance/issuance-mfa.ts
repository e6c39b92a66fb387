import { Injectable } from '@nestjs/common';
import type { Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';

/**
 * The extension point where STS checks an MFA code sent with AssumeRole or
 * GetSessionToken (serialNumber + tokenCode). The MFA verifier of
 * libs/sts/src/mfa (StsMfaVerifier) is bound here when it lands: it checks
 * the code against the caller's device, refuses a replayed one, and answers
 * when MFA was authenticated (`aws:MultiFactorAuthAge`).
 */
export abstract class IssuanceMfa {
  /** Throws (AccessDenied, InvalidAuthenticationCode…) unless the code is good for this caller's device. */
  abstract verify(
    requester: Requester,
    serialNumber: string,
    tokenCode: string,
  ): Promise<{ authenticatedAt: string }>;
}

/** Until the MFA verifier is wired: a request with an MFA code is refused, never treated as authenticated. */
@Injectable()
export class MfaNotYetSupported extends IssuanceMfa {
  async verify(): Promise<{ authenticatedAt: string }> {
    throw new IamError('AccessDenied', 'MFA is not yet supported');
  }
}
