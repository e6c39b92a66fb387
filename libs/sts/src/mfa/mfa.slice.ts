import type { Provider, Type } from '@nestjs/common';
import type { Projection } from '@iam/event-store';
import { mfaMigrations } from './mfa.migrations';
import { StsMfaDevicesProjection } from './mfa-devices.projection';
import { StsMfaVerifier } from './sts-mfa-verifier';

/**
 * MFA codes in sts: the devices projected from identity's topic and the
 * verifier AssumeRole, GetSessionToken and sign-in ask.
 */
export const mfaSlice = {
  controllers: [] as Type[],
  providers: [StsMfaVerifier] as Provider[],
  migrations: mfaMigrations,
  /** Fed from `iam.identity.v1`. */
  identityProjections: (schema: string): Projection[] => [new StsMfaDevicesProjection(schema)],
};
