import { createHash } from 'node:crypto';
import { IamError } from '@iam/contracts';
import type { ContextValue } from '@iam/policy-engine';
import { requireSessionName, requireSourceIdentity, sessionTags } from '../shared/sts-inputs';
import { invalidToken, type VerifiedSamlAssertion } from './saml-response-verifier';

/** AWS's attribute names (IAM User Guide, "Configure SAML assertions for the authentication response"). */
export const AwsSamlAttribute = {
  role: 'https://aws.amazon.com/SAML/Attributes/Role',
  roleSessionName: 'https://aws.amazon.com/SAML/Attributes/RoleSessionName',
  sessionDuration: 'https://aws.amazon.com/SAML/Attributes/SessionDuration',
  sourceIdentity: 'https://aws.amazon.com/SAML/Attributes/SourceIdentity',
  transitiveTagKeys: 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys',
  principalTagPrefix: 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:',
} as const;

/**
 * Attributes AWS exposes to trust policies as `saml:<name>` keys (the
 * eduPerson and eduOrg attributes and the common name, by OID).
 */
const MAPPED_ATTRIBUTES: Readonly<Record<string, string>> = {
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': 'edupersonaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.2': 'edupersonnickname',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.3': 'edupersonorgdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.4': 'edupersonorgunitdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.5': 'edupersonprimaryaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': 'edupersonprincipalname',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.7': 'edupersonentitlement',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.8': 'edupersonprimaryorgunitdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': 'edupersonscopedaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': 'edupersontargetedid',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.11': 'edupersonassurance',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.2': 'eduorghomepageuri',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.3': 'eduorglegalname',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.5': 'eduorgwhitepagesuri',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.10': 'eduorgidentityauthnpolicyuri',
  'urn:oid:1.3.6.1.4.1.5923.1.2.1.11': 'eduorgsuperioruri',
  'urn:oid:2.5.4.3': 'cn',
};

/** What AssumeRoleWithSAML takes from the assertion's claims. */
export interface SamlSessionClaims {
  roleSessionName: string;
  /** The SessionDuration attribute, seconds (900–43200), when present. */
  sessionDuration?: number;
  tags: Record<string, string>;
  transitiveTagKeys: string[];
  sourceIdentity?: string;
}

/**
 * The Role attribute must grant this role through this provider: one of its
 * values is the pair `roleArn,principalArn`, in either order (AWS accepts
 * both). Anything else is not a grant of this role.
 */
export function requireRoleGranted(
  assertion: VerifiedSamlAssertion,
  roleArn: string,
  providerArn: string,
): void {
  const granted = (assertion.attributes[AwsSamlAttribute.role] ?? []).some((value) => {
    const parts = value.split(',').map((part) => part.trim());
    return (
      parts.length === 2 &&
      ((parts[0] === roleArn && parts[1] === providerArn) ||
        (parts[0] === providerArn && parts[1] === roleArn))
    );
  });
  if (!granted)
    throw new IamError(
      'AccessDenied',
      `Not authorized to perform sts:AssumeRoleWithSAML: the assertion does not grant ${roleArn} through ${providerArn}.`,
    );
}

function single(assertion: VerifiedSamlAssertion, name: string): string | undefined {
  const values = assertion.attributes[name];
  if (values === undefined) return undefined;
  if (values.length !== 1) throw invalidToken(`The attribute ${name} must have exactly one value.`);
  return values[0];
}

/** RoleSessionName (required, 2–64 of [\w+=,.@-]), SessionDuration, session tags, transitive keys and source identity. */
export function sessionClaims(assertion: VerifiedSamlAssertion): SamlSessionClaims {
  const roleSessionName = single(assertion, AwsSamlAttribute.roleSessionName);
  if (roleSessionName === undefined)
    throw invalidToken(`The SAML assertion has no ${AwsSamlAttribute.roleSessionName} attribute.`);
  asInvalidToken(() => requireSessionName(roleSessionName, 'RoleSessionName'));

  const durationText = single(assertion, AwsSamlAttribute.sessionDuration);
  let sessionDuration: number | undefined;
  if (durationText !== undefined) {
    sessionDuration = Number(durationText);
    if (!/^\d+$/.test(durationText) || sessionDuration < 900 || sessionDuration > 43_200)
      throw invalidToken(
        'The SessionDuration attribute must be a whole number of seconds from 900 to 43200.',
      );
  }

  const tagList = Object.keys(assertion.attributes)
    .filter((name) => name.startsWith(AwsSamlAttribute.principalTagPrefix))
    .map((name) => ({
      key: name.slice(AwsSamlAttribute.principalTagPrefix.length),
      value: single(assertion, name) ?? '',
    }));
  const tags = asInvalidToken(() => sessionTags(tagList, 'PrincipalTag'));
  const byFolded = new Map(Object.keys(tags).map((key) => [key.toLowerCase(), key]));
  const transitiveTagKeys = (assertion.attributes[AwsSamlAttribute.transitiveTagKeys] ?? []).map((key) => {
    const tagKey = byFolded.get(key.toLowerCase());
    if (tagKey === undefined)
      throw invalidToken(`The transitive tag key ${key} is not a PrincipalTag of the assertion.`);
    return tagKey;
  });

  const sourceIdentity = single(assertion, AwsSamlAttribute.sourceIdentity);
  if (sourceIdentity !== undefined)
    asInvalidToken(() => requireSourceIdentity(sourceIdentity, 'SourceIdentity'));
  return {
    roleSessionName,
    ...(sessionDuration !== undefined ? { sessionDuration } : {}),
    tags,
    transitiveTagKeys,
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
  };
}

/** A claim that breaks an STS rule is a bad token, not a bad request parameter. */
function asInvalidToken<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof IamError && error.code === 'ValidationError') throw invalidToken(error.message);
    throw error;
  }
}

/** `saml:sub_type`: `persistent`, `transient`, or the Format URI as given. */
export function subjectType(format: string): string {
  if (format === 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent') return 'persistent';
  if (format === 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient') return 'transient';
  return format;
}

/** `saml:namequalifier`: BASE64(SHA1(issuer + account id + "/" + provider name)), as AWS computes it. */
export function nameQualifier(issuer: string, accountId: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${accountId}/${providerName}`, 'utf8').digest('base64');
}

/** The `saml:` condition keys a trust policy sees, as AWS fills them. */
export function samlConditionKeys(
  assertion: VerifiedSamlAssertion,
  provider: { accountId: string; name: string },
): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {
    'saml:aud': assertion.recipient,
    'saml:iss': assertion.issuer,
    'saml:sub': assertion.subject,
    'saml:sub_type': subjectType(assertion.subjectFormat),
    'saml:namequalifier': nameQualifier(assertion.issuer, provider.accountId, provider.name),
    'saml:doc': `${provider.accountId}/${provider.name}`,
  };
  for (const [oid, key] of Object.entries(MAPPED_ATTRIBUTES)) {
    const values = assertion.attributes[oid];
    if (values && values.length > 0) keys[`saml:${key}`] = values.length === 1 ? values[0] : values;
  }
  return keys;
}
