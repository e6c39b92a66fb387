import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { AccessKeysController } from './access-keys.controller';
import { AccessKeysProjection } from './access-keys.projection';
import { AccessKeysQueries } from './access-keys.queries';
import { CreateAccessKeyHandler } from './create-access-key';
import { DeleteAccessKeyHandler } from './delete-access-key';
import { GetAccessKeyLastUsedHandler } from './get-access-key-last-used';
import { ListAccessKeysHandler } from './list-access-keys';
import { UpdateAccessKeyHandler } from './update-access-key';

/** What this slice adds to the identity module: its routes, its use cases (one handler each), queries and read model. */
export const accessKeysSlice = {
  controllers: [AccessKeysController] as Type[],
  providers: [
    {
      provide: AccessKeysQueries,
      inject: [IDENTITY_SCHEMA],
      useFactory: (schema: string) => new AccessKeysQueries(schema),
    },
    CreateAccessKeyHandler,
    ListAccessKeysHandler,
    UpdateAccessKeyHandler,
    DeleteAccessKeyHandler,
    GetAccessKeyLastUsedHandler,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new AccessKeysProjection(schema)],
};
