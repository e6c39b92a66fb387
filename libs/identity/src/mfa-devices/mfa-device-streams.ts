import { Injectable } from '@nestjs/common';
import type { Requester } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import { callerMetadata, executeOnStream, loadState } from '@iam/service-kit';
import { StreamIds } from '../shared/iam-arns';
import { IdentityErrors } from '../shared/identity-errors';
import type { VirtualMfaDeviceCommand } from './mfa-device.commands';
import { virtualMfaDeviceDecider, type ExistingVirtualMfaDeviceState } from './mfa-device.decider';

/**
 * The account of a serial number (`arn:aws:iam::<account>:mfa/<path><name>`);
 * anything else has none. The path may hold colons (AWS's path pattern and
 * serial number pattern both allow them), so the ARN is not split on them.
 */
export function accountOfSerialNumber(serialNumber: string): string | undefined {
  return /^arn:aws:iam::(\d{12}):mfa\//.exec(serialNumber)?.[1];
}

/**
 * Virtual MFA device streams, always within the caller's account: a serial
 * number of another account is NoSuchEntity, as if it did not exist.
 */
@Injectable()
export class MfaDeviceStreams {
  constructor(private readonly store: EventStore) {}

  /** The device, if it exists in this account; other accounts' devices do not exist for the caller. */
  async inAccount(
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

  /** Runs a device decider command on the stream of the device `serialNumber`. */
  execute(tx: Queryable, requester: Requester, serialNumber: string, command: VirtualMfaDeviceCommand) {
    return executeOnStream(
      this.store,
      tx,
      virtualMfaDeviceDecider,
      StreamIds.mfaDevice(serialNumber),
      command,
      callerMetadata(requester),
    );
  }
}
