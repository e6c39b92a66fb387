import {
  IdentityEventTypes as T,
  IdentitySchemaVersion as v,
  type VirtualMfaDeviceEvent,
} from '@iam/contracts';
import { deciderSpecification } from '@iam/testing';
import type { VirtualMfaDeviceCommand } from './mfa-device.commands';
import { virtualMfaDeviceDecider } from './mfa-device.decider';

const spec = deciderSpecification(virtualMfaDeviceDecider);
const accountId = '123456789012';
const serialNumber = 'arn:aws:iam::123456789012:mfa/team/alice-phone';
const at = '2026-01-01T00:00:00Z';
const alice = { userId: 'AIDAABCDEFGHIJKLMNOPQ', userName: 'alice' };

const created: VirtualMfaDeviceEvent = {
  type: T.VirtualMfaDeviceCreated,
  schemaVersion: 2,
  payload: {
    serialNumber,
    accountId,
    virtualMfaDeviceName: 'alice-phone',
    path: '/team/',
    createDate: at,
    seedId: 'enc:seed',
  },
};
const enabled = (timeStep = 101): VirtualMfaDeviceEvent => ({
  type: T.VirtualMfaDeviceEnabled,
  schemaVersion: v,
  payload: { serialNumber, ...alice, enableDate: at, timeStep },
});
const deactivated: VirtualMfaDeviceEvent = {
  type: T.VirtualMfaDeviceDeactivated,
  schemaVersion: v,
  payload: { serialNumber, ...alice },
};
const accepted = (timeStep: number): VirtualMfaDeviceEvent => ({
  type: T.MfaCodeAccepted,
  schemaVersion: v,
  payload: { serialNumber, ...alice, timeStep },
});
const deleted: VirtualMfaDeviceEvent = {
  type: T.VirtualMfaDeviceDeleted,
  schemaVersion: v,
  payload: { serialNumber },
};
const enable = (firstTimeStep: number, secondTimeStep = firstTimeStep + 1): VirtualMfaDeviceCommand => ({
  type: 'EnableVirtualMfaDevice',
  data: { serialNumber, ...alice, firstTimeStep, secondTimeStep, enableDate: at },
});

