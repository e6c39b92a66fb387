import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { MfaCodeVerifier } from './mfa-code-verifier';
import { MfaDevicesController } from './mfa-devices.controller';
import { MfaDevicesProjection } from './mfa-devices.projection';
import { MfaDevicesQueries } from './mfa-devices.queries';
import { MfaDevicesService } from './mfa-devices.service';

/** What this slice adds to the identity module: its routes, services and read models. */
export const mfaDevicesSlice = {
  controllers: [MfaDevicesController] as Type[],
  providers: [
    {
      provide: MfaDevicesQueries,
      inject: [IDENTITY_SCHEMA],
      useFactory: (schema: string) => new MfaDevicesQueries(schema),
    },
    MfaDevicesService,
    MfaCodeVerifier,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new MfaDevicesProjection(schema)],
};
