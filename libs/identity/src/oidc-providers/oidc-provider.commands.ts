import type { TagV1 } from '@iam/contracts';

/**
 * Commands on one OIDC provider stream (`oidc-provider-<ARN>`). The URL is
 * checked and normalized by the decider (`parseOidcProviderUrl`), which
 * derives the ARN from it; the create date comes in from the handler.
 */
export type CreateOidcProvider = {
  type: 'CreateOidcProvider';
  data: {
    accountId: string;
    url: string;
    clientIds: readonly string[];
    thumbprints: readonly string[];
    tags: readonly TagV1[];
    createDate: string;
  };
};

export type AddOidcClientId = { type: 'AddOidcClientId'; data: { arn: string; clientId: string } };
export type RemoveOidcClientId = { type: 'RemoveOidcClientId'; data: { arn: string; clientId: string } };
export type UpdateOidcThumbprints = {
  type: 'UpdateOidcThumbprints';
  data: { arn: string; thumbprints: readonly string[] };
};
export type TagOidcProvider = { type: 'TagOidcProvider'; data: { arn: string; tags: readonly TagV1[] } };
export type UntagOidcProvider = {
  type: 'UntagOidcProvider';
  data: { arn: string; tagKeys: readonly string[] };
};
export type DeleteOidcProvider = { type: 'DeleteOidcProvider'; data: { arn: string } };

export type OidcProviderCommand =
  | CreateOidcProvider
  | AddOidcClientId
  | RemoveOidcClientId
  | UpdateOidcThumbprints
  | TagOidcProvider
  | UntagOidcProvider
  | DeleteOidcProvider;
