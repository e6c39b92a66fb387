import { Inject, Injectable } from '@nestjs/common';
import { SecretBox, type Principal } from '@iam/auth';
import { IamError } from '@iam/contracts';
import { EventStore, type Queryable } from '@iam/event-store';
import {
  callerMetadata,
  executeOnStream,
  GuessLimiter,
  loadState,
  type PageRequest,
  commandTransaction,
} from '@iam/service-kit';
import { IdentityErrors } from '../shared/identity-errors';
import { mfaArn, StreamIds } from '../shared/iam-arns';
import { validatePath, validateVirtualMfaDeviceName } from '../shared/iam-names';
import { userDecider } from '../users/user.decider';
import { UsersQueries } from '../users/users.queries';
import type { VirtualMfaDeviceCommand } from './mfa-device.commands';
import { virtualMfaDeviceDecider, type ExistingVirtualMfaDeviceState } from './mfa-device.decider';
import { MfaDevicesQueries, type AssignmentStatus, type MfaDeviceView } from './mfa-devices.queries';
import { consecutiveTimeSteps, generateSeed, otpauthUri, validateAuthenticationCode } from './totp';

/** What authenticator apps show above the codes. */
export const OtpIssuer = 'IAM';

/** Sealed seeds are bound to their device: a blob moved to another device does not open. */
export const seedAssociatedData = (serialNumber: string) => `mfa-seed:${serialNumber}`;

/**
 * The account of a serial number (`arn:aws:iam::<account>:mfa/<path><name>`);
 * anything else has none. The path may hold colons (AWS's path pattern and
 * serial number pattern both allow them), so the ARN is not split on them.
 */
export function accountOfSerialNumber(serialNumber: string): string | undefined {
  return /^arn:aws:iam::(\d{12}):mfa\//.exec(serialNumber)?.[1];
}

/**
 * Virtual MFA devices (CreateVirtualMFADevice, EnableMFADevice,
 * ListMFADevices, DeactivateMFADevice, DeleteVirtualMFADevice), always
 * within the caller's account: a serial number of another account is
 * NoSuchEntity, as if it did not exist.
 */
@Injectable()
export class MfaDevicesService {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    @Inject(MfaDevicesQueries) private readonly devices: MfaDevicesQueries,
    private readonly secrets: SecretBox,
    private readonly guesses: GuessLimiter,
  ) {}

  /** The seed is returned here once and rests only sealed. */
  async create(caller: Principal, requestId: string, input: { virtualMfaDeviceName: string; path?: string }) {
    const path = input.path ?? '/';
    validateVirtualMfaDeviceName(input.virtualMfaDeviceName);
    validatePath(path);
    const serialNumber = mfaArn(caller.accountId, path, input.virtualMfaDeviceName);
    const seed = generateSeed();
    await commandTransaction(this.store, (tx) =>
      this.onDevice(tx, caller, requestId, serialNumber, {
        type: 'CreateVirtualMfaDevice',
        data: {
          accountId: caller.accountId,
          virtualMfaDeviceName: input.virtualMfaDeviceName,
          path,
          encryptedSeed: this.secrets.seal(seed, seedAssociatedData(serialNumber)),
          createDate: new Date().toISOString(),
        },
      }),
    );
    return {
      serialNumber,
      base32StringSeed: seed,
      otpauthUri: otpauthUri(seed, `${input.virtualMfaDeviceName}@${caller.accountId}`, OtpIssuer),
    };
  }

  /**
   * EnableMFADevice: two consecutive codes of the device prove the user
   * holds it; the device and the user stream change in one transaction.
   * Wrong codes are throttled per device and per `source` address.
   */
  async enable(
    caller: Principal,
    requestId: string,
    userName: string,
    input: { serialNumber: string; authenticationCode1: string; authenticationCode2: string },
    source?: string,
  ): Promise<void> {
    const { serialNumber, authenticationCode1, authenticationCode2 } = input;
    validateAuthenticationCode('authenticationCode1', authenticationCode1);
    validateAuthenticationCode('authenticationCode2', authenticationCode2);
    await commandTransaction(this.store, async (tx) => {
      const user = await this.users.get(tx, caller.accountId, userName);
      const device = await this.deviceInAccount(tx, caller.accountId, serialNumber);
      const seed = this.secrets.open(device.encryptedSeed, seedAssociatedData(serialNumber));
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
      await this.onDevice(tx, caller, requestId, serialNumber, {
        type: 'EnableVirtualMfaDevice',
        data: { serialNumber, userId: user.userId, userName: user.userName, ...steps, enableDate },
      });
      await executeOnStream(
        this.store,
        tx,
        userDecider,
        StreamIds.user(user.userId),
        { type: 'EnableMfaDevice', data: { userName, serialNumber, enableDate } },
        callerMetadata({ caller, requestId }),
      );
    });
  }

  /** ListVirtualMFADevices: the caller's account's devices. */
  list(caller: Principal, request: PageRequest & { assignmentStatus: AssignmentStatus }) {
    return this.devices.list(this.store.database, caller.accountId, request);
  }

  async listForUser(caller: Principal, userName: string): Promise<MfaDeviceView[]> {
    const db = this.store.database;
    const user = await this.users.get(db, caller.accountId, userName);
    return this.devices.enabledFor(db, caller.accountId, user);
  }

  /** DeactivateMFADevice: both streams, one transaction. */
  async deactivate(caller: Principal, requestId: string, userName: string, serialNumber: string) {
    await commandTransaction(this.store, async (tx) => {
      const user = await this.users.get(tx, caller.accountId, userName);
      await this.deviceInAccount(tx, caller.accountId, serialNumber);
      await this.onDevice(tx, caller, requestId, serialNumber, {
        type: 'DeactivateVirtualMfaDevice',
        data: { serialNumber, userName },
      });
      await executeOnStream(
        this.store,
        tx,
        userDecider,
        StreamIds.user(user.userId),
        { type: 'DeactivateMfaDevice', data: { userName, serialNumber } },
        callerMetadata({ caller, requestId }),
      );
    });
  }

  async delete(caller: Principal, requestId: string, serialNumber: string): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      await this.deviceInAccount(tx, caller.accountId, serialNumber);
      await this.onDevice(tx, caller, requestId, serialNumber, {
        type: 'DeleteVirtualMfaDevice',
        data: { serialNumber },
      });
    });
  }

  /** The device, if it exists in this account; other accounts' devices do not exist for the caller. */
  private async deviceInAccount(
    tx: Queryable,
    accountId: string,
    serialNumber: string,
  ): Promise<ExistingVirtualMfaDeviceState> {
    if (accountOfSerialNumber(serialNumber) !== accountId) throw IdentityErrors.noSuchMfaDevice(serialNumber);
    const state = await loadState(this.store, tx, virtualMfaDeviceDecider, StreamIds.mfaDevice(serialNumber));
    if (state.status !== 'active' || state.accountId !== accountId) {
      throw IdentityErrors.noSuchMfaDevice(serialNumber);
    }
    return state;
  }

  private onDevice(
    tx: Queryable,
    caller: Principal,
    requestId: string,
    serialNumber: string,
    command: VirtualMfaDeviceCommand,
  ) {
    return executeOnStream(
      this.store,
      tx,
      virtualMfaDeviceDecider,
      StreamIds.mfaDevice(serialNumber),
      command,
      callerMetadata({ caller, requestId }),
    );
  }
}
