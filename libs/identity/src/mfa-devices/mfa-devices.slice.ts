import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { CreateVirtualMFADeviceHandler } from './create-virtual-mfa-device';
import { DeactivateMFADeviceHandler } from './deactivate-mfa-device';
import { DeleteVirtualMFADeviceHandler } from './delete-virtual-mfa-device';
import { EnableMFADeviceHandler } from './enable-mfa-device';
import { ListMFADevicesHandler } from './list-mfa-devices';
import { ListVirtualMFADevicesHandler } from './list-virtual-mfa-devices';
import { MfaCodeVerifier } from './mfa-code-verifier';
import { MfaDeviceStreams } from './mfa-device-streams';
import { MfaDevicesController } from './mfa-devices.controller';
import { MfaDevicesProjection } from './mfa-devices.projection';
import { MfaDevicesQueries } from './mfa-devices.queries';

/**
 * What this slice adds to the identity module: its routes, its use cases (one
 * handler each), queries and read models, and the MFA code verifier that
 * sign-in and STS use (a collaborator, not a use case of its own).
 */
export const mfaDevicesSlice = {
  controllers: [MfaDevicesController] as Type[],
  providers: [
    {
      provide: MfaDevicesQueries,
      inject: [IDENTITY_SCHEMA],
      useFactory: (schema: string) => new MfaDevicesQueries(schema),
    },
    MfaDeviceStreams,
    CreateVirtualMFADeviceHandler,
    ListVirtualMFADevicesHandler,
    DeleteVirtualMFADeviceHandler,
    EnableMFADeviceHandler,
    ListMFADevicesHandler,
    DeactivateMFADeviceHandler,
    MfaCodeVerifier,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new MfaDevicesProjection(schema)],
};
