import { Injectable } from '@nestjs/common';
import type { Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';
import { StsMfaVerifier } from '../mfa/sts-mfa-verifier';
import { IssuanceMfa } from './issuance-mfa';

/**
 * MFA at AssumeRole and GetSessionToken: the code must be current, unused
 * anywhere before (identity or sts), and from a device enabled for the
 * calling IAM user (or root). Wrong codes count as guesses (GuessLimiter).
 */
@Injectable()
export class VerifiedDeviceMfa extends IssuanceMfa {
  constructor(private readonly verifier: StsMfaVerifier) {
    super();
  }

  async verify(
    { caller, requestId }: Requester,
    serialNumber: string,
    tokenCode: string,
  ): Promise<{ authenticatedAt: string }> {
    // Devices belong to IAM users and root; a session (chaining) cannot present one.
    if (caller.type !== 'user' && caller.type !== 'root') {
      throw new IamError(
        'AccessDenied',
        'MFA authentication is only possible with the long-term credentials of an IAM user or the root user.',
      );
    }
    const accepted = await this.verifier.verify({
      accountId: caller.accountId,
      userId: caller.userId,
      userName: caller.userName,
      serialNumber,
      tokenCode,
      requestId,
    });
    if (!accepted) {
      throw new IamError(
        'AccessDenied',
        'MultiFactorAuthentication failed with invalid MFA one time pass code.',
      );
    }
    return { authenticatedAt: new Date().toISOString() };
  }
}
