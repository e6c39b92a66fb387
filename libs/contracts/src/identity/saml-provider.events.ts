import type { NewEvent } from '../event-envelope';
import type { IdentityEventTypes, TagV1 } from './identity-event-types';

/**
 * Stream `saml-provider-<account id>-<lower-cased name>` (names are unique
 * in an account whatever their case; the ARN keeps the case given).
 *
 * The metadata document travels whole (GetSAMLProvider answers it), with
 * what identity read from it, so a consumer (sts) never parses XML it did
 * not choose to: the IdP's entity id and its signing certificates.
 */
export interface SamlProviderMetadataV1 {
  /** The SAML metadata document as the caller sent it. */
  samlMetadataDocument: string;
  /** `EntityDescriptor/@entityID`: the `Issuer` of the IdP's assertions. */
  entityId: string;
  /** Base64 DER X.509 certificates of the IdP's signing keys (KeyDescriptor use="signing" or no use). */
  signingCertificates: string[];
  /** ISO-8601, the metadata's `validUntil`, when it has one. */
  validUntil?: string;
}

export interface SamlProviderCreatedV1 extends SamlProviderMetadataV1 {
  accountId: string;
  name: string;
  /** `arn:aws:iam::<account>:saml-provider/<name>`. */
  arn: string;
  createDate: string;
  tags: TagV1[];
}

export interface SamlProviderUpdatedV1 extends SamlProviderMetadataV1 {
  arn: string;
}

export interface SamlProviderTaggedV1 {
  arn: string;
  tags: TagV1[];
}

export interface SamlProviderUntaggedV1 {
  arn: string;
  tagKeys: string[];
}

export interface SamlProviderDeletedV1 {
  arn: string;
}

export type SamlProviderEvent =
  | NewEvent<typeof IdentityEventTypes.SamlProviderCreated, SamlProviderCreatedV1>
  | NewEvent<typeof IdentityEventTypes.SamlProviderUpdated, SamlProviderUpdatedV1>
  | NewEvent<typeof IdentityEventTypes.SamlProviderTagged, SamlProviderTaggedV1>
  | NewEvent<typeof IdentityEventTypes.SamlProviderUntagged, SamlProviderUntaggedV1>
  | NewEvent<typeof IdentityEventTypes.SamlProviderDeleted, SamlProviderDeletedV1>;
