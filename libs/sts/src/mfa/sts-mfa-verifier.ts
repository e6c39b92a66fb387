import { Inject, Injectable } from '@nestjs/common';
import { SealedSecrets } from '@iam/auth';
import type { SqlDatabase } from '@iam/event-store';
import { SQL_DATABASE } from '@iam/platform';
import {
  GuessLimiter,
  matchingTimeSteps,
  MfaCodeOnce,
  seedAssociatedData,
  userGuessSubject,
} from '@iam/service-kit';
import { STS_SCHEMA } from '../sts.tokens';
import { enabledDevicesOf, findEnabledDevice } from './mfa-devices.projection';

export interface MfaCodeCheck {
  accountId: string;
  /** The user (`AIDA…`, or the account id for root) the device must be enabled for. */
  userId: string;
  /** The user's name: failures count against the same user as identity's (sign-in, ChangePassword). */
  userName?: string;
  /** AWS's SerialNumber: the device's ARN. */
  serialNumber: string;
  /** AWS's TokenCode: six digits. */
  tokenCode: string;
  requestId: string;
  /** The caller's address (aws:SourceIp): failures count against it too. */
  source?: string;
  nowMs?: number;
}

/**
 * Checks the MFA code of AssumeRole, GetSessionToken and sign-in in the sts
 * process, from sts's own projection of identity's devices (no call to
 * identity on a request path). A code is accepted once in the whole system:
 * never at or before the last step identity has recorded for the device,
 * and only when this call is the first to claim it in the shared TTL store
 * (MfaCodeOnce), which identity's MfaCodeVerifier claims too.
 */
@Injectable()
export class StsMfaVerifier {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(STS_SCHEMA) private readonly schema: string,
    private readonly secrets: SealedSecrets,
    private readonly guesses: GuessLimiter,
    private readonly once: MfaCodeOnce,
  ) {}

  /**
   * True for a fresh code of the device enabled for the user; false for a
   * wrong, expired or used code, an unknown device, or a device of someone
   * else. Each false is a failed guess: over the limits (per user or device,
   * per source address) the check is refused with 429 Throttling.
   */
  async verify(check: MfaCodeCheck): Promise<boolean> {
    const subject =
      check.userName === undefined ? check.serialNumber : userGuessSubject(check.accountId, check.userName);
    return this.guesses.check({ secret: 'mfa-code', subject, source: check.source }, () =>
      this.verifyOnce(check),
    );
  }

  /** The serial numbers of the user's enabled devices (sign-in asks a code of a user with any). */
  enabledDevices(accountId: string, userId: string): Promise<string[]> {
    return enabledDevicesOf(this.db, this.schema, { accountId, userId });
  }

  /**
   * Sign-in: a fresh code of any of the user's enabled devices (the console
   * does not ask which). One guess, however many devices are tried.
   */
  async verifyAnyDevice(check: Omit<MfaCodeCheck, 'serialNumber'> & { userName: string }): Promise<boolean> {
    const subject = userGuessSubject(check.accountId, check.userName);
    return this.guesses.check({ secret: 'mfa-code', subject, source: check.source }, async () => {
      for (const serialNumber of await this.enabledDevices(check.accountId, check.userId)) {
        if (await this.verifyOnce({ ...check, serialNumber })) return true;
      }
      return false;
    });
  }

  private async verifyOnce(check: MfaCodeCheck): Promise<boolean> {
    if (!/^\d{6}$/.test(check.tokenCode)) return false;
    const device = await findEnabledDevice(this.db, this.schema, check);
    if (!device) return false;
    const seed = await this.secrets.open(device.seedId, seedAssociatedData(device.serialNumber));
    const fresh = matchingTimeSteps(seed, check.tokenCode, check.nowMs ?? Date.now()).filter(
      (step) => device.lastTimeStep === null || step > device.lastTimeStep,
    );
    if (fresh.length === 0) return false;
    return (await this.once.claimFirst(device.serialNumber, fresh, check.requestId)) !== undefined;
  }
}
