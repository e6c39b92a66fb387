import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { NewPasswords } from '../passwords/new-passwords';
import { PasswordHasher } from '../passwords/password-hasher';
import { LoginProfilesController } from './login-profiles.controller';
import { LoginProfilesProjection } from './login-profiles.projection';
import { LoginProfilesQueries } from './login-profiles.queries';
import { LoginProfilesService } from './login-profiles.service';

/** What this slice adds to the identity module: its routes, services and read models. */
export const loginProfilesSlice = {
  controllers: [LoginProfilesController] as Type[],
  providers: [
    {
      provide: LoginProfilesQueries,
      inject: [IDENTITY_SCHEMA],
      useFactory: (schema: string) => new LoginProfilesQueries(schema),
    },
    PasswordHasher,
    NewPasswords,
    LoginProfilesService,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new LoginProfilesProjection(schema)],
};
