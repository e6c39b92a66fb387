import type { WireAction } from '../action-table';

const identity = (route: string, more: Omit<WireAction, 'route' | 'owner'> = {}): WireAction => ({
  route,
  owner: 'identity',
  ...more,
});

const OIDC = '/v1/oidc-providers';
const SAML = '/v1/saml-providers';
const oidcArn = { OpenIDConnectProviderArn: 'oidcProviderArn' };
// AWS's SAML members start with an acronym: `SAMLProviderArn` would become `sAMLProviderArn` by default.
const samlArn = { SAMLProviderArn: 'samlProviderArn' };
const samlDocument = { SAMLMetadataDocument: 'samlMetadataDocument' };

/** ListOpenIDConnectProviderTags / ListSAMLProviderTags: one page (a provider has at most 50 tags). */
const tagPage = ({ tags }: Record<string, unknown>) => ({ Tags: tags, IsTruncated: false });

/**
 * OIDC and SAML identity providers (identity's routes), answered with
 * AWS's members (smithy model of @aws-sdk/client-iam): `OpenIDConnectProviderArn`,
 * `Url`/`ClientIDList`/`ThumbprintList`/`CreateDate`/`Tags`,
 * `OpenIDConnectProviderList` of `Arn`; `SAMLProviderArn`,
 * `SAMLMetadataDocument`/`CreateDate`/`ValidUntil`/`Tags`, `SAMLProviderList`
 * of `Arn`/`CreateDate`/`ValidUntil`. The actions whose AWS result is empty
 * (delete, client ids, thumbprints, tag, untag) have none.
 */
export const providerActions: Record<string, WireAction> = {
  CreateOpenIDConnectProvider: identity(`POST ${OIDC}`),
  GetOpenIDConnectProvider: identity(`GET ${OIDC}/:oidcProviderArn`, { rename: oidcArn }),
  ListOpenIDConnectProviders: identity(`GET ${OIDC}`),
  DeleteOpenIDConnectProvider: identity(`DELETE ${OIDC}/:oidcProviderArn`, { rename: oidcArn }),
  AddClientIDToOpenIDConnectProvider: identity(`POST ${OIDC}/:oidcProviderArn/client-ids`, {
    rename: oidcArn,
  }),
  RemoveClientIDFromOpenIDConnectProvider: identity(`DELETE ${OIDC}/:oidcProviderArn/client-ids/:clientID`, {
    rename: oidcArn,
  }),
  UpdateOpenIDConnectProviderThumbprint: identity(`PUT ${OIDC}/:oidcProviderArn/thumbprints`, {
    rename: oidcArn,
  }),
  TagOpenIDConnectProvider: identity(`POST ${OIDC}/:oidcProviderArn/tags`, { rename: oidcArn }),
  UntagOpenIDConnectProvider: identity(`DELETE ${OIDC}/:oidcProviderArn/tags`, { rename: oidcArn }),
  ListOpenIDConnectProviderTags: identity(`GET ${OIDC}/:oidcProviderArn/tags`, {
    rename: oidcArn,
    ignore: ['Marker', 'MaxItems'],
    result: tagPage,
  }),

  CreateSAMLProvider: identity(`POST ${SAML}`, {
    rename: samlDocument,
    result: ({ samlProviderArn, tags }) => ({ SAMLProviderArn: samlProviderArn, Tags: tags }),
  }),
  GetSAMLProvider: identity(`GET ${SAML}/:samlProviderArn`, {
    rename: samlArn,
    result: ({ samlMetadataDocument, createDate, validUntil, tags }) => ({
      SAMLMetadataDocument: samlMetadataDocument,
      CreateDate: createDate,
      ValidUntil: validUntil,
      Tags: tags,
    }),
  }),
  ListSAMLProviders: identity(`GET ${SAML}`, {
    result: ({ samlProviderList }) => ({ SAMLProviderList: samlProviderList }),
  }),
  UpdateSAMLProvider: identity(`PUT ${SAML}/:samlProviderArn`, {
    rename: { ...samlArn, ...samlDocument },
    result: ({ samlProviderArn }) => ({ SAMLProviderArn: samlProviderArn }),
  }),
  DeleteSAMLProvider: identity(`DELETE ${SAML}/:samlProviderArn`, { rename: samlArn }),
  TagSAMLProvider: identity(`POST ${SAML}/:samlProviderArn/tags`, { rename: samlArn }),
  UntagSAMLProvider: identity(`DELETE ${SAML}/:samlProviderArn/tags`, { rename: samlArn }),
  ListSAMLProviderTags: identity(`GET ${SAML}/:samlProviderArn/tags`, {
    rename: samlArn,
    ignore: ['Marker', 'MaxItems'],
    result: tagPage,
  }),
};
