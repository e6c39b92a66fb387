import type { NewEvent } from '../event-envelope';
import type { IdentityEventTypes, TagV1 } from './identity-event-types';

/**
 * Stream `oidc-provider-<ARN>`; the ARN is
 * `arn:aws:iam::<account>:oidc-provider/<host[:port]/path>`, so one issuer
 * URL is registered at most once per account.
 */

export interface OpenIDConnectProviderCreatedV1 {
  arn: string;
  accountId: string;
  /** The issuer as tokens name it in `iss`: `https://host[:port][/path]` (http only for loopback). */
  url: string;
  clientIds: string[];
  /** Hex SHA-1 thumbprints of the issuer's certificates (kept as AWS keeps them; TLS is checked against the CA store). */
  thumbprints: string[];
  tags: TagV1[];
  createDate: string;
}

export interface OpenIDConnectProviderClientIdAddedV1 {
  arn: string;
  clientId: string;
}

export interface OpenIDConnectProviderClientIdRemovedV1 {
  arn: string;
  clientId: string;
}

export interface OpenIDConnectProviderThumbprintUpdatedV1 {
  arn: string;
  thumbprints: string[];
}

export interface OpenIDConnectProviderTaggedV1 {
  arn: string;
  tags: TagV1[];
}

export interface OpenIDConnectProviderUntaggedV1 {
  arn: string;
  tagKeys: string[];
}

export interface OpenIDConnectProviderDeletedV1 {
  arn: string;
  accountId: string;
  url: string;
}

export type OpenIDConnectProviderEvent =
  | NewEvent<typeof IdentityEventTypes.OpenIDConnectProviderCreated, OpenIDConnectProviderCreatedV1>
  | NewEvent<
      typeof IdentityEventTypes.OpenIDConnectProviderClientIdAdded,
      OpenIDConnectProviderClientIdAddedV1
    >
  | NewEvent<
      typeof IdentityEventTypes.OpenIDConnectProviderClientIdRemoved,
      OpenIDConnectProviderClientIdRemovedV1
    >
  | NewEvent<
      typeof IdentityEventTypes.OpenIDConnectProviderThumbprintUpdated,
      OpenIDConnectProviderThumbprintUpdatedV1
    >
  | NewEvent<typeof IdentityEventTypes.OpenIDConnectProviderTagged, OpenIDConnectProviderTaggedV1>
  | NewEvent<typeof IdentityEventTypes.OpenIDConnectProviderUntagged, OpenIDConnectProviderUntaggedV1>
  | NewEvent<typeof IdentityEventTypes.OpenIDConnectProviderDeleted, OpenIDConnectProviderDeletedV1>;
