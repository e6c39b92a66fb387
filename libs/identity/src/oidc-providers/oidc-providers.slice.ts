import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { AddClientIDToOpenIDConnectProviderHandler } from './add-client-id-to-open-id-connect-provider';
import { CreateOpenIDConnectProviderHandler } from './create-open-id-connect-provider';
import { DeleteOpenIDConnectProviderHandler } from './delete-open-id-connect-provider';
import { GetOpenIDConnectProviderHandler } from './get-open-id-connect-provider';
import { ListOpenIDConnectProviderTagsHandler } from './list-open-id-connect-provider-tags';
import { ListOpenIDConnectProvidersHandler } from './list-open-id-connect-providers';
import { OidcProviderStreams } from './oidc-provider-streams';
import { OidcProvidersController } from './oidc-providers.controller';
import { OidcProvidersProjection } from './oidc-providers.projection';
import { OidcProvidersQueries } from './oidc-providers.queries';
import { RemoveClientIDFromOpenIDConnectProviderHandler } from './remove-client-id-from-open-id-connect-provider';
import { TagOpenIDConnectProviderHandler } from './tag-open-id-connect-provider';
import { UntagOpenIDConnectProviderHandler } from './untag-open-id-connect-provider';
import { UpdateOpenIDConnectProviderThumbprintHandler } from './update-open-id-connect-provider-thumbprint';

/** What this slice adds to the identity module: OIDC identity providers (routes, one handler per action, read model). */
export const oidcProvidersSlice = {
  controllers: [OidcProvidersController] as Type[],
  providers: [
    {
      provide: OidcProvidersQueries,
      inject: [IDENTITY_SCHEMA],
      useFactory: (schema: string) => new OidcProvidersQueries(schema),
    },
    OidcProviderStreams,
    CreateOpenIDConnectProviderHandler,
    GetOpenIDConnectProviderHandler,
    ListOpenIDConnectProvidersHandler,
    DeleteOpenIDConnectProviderHandler,
    AddClientIDToOpenIDConnectProviderHandler,
    RemoveClientIDFromOpenIDConnectProviderHandler,
    UpdateOpenIDConnectProviderThumbprintHandler,
    TagOpenIDConnectProviderHandler,
    UntagOpenIDConnectProviderHandler,
    ListOpenIDConnectProviderTagsHandler,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new OidcProvidersProjection(schema)],
};