describe('virtual MFA device decider', () => {
  describe('CreateVirtualMfaDevice', () => {
    it('creates a device whose serial number is its ARN, holding only the id of its sealed seed', () => {
      spec([])
        .when({
          type: 'CreateVirtualMfaDevice',
          data: {
            accountId,
            virtualMfaDeviceName: 'alice-phone',
            path: '/team/',
            seedId: 'enc:seed',
            createDate: at,
          },
        })
        .then([created]);
    });

    it('refuses an existing device, bad names and an empty seed', () => {
      const data = { accountId, virtualMfaDeviceName: 'alice-phone', seedId: 'e', createDate: at };
      spec([created])
        .when({ type: 'CreateVirtualMfaDevice', data })
        .thenThrows('EntityAlreadyExists', 'MFADevice entity at the same path and name already exists.');
      spec([])
        .when({ type: 'CreateVirtualMfaDevice', data: { ...data, virtualMfaDeviceName: 'a b' } })
        .thenThrows('ValidationError', /virtualMfaDeviceName/);
      spec([])
        .when({ type: 'CreateVirtualMfaDevice', data: { ...data, virtualMfaDeviceName: 'x'.repeat(227) } })
        .thenThrows('ValidationError', /virtualMfaDeviceName/);
      spec([])
        .when({ type: 'CreateVirtualMfaDevice', data: { ...data, seedId: '' } })
        .thenThrows('ValidationError', /seedId/);
    });

    // AWS's path pattern, (\u002F)|(\u002F[\u0021-\u007F]+\u002F), allows characters that
    // EnableMFADevice's and DeleteVirtualMFADevice's serialNumberType, [\w+=/:,.@-]+ of at most
    // 256, does not (https://docs.aws.amazon.com/IAM/latest/APIReference/API_MFADevice.html):
    // such a device could never be enabled or deleted.
    it('refuses a path whose serial number EnableMFADevice and DeleteVirtualMFADevice could not take', () => {
      const data = { accountId, virtualMfaDeviceName: 'phone', seedId: 'e', createDate: at };
      for (const path of ['/a!b/', '/team#1/', '/~/', `/${'p'.repeat(230)}/`]) {
        spec([])
          .when({ type: 'CreateVirtualMfaDevice', data: { ...data, path } })
          .thenThrows('ValidationError', /at 'path' failed to satisfy constraint: .*serial number/);
      }
      for (const path of ['no-slashes', '/a b/', '/a\u0000/']) {
        spec([])
          .when({ type: 'CreateVirtualMfaDevice', data: { ...data, path } })
          .thenThrows(
            'ValidationError',
            /at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern/,
          );
      }
    });

    it('accepts a colon in the path, which the serial number pattern allows', () => {
      const data = { accountId, virtualMfaDeviceName: 'phone', seedId: 'e', createDate: at };
      spec([])
        .when({ type: 'CreateVirtualMfaDevice', data: { ...data, path: '/team:blue/' } })
        .then([
          {
            type: T.VirtualMfaDeviceCreated,
            schemaVersion: 2,
            payload: {
              ...data,
              serialNumber: `arn:aws:iam::${accountId}:mfa/team:blue/phone`,
              path: '/team:blue/',
            },
          },
        ]);
    });
  });

  describe('EnableVirtualMfaDevice', () => {
    it('enables with two consecutive codes, remembering the second', () => {
      spec([created])
        .when(enable(100))
        .then([enabled(101)]);
    });

    it('refuses codes that are not consecutive', () => {
      spec([created])
        .when(enable(100, 100))
        .thenThrows('InvalidAuthenticationCode', /consecutive/);
      spec([created])
        .when(enable(100, 102))
        .thenThrows('InvalidAuthenticationCode', /consecutive/);
      spec([created])
        .when(enable(100, 99))
        .thenThrows('InvalidAuthenticationCode', /consecutive/);
    });

    it('refuses a device already in use', () => {
      spec([created, enabled()])
        .when(enable(200))
        .thenThrows('EntityAlreadyExists', 'MFA Device is already in use.');
    });

    it('refuses codes already used before a re-enable', () => {
      spec([created, enabled(101), accepted(150), deactivated])
        .when(enable(150))
        .thenThrows('InvalidAuthenticationCode');
      spec([created, enabled(101), accepted(150), deactivated])
        .when(enable(151))
        .then([enabled(152)]);
    });

    it('refuses negative or fractional time steps', () => {
      spec([created])
        .when(enable(-1, 0))
        .thenThrows('ValidationError', /firstTimeStep/);
      spec([created])
        .when(enable(1, 1.5))
        .thenThrows('ValidationError', /secondTimeStep/);
    });
  });

  describe('AcceptMfaCode', () => {
    it('accepts a fresh code and records its time step', () => {
      spec([created, enabled(101)])
        .when({ type: 'AcceptMfaCode', data: { serialNumber, timeStep: 102 } })
        .then([accepted(102)]);
    });

    it('refuses a replayed or older code, including the codes used to enable', () => {
      for (const timeStep of [101, 100]) {
        spec([created, enabled(101)])
          .when({ type: 'AcceptMfaCode', data: { serialNumber, timeStep } })
          .thenThrows('InvalidAuthenticationCode', /already been used/);
      }
      spec([created, enabled(101), accepted(120)])
        .when({ type: 'AcceptMfaCode', data: { serialNumber, timeStep: 120 } })
        .thenThrows('InvalidAuthenticationCode');
    });

    it('refuses codes of a device enabled for no one', () => {
      spec([created])
        .when({ type: 'AcceptMfaCode', data: { serialNumber, timeStep: 5 } })
        .thenThrows('InvalidAuthenticationCode');
      spec([created, enabled(), deactivated])
        .when({ type: 'AcceptMfaCode', data: { serialNumber, timeStep: 500 } })
        .thenThrows('InvalidAuthenticationCode');
    });
  });

  describe('DeactivateVirtualMfaDevice', () => {
    it('deactivates for the user it is enabled for, case-insensitively', () => {
      spec([created, enabled()])
        .when({ type: 'DeactivateVirtualMfaDevice', data: { serialNumber, userName: 'ALICE' } })
        .then([deactivated]);
    });

    it('answers NoSuchEntity for another user or an unassigned device', () => {
      const message = `MFA Device with serial number ${serialNumber} does not exist for user bob.`;
      spec([created, enabled()])
        .when({ type: 'DeactivateVirtualMfaDevice', data: { serialNumber, userName: 'bob' } })
        .thenThrows('NoSuchEntity', message);
      spec([created])
        .when({ type: 'DeactivateVirtualMfaDevice', data: { serialNumber, userName: 'bob' } })
        .thenThrows('NoSuchEntity', message);
    });
  });

  describe('DeleteVirtualMfaDevice', () => {
    it('deletes an unassigned device', () => {
      spec([created]).when({ type: 'DeleteVirtualMfaDevice', data: { serialNumber } }).then([deleted]);
      spec([created, enabled(), deactivated])
        .when({ type: 'DeleteVirtualMfaDevice', data: { serialNumber } })
        .then([deleted]);
    });

    it('answers DeleteConflict while enabled', () => {
      spec([created, enabled()])
        .when({ type: 'DeleteVirtualMfaDevice', data: { serialNumber } })
        .thenThrows('DeleteConflict', 'Cannot delete entity, must deactivate MFA device first.');
    });
  });

  it.each<VirtualMfaDeviceCommand>([
    enable(1),
    { type: 'DeactivateVirtualMfaDevice', data: { serialNumber, userName: 'alice' } },
    { type: 'AcceptMfaCode', data: { serialNumber, timeStep: 1 } },
    { type: 'DeleteVirtualMfaDevice', data: { serialNumber } },
  ])('$type on a missing or deleted device answers NoSuchEntity', (command) => {
    const message = `VirtualMFADevice with serial number ${serialNumber} doesn't exist.`;
    spec([]).when(command).thenThrows('NoSuchEntity', message);
    spec([created, deleted]).when(command).thenThrows('NoSuchEntity', message);
  });

  it('answers NoSuchEntity when the command names another serial number than the stream', () => {
    spec([created])
      .when({ type: 'DeleteVirtualMfaDevice', data: { serialNumber: 'arn:aws:iam::123456789012:mfa/other' } })
      .thenThrows('NoSuchEntity');
  });
});
