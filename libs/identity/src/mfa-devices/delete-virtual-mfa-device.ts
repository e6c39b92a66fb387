import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SealedSecrets, type Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction, seedAssociatedData } from '@iam/service-kit';
import { MfaDeviceStreams } from './mfa-device-streams';

export class DeleteVirtualMFADevice extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly serialNumber: string,
  ) {
    super();
  }
}

@CommandHandler(DeleteVirtualMFADevice)
export class DeleteVirtualMFADeviceHandler implements ICommandHandler<DeleteVirtualMFADevice> {
  constructor(
    private readonly store: EventStore,
    private readonly devices: MfaDeviceStreams,
    private readonly secrets: SealedSecrets,
  ) {}

  async execute({ requester, serialNumber }: DeleteVirtualMFADevice): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      await this.devices.inAccount(tx, requester.caller.accountId, serialNumber);
      await this.devices.execute(tx, requester, serialNumber, {
        type: 'DeleteVirtualMfaDevice',
        data: { serialNumber },
      });
      // The seed goes with the device, in the same transaction.
      await this.secrets.erase(tx, 'mfa-seed', seedAssociatedData(serialNumber));
    });
  }
}
