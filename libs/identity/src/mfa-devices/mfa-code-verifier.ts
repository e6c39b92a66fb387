import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SealedSecrets } from '@iam/auth';
import { IamError } from '@iam/contracts';
import { ConcurrencyError, EventStore } from '@iam/event-store';
import { StreamIds } from '../shared/iam-arns';
import {
  executeOnStream,
  GuessLimiter,
  loadState,
  matchingTimeSteps,
  MfaCodeOnce,
  seedAssociatedData,
  userGuessSubject,
  commandTransaction,
} from '@iam/service-kit';
import { UsersQueries } from '../users/users.queries';
import { virtualMfaDeviceDecider } from './mfa-device.decider';
import { MfaDevicesQueries } from './mfa-devices.queries';

/**
 * Checks an MFA code of a user (for sign-in, and STS's SerialNumber and
 * TokenCode), accepting each code once: the accepted time step is appended
 * to the device stream (MfaCodeAccepted), so a replay inside the code's
 * window, or a concurrent second use on another instance, is refused; and
 * claimed in the TTL store every service shares (MfaCodeOnce), so a code
 * accepted here is refused by sts and the other way round.
 */
@Injectable()
export class MfaCodeVerifier {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    @Inject(MfaDevicesQueries) private readonly devices: MfaDevicesQueries,
    private readonly secrets: SealedSecrets,
    private readonly guesses: GuessLimiter,
    private readonly once: MfaCodeOnce,
  ) {}

  /**
   * True when `code` is a fresh code of an MFA device enabled for the user
   * (optionally a given one, as STS names `SerialNumber`); false for a wrong,
   * expired or already used code, or a user without MFA. Each false is a
   * failed guess: throttled per user and per `source` address (Throttling).
   */
  async verify(
    accountId: string,
    userName: string,
    code: string,
    options: { serialNumber?: string; requestId?: string; nowMs?: number; source?: string } = {},
  ): Promise<boolean> {
    return this.guesses.check(
      { secret: 'mfa-code', subject: userGuessSubject(accountId, userName), source: options.source },
      () => this.verifyOnce(accountId, userName, code, options),
    );
  }

  private async verifyOnce(
    accountId: string,
    userName: string,
    code: string,
    options: { serialNumber?: string; requestId?: string; nowMs?: number },
  ): Promise<boolean> {
    if (!/^\d{6}$/.test(code)) return false;
    const db = this.store.database;
    const user = await this.users.find(db, accountId, userName);
    if (!user) return false;
    const enabled = await this.devices.enabledFor(db, accountId, user);
    const now = options.nowMs ?? Date.now();
    for (const { serialNumber } of enabled) {
      if (options.serialNumber !== undefined && options.serialNumber !== serialNumber) continue;
      if (await this.accept(accountId, user, serialNumber, code, now, options.requestId ?? randomUUID())) {
        return true;
      }
    }
    return false;
  }

  private async accept(
    accountId: string,
    user: { userId: string; arn: string },
    serialNumber: string,
    code: string,
    nowMs: number,
    requestId: string,
  ): Promise<boolean> {
    try {
      return await commandTransaction(this.store, async (tx) => {
        const streamId = StreamIds.mfaDevice(serialNumber);
        const device = await loadState(this.store, tx, virtualMfaDeviceDecider, streamId);
        if (device.status !== 'active' || device.user?.userId !== user.userId) return false;
        const seed = await this.secrets.open(device.seedId, seedAssociatedData(serialNumber), tx);
        const fresh = matchingTimeSteps(seed, code, nowMs).filter(
          (step) => device.lastUsedTimeStep === null || step > device.lastUsedTimeStep,
        );
        if (fresh.length === 0) return false;
        // Claimed before the append: a retried transaction (lost race) finds it claimed and refuses.
        const timeStep = await this.once.claimFirst(serialNumber, fresh, requestId);
        if (timeStep === undefined) return false;
        await executeOnStream(
          this.store,
          tx,
          virtualMfaDeviceDecider,
          streamId,
          { type: 'AcceptMfaCode', data: { serialNumber, timeStep } },
          { accountId, actorArn: user.arn, correlationId: requestId, causationId: requestId },
        );
        return true;
      });
    } catch (error) {
      // Another request accepted a code of this device meanwhile: this one is not accepted.
      if (error instanceof ConcurrencyError) return false;
      if (error instanceof IamError && error.code === 'InvalidAuthenticationCode') return false;
      throw error;
    }
  }
}
