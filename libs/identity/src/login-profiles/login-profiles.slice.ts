import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { NewPasswords } from '../passwords/new-passwords';
import { PasswordHasher } from '@iam/service-kit';
import { ChangePasswordHandler } from './change-password';
import { DeleteLoginProfileHandler } from './delete-login-profile';
import { GetLoginProfileHandler } from './get-login-profile';
import { LoginProfileUsers } from './login-profile-users';
import { LoginProfilesController } from './login-profiles.controller';
import { LoginProfilesProjection } from './login-profiles.projection';
import { LoginProfilesQueries } from './login-profiles.queries';
import { PutLoginProfileHandler } from './put-login-profile';

/** What this slice adds to the identity module: its routes, its use cases (one handler each), queries and read models. */
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
    LoginProfileUsers,
    PutLoginProfileHandler,
    GetLoginProfileHandler,
    DeleteLoginProfileHandler,
    ChangePasswordHandler,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new LoginProfilesProjection(schema)],
};
