import type { Provider, Type } from '@nestjs/common';
import type { Projection } from '@iam/event-store';
import { PasswordHasher } from '@iam/service-kit';
import { STS_SCHEMA } from '../sts.tokens';
import { SignInHandler } from './sign-in';
import { SignInController } from './sign-in.controller';
import { signInMigrations } from './sign-in.migrations';
import { SignInProjection } from './sign-in.projection';
import { SignInQueries } from './sign-in.queries';

/** Password sign-in: its route, its use case, and what it reads of identity's (projected from its topic). */
export const signInSlice = {
  controllers: [SignInController] as Type[],
  providers: [
    {
      provide: SignInQueries,
      inject: [STS_SCHEMA],
      useFactory: (schema: string) => new SignInQueries(schema),
    },
    PasswordHasher,
    SignInHandler,
  ] as Provider[],
  migrations: signInMigrations,
  identityProjections: (schema: string): Projection[] => [new SignInProjection(schema)],
};
