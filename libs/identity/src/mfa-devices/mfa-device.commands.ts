/**
 * Commands on one virtual MFA device stream (`mfa-<serial number>`; the
 * serial number is the device ARN, `mfaArn(account, path, name)`).
 *
 * The handler verifies TOTP codes (otplib, against the decrypted seed) and
 * passes their RFC 6238 time steps; the decider keeps the last accepted step
 * so that no code is accepted twice.
 */
export type CreateVirtualMfaDevice = {
  type: 'CreateVirtualMfaDevice';
  data: {
    accountId: string;
    virtualMfaDeviceName: string;
    path?: string;
    /** Id of the base32 seed the handler sealed into `sealed_secrets`; the plaintext is returned once, never stored. */
    seedId: string;
    createDate: string;
  };
};

/**
 * Assigns the device to a user (EnableMFADevice). The two codes must be
 * consecutive: `secondTimeStep === firstTimeStep + 1`. The handler raises
 * `EnableMfaDevice` on the user stream in the same unit of work.
 */
export type EnableVirtualMfaDevice = {
  type: 'EnableVirtualMfaDevice';
  data: {
    serialNumber: string;
    userId: string;
    userName: string;
    firstTimeStep: number;
    secondTimeStep: number;
    enableDate: string;
  };
};

/** DeactivateMFADevice; `userName` must be the user the device is enabled for. */
export type DeactivateVirtualMfaDevice = {
  type: 'DeactivateVirtualMfaDevice';
  data: { serialNumber: string; userName: string };
};

/** A code verified by the handler at sign-in (or for an MFA-protected call), to be accepted once. */
export type AcceptMfaCode = {
  type: 'AcceptMfaCode';
  data: { serialNumber: string; timeStep: number };
};

export type DeleteVirtualMfaDevice = {
  type: 'DeleteVirtualMfaDevice';
  data: { serialNumber: string };
};

export type VirtualMfaDeviceCommand =
  | CreateVirtualMfaDevice
  | EnableVirtualMfaDevice
  | DeactivateVirtualMfaDevice
  | AcceptMfaCode
  | DeleteVirtualMfaDevice;
