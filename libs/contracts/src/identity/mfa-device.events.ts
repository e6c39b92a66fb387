import type { NewEvent } from '../event-envelope';
import type { IdentityEventTypes } from './identity-event-types';

/**
 * Stream `mfa-<serial number>` (the serial number of a virtual device is its
 * ARN, `arn:aws:iam::<account>:mfa<path><name>`).
 */

export interface VirtualMfaDeviceCreatedV1 {
  serialNumber: string;
  accountId: string;
  virtualMfaDeviceName: string;
  path: string;
  createDate: string;
  /** The TOTP seed, AES-256-GCM encrypted; never plaintext. */
  encryptedSeed: string;
}

/** Version 2: the sealed seed rests in identity's `sealed_secrets` under `seedId`; the event only names it. */
export interface VirtualMfaDeviceCreatedV2 {
  serialNumber: string;
  accountId: string;
  virtualMfaDeviceName: string;
  path: string;
  createDate: string;
  seedId: string;
}

export interface VirtualMfaDeviceEnabledV1 {
  serialNumber: string;
  userId: string;
  userName: string;
  enableDate: string;
  /** RFC 6238 time step of the second of the two consecutive codes; no code at or before it is accepted again. */
  timeStep: number;
}

export interface VirtualMfaDeviceDeactivatedV1 {
  serialNumber: string;
  userId: string;
  userName: string;
}

export interface VirtualMfaDeviceDeletedV1 {
  serialNumber: string;
}

/**
 * A code of this device was accepted (sign-in or an MFA-protected call). The
 * code itself is not recorded, only its time step, so it cannot be replayed.
 */
export interface MfaCodeAcceptedV1 {
  serialNumber: string;
  userId: string;
  userName: string;
  timeStep: number;
}

export type VirtualMfaDeviceEvent =
  | NewEvent<typeof IdentityEventTypes.VirtualMfaDeviceCreated, VirtualMfaDeviceCreatedV2>
  | NewEvent<typeof IdentityEventTypes.VirtualMfaDeviceEnabled, VirtualMfaDeviceEnabledV1>
  | NewEvent<typeof IdentityEventTypes.VirtualMfaDeviceDeactivated, VirtualMfaDeviceDeactivatedV1>
  | NewEvent<typeof IdentityEventTypes.VirtualMfaDeviceDeleted, VirtualMfaDeviceDeletedV1>
  | NewEvent<typeof IdentityEventTypes.MfaCodeAccepted, MfaCodeAcceptedV1>;
