import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SealedSecrets, type Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction, generateSeed, otpauthUri, seedAssociatedData } from '@iam/service-kit';
import { mfaArn } from '../shared/iam-arns';
import { validatePath, validateVirtualMfaDeviceName } from '../shared/iam-names';
import { MfaDeviceStreams } from './mfa-device-streams';

/** What authenticator apps show above the codes. */
const OtpIssuer = 'IAM';

/** The new device with its seed, which is returned this once and rests only sealed. */
export interface NewVirtualMfaDevice {
  serialNumber: string;
  base32StringSeed: string;
  otpauthUri: string;
}

export class CreateVirtualMFADevice extends Command<NewVirtualMfaDevice> {
  constructor(
    readonly requester: Requester,
    readonly input: { virtualMfaDeviceName: string; path?: string },
  ) {
    super();
  }
}

@CommandHandler(CreateVirtualMFADevice)
export class CreateVirtualMFADeviceHandler implements ICommandHandler<CreateVirtualMFADevice> {
  constructor(
    private readonly store: EventStore,
    private readonly secrets: SealedSecrets,
    private readonly devices: MfaDeviceStreams,
  ) {}

  async execute({ requester, input }: CreateVirtualMFADevice): Promise<NewVirtualMfaDevice> {
    const { accountId } = requester.caller;
    const path = input.path ?? '/';
    validateVirtualMfaDeviceName(input.virtualMfaDeviceName);
    validatePath(path);
    const serialNumber = mfaArn(accountId, path, input.virtualMfaDeviceName);
    const seed = generateSeed();
    await commandTransaction(this.store, async (tx) =>
      this.devices.execute(tx, requester, serialNumber, {
        type: 'CreateVirtualMfaDevice',
        data: {
          accountId,
          virtualMfaDeviceName: input.virtualMfaDeviceName,
          path,
          seedId: await this.secrets.put(tx, 'mfa-seed', seedAssociatedData(serialNumber), seed),
          createDate: new Date().toISOString(),
        },
      }),
    );
    return {
      serialNumber,
      base32StringSeed: seed,
      otpauthUri: otpauthUri(seed, `${input.virtualMfaDeviceName}@${accountId}`, OtpIssuer),
    };
  }
}
