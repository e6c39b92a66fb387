import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { CreateSAMLProviderHandler } from './create-saml-provider';
import { DeleteSAMLProviderHandler } from './delete-saml-provider';
import { GetSAMLProviderHandler } from './get-saml-provider';
import { ListSAMLProviderTagsHandler } from './list-saml-provider-tags';
import { ListSAMLProvidersHandler } from './list-saml-providers';
import { SamlProviderStreams } from './saml-provider-streams';
import { SamlProvidersController } from './saml-providers.controller';
import { SamlProvidersProjection } from './saml-providers.projection';
import { SamlProvidersQueries } from './saml-providers.queries';
import { TagSAMLProviderHandler } from './tag-saml-provider';
import { UntagSAMLProviderHandler } from './untag-saml-provider';
import { UpdateSAMLProviderHandler } from './update-saml-provider';

/** What this slice adds to the identity module: its routes, its use cases (one handler each), queries and read models. */
export const samlProvidersSlice = {
  controllers: [SamlProvidersController] as Type[],
  providers: [
    {
      provide: SamlProvidersQueries,
      inject: [IDENTITY_SCHEMA],
      useFactory: (schema: string) => new SamlProvidersQueries(schema),
    },
    SamlProviderStreams,
    CreateSAMLProviderHandler,
    GetSAMLProviderHandler,
    ListSAMLProvidersHandler,
    UpdateSAMLProviderHandler,
    DeleteSAMLProviderHandler,
    TagSAMLProviderHandler,
    UntagSAMLProviderHandler,
    ListSAMLProviderTagsHandler,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new SamlProvidersProjection(schema)],
};
