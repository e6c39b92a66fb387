import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { callerMetadata, commandTransaction, executeOnStream } from '@iam/service-kit';
import { StreamIds } from '../shared/iam-arns';
import { userDecider } from '../users/user.decider';
import { UsersQueries } from '../users/users.queries';
import { MfaDeviceStreams } from './mfa-device-streams';

export class DeactivateMFADevice extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
    readonly serialNumber: string,
  ) {
    super();
  }
}

/** Both streams, the device's and the user's, change in one transaction. */
@CommandHandler(DeactivateMFADevice)
export class DeactivateMFADeviceHandler implements ICommandHandler<DeactivateMFADevice> {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    private readonly devices: MfaDeviceStreams,
  ) {}

  async execute({ requester, userName, serialNumber }: DeactivateMFADevice): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const user = await this.users.get(tx, requester.caller.accountId, userName);
      await this.devices.inAccount(tx, requester.caller.accountId, serialNumber);
      await this.devices.execute(tx, requester, serialNumber, {
        type: 'DeactivateVirtualMfaDevice',
        data: { serialNumber, userName },
      });
      await executeOnStream(
        this.store,
        tx,
        userDecider,
        StreamIds.user(user.userId),
        { type: 'DeactivateMfaDevice', data: { userName, serialNumber } },
        callerMetadata(requester),
      );
    });
  }
}
