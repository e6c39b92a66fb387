import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SealedSecrets, type Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import {
  callerMetadata,
  commandTransaction,
  consecutiveTimeSteps,
  executeOnStream,
  GuessLimiter,
  seedAssociatedData,
  validateAuthenticationCode,
} from '@iam/service-kit';
import { StreamIds } from '../shared/iam-arns';
import { userDecider } from '../users/user.decider';
import { UsersQueries } from '../users/users.queries';
import { MfaDeviceStreams } from './mfa-device-streams';

export class EnableMFADevice extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
    readonly input: { serialNumber: string; authenticationCode1: string; authenticationCode2: string },
    /** The caller's address: wrong codes are throttled per address too. */
    readonly source?: string,
  ) {
    super();
  }
}

/**
 * Two consecutive codes of the device prove the user holds it; the device
 * and the user stream change in one transaction. Wrong codes are throttled
 * per device and per `source` address.
 */
@CommandHandler(EnableMFADevice)
export class EnableMFADeviceHandler implements ICommandHandler<EnableMFADevice> {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    private readonly devices: MfaDeviceStreams,
    private readonly secrets: SealedSecrets,
    private readonly guesses: GuessLimiter,
  ) {}

  async execute({ requester, userName, input, source }: EnableMFADevice): Promise<void> {
    const { serialNumber, authenticationCode1, authenticationCode2 } = input;
    validateAuthenticationCode('authenticationCode1', authenticationCode1);
    validateAuthenticationCode('authenticationCode2', authenticationCode2);
    await commandTransaction(this.store, async (tx) => {
      const user = await this.users.get(tx, requester.caller.accountId, userName);
      const device = await this.devices.inAccount(tx, requester.caller.accountId, serialNumber);
      const seed = await this.secrets.open(device.seedId, seedAssociatedData(serialNumber), tx);
      const steps = await this.guesses.check({ secret: 'mfa-code', subject: serialNumber, source }, () =>
        consecutiveTimeSteps(seed, authenticationCode1, authenticationCode2, Date.now()),
      );
      if (!steps) {
        throw new IamError(
          'InvalidAuthenticationCode',
          'Authentication code for device is not valid: the codes must be two consecutive codes of the device.',
        );
      }
      const enableDate = new Date().toISOString();
      await this.devices.execute(tx, requester, serialNumber, {
        type: 'EnableVirtualMfaDevice',
        data: { serialNumber, userId: user.userId, userName: user.userName, ...steps, enableDate },
      });
      await executeOnStream(
        this.store,
        tx,
        userDecider,
        StreamIds.user(user.userId),
        { type: 'EnableMfaDevice', data: { userName, serialNumber, enableDate } },
        callerMetadata(requester),
      );
    });
  }
}
