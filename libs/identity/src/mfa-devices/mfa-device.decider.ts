import {
  IamError,
  IdentityEventTypes as T,
  IdentitySchemaVersion,
  SecretReferenceSchemaVersion,
  eventsOf,
  validationError,
  type VirtualMfaDeviceEvent,
} from '@iam/contracts';
import { IdentityErrors } from '../shared/identity-errors';
import { mfaArn } from '../shared/iam-arns';
import {
  assertNever,
  validateAccountId,
  validateMfaDeviceSerialNumber,
  validatePath,
  validateTimestamp,
  validateVirtualMfaDeviceName,
} from '../shared/iam-names';
import type { VirtualMfaDeviceCommand } from './mfa-device.commands';

export interface MfaDeviceUserState {
  userId: string;
  userName: string;
  enableDate: string;
}

export interface ExistingVirtualMfaDeviceState {
  status: 'active' | 'deleted';
  serialNumber: string;
  accountId: string;
  virtualMfaDeviceName: string;
  path: string;
  createDate: string;
  seedId: string;
  /** The user the device is enabled for; null while unassigned. */
  user: MfaDeviceUserState | null;
  /** Highest RFC 6238 time step accepted so far; a code at or before it is a replay. */
  lastUsedTimeStep: number | null;
}

export type VirtualMfaDeviceState = { status: 'absent' } | ExistingVirtualMfaDeviceState;

const event = eventsOf<VirtualMfaDeviceEvent>(IdentitySchemaVersion);
/** VirtualMfaDeviceCreated names its sealed seed by id: version 2. */
const secretEvent = eventsOf<VirtualMfaDeviceEvent>(SecretReferenceSchemaVersion);

export function initialState(): VirtualMfaDeviceState {
  return { status: 'absent' };
}

export function evolve(state: VirtualMfaDeviceState, e: VirtualMfaDeviceEvent): VirtualMfaDeviceState {
  if (e.type === T.VirtualMfaDeviceCreated) {
    return { status: 'active', ...e.payload, user: null, lastUsedTimeStep: null };
  }
  if (state.status === 'absent') return state;
  switch (e.type) {
    case T.VirtualMfaDeviceEnabled:
      return {
        ...state,
        user: { userId: e.payload.userId, userName: e.payload.userName, enableDate: e.payload.enableDate },
        lastUsedTimeStep: e.payload.timeStep,
      };
    case T.VirtualMfaDeviceDeactivated:
      return { ...state, user: null };
    case T.MfaCodeAccepted:
      return { ...state, lastUsedTimeStep: e.payload.timeStep };
    case T.VirtualMfaDeviceDeleted:
      return { ...state, status: 'deleted' };
    default:
      return state;
  }
}

function requireDevice(state: VirtualMfaDeviceState, serialNumber: string): ExistingVirtualMfaDeviceState {
  if (state.status !== 'active' || state.serialNumber !== serialNumber) {
    throw IdentityErrors.noSuchMfaDevice(serialNumber);
  }
  return state;
}

function requireTimeStep(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw validationError(field, value, 'Member must be a non-negative integer time step');
  }
}

const invalidCode = (detail: string) => new IamError('InvalidAuthenticationCode', detail);

function requireFresh(device: ExistingVirtualMfaDeviceState, timeStep: number): void {
  if (device.lastUsedTimeStep !== null && timeStep <= device.lastUsedTimeStep) {
    throw invalidCode('Authentication code for device is not valid: it has already been used.');
  }
}

export function decide(
  command: VirtualMfaDeviceCommand,
  state: VirtualMfaDeviceState,
): VirtualMfaDeviceEvent[] {
  switch (command.type) {
    case 'CreateVirtualMfaDevice': {
      const { accountId, virtualMfaDeviceName, seedId, createDate } = command.data;
      const path = command.data.path ?? '/';
      validateAccountId(accountId);
      validateVirtualMfaDeviceName(virtualMfaDeviceName);
      validatePath(path);
      validateTimestamp(createDate, 'createDate');
      if (!seedId) throw validationError('seedId', '', 'Member must be the non-empty id of a sealed secret');
      const serialNumber = mfaArn(accountId, path, virtualMfaDeviceName);
      validateMfaDeviceSerialNumber(serialNumber);
      if (state.status !== 'absent') throw IdentityErrors.mfaDeviceAlreadyExists();
      return [
        secretEvent(T.VirtualMfaDeviceCreated, {
          serialNumber,
          accountId,
          virtualMfaDeviceName,
          path,
          createDate,
          seedId,
        }),
      ];
    }
    case 'EnableVirtualMfaDevice': {
      const device = requireDevice(state, command.data.serialNumber);
      const { userId, userName, firstTimeStep, secondTimeStep, enableDate } = command.data;
      requireTimeStep('firstTimeStep', firstTimeStep);
      requireTimeStep('secondTimeStep', secondTimeStep);
      validateTimestamp(enableDate, 'enableDate');
      if (device.user) throw new IamError('EntityAlreadyExists', 'MFA Device is already in use.');
      if (secondTimeStep !== firstTimeStep + 1) {
        throw invalidCode('Authentication codes must be two consecutive codes of the device.');
      }
      requireFresh(device, firstTimeStep);
      return [
        event(T.VirtualMfaDeviceEnabled, {
          serialNumber: device.serialNumber,
          userId,
          userName,
          enableDate,
          timeStep: secondTimeStep,
        }),
      ];
    }
    case 'DeactivateVirtualMfaDevice': {
      const device = requireDevice(state, command.data.serialNumber);
      const { userName } = command.data;
      if (!device.user || device.user.userName.toLowerCase() !== userName.toLowerCase()) {
        throw IdentityErrors.noSuchMfaDeviceForUser(device.serialNumber, userName);
      }
      return [
        event(T.VirtualMfaDeviceDeactivated, {
          serialNumber: device.serialNumber,
          userId: device.user.userId,
          userName: device.user.userName,
        }),
      ];
    }
    case 'AcceptMfaCode': {
      const device = requireDevice(state, command.data.serialNumber);
      const { timeStep } = command.data;
      requireTimeStep('timeStep', timeStep);
      if (!device.user) throw invalidCode('MFA device is not enabled for any user.');
      requireFresh(device, timeStep);
      return [
        event(T.MfaCodeAccepted, {
          serialNumber: device.serialNumber,
          userId: device.user.userId,
          userName: device.user.userName,
          timeStep,
        }),
      ];
    }
    case 'DeleteVirtualMfaDevice': {
      const device = requireDevice(state, command.data.serialNumber);
      if (device.user) throw IdentityErrors.deleteConflict(['deactivate MFA device']);
      return [event(T.VirtualMfaDeviceDeleted, { serialNumber: device.serialNumber })];
    }
    default:
      return assertNever(command);
  }
}

export const virtualMfaDeviceDecider = { initialState, evolve, decide } as const;
