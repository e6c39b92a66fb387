import type { WireAction } from '../action-table';

/** The API version every STS Query request names. */
export const STS_VERSION = '2011-06-15';
export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const sts = (route: string, more: Omit<WireAction, 'route' | 'owner'> = {}): WireAction => ({
  route,
  owner: 'sts',
  ...more,
});

/**
 * Every STS action this door answers, by AWS's name: the sts service's
 * routes. Their JSON answers already carry AWS's member names (Credentials
 * with AccessKeyId, SecretAccessKey, SessionToken, Expiration;
 * AssumedRoleUser, FederatedUser, PackedPolicySize, SourceIdentity;
 * UserId/Account/Arn; Account; DecodedMessage; SubjectFromWebIdentityToken,
 * Provider, Audience), so the default naming is
 * AWS's result.
 */
export const stsActions: Readonly<Record<string, WireAction>> = {
  AssumeRole: sts('POST /v1/sts/assume-role'),
  GetSessionToken: sts('POST /v1/sts/session-token'),
  GetFederationToken: sts('POST /v1/sts/federation-token'),
  GetCallerIdentity: sts('POST /v1/sts/caller-identity'),
  GetAccessKeyInfo: sts('POST /v1/sts/access-key-info'),
  DecodeAuthorizationMessage: sts('POST /v1/sts/decode-authorization-message'),
  // Unsigned, as AWS's: the web identity token is the credential.
  AssumeRoleWithWebIdentity: sts('POST /v1/sts/assume-role-with-web-identity'),
  // Unsigned too: the IdP's signed SAML response is the credential (Subject, SubjectType, Issuer, Audience, NameQualifier).
  AssumeRoleWithSAML: sts('POST /v1/sts/assume-role-with-saml', {
    rename: { SAMLAssertion: 'samlAssertion' },
  }),
};
