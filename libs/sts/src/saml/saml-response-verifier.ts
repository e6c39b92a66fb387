import { SAML, ValidateInResponseTo, type Profile } from '@node-saml/node-saml';
import { XMLParser } from 'fast-xml-parser';
import { IamError } from '@iam/contracts';
import type { StsSamlProvider } from './saml-providers.queries';

/** How far apart the IdP's clock and ours may be (NotBefore, NotOnOrAfter). */
export const SAML_CLOCK_SKEW_MS = 120_000;

/** What a verified assertion says, read only from the signed XML. */
export interface VerifiedSamlAssertion {
  assertionId: string;
  issuer: string;
  /** The NameID, whole (text around a comment is joined, as the signature covered it). */
  subject: string;
  /** The NameID's Format URI (unspecified when absent). */
  subjectFormat: string;
  /** The SubjectConfirmationData Recipient: AWS's `saml:aud` and the response's Audience. */
  recipient: string;
  /** Attribute name → its string values. */
  attributes: Record<string, string[]>;
  /** Epoch ms after which the assertion is no longer valid (the earlier of the NotOnOrAfter values). */
  notOnOrAfter: number;
  /** Epoch ms of AuthnStatement SessionNotOnOrAfter, when the IdP set one. */
  sessionNotOnOrAfter?: number;
}

export interface SamlVerifierSettings {
  /** The audience assertions must be restricted to (IAM_SAML_AUDIENCE). */
  audience: string;
  /** Where assertions may be addressed (IAM_SAML_RECIPIENTS). */
  recipients: readonly string[];
}

export const invalidToken = (message: string) => new IamError('InvalidIdentityToken', message);

const rawResponse = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: false,
});

/**
 * Verifies a base64 SAML Response as AWS's AssumeRoleWithSAML does. The
 * cryptography and the hard parts are @node-saml/node-saml's: a signature
 * over the response or the assertion by one of the provider's certificates
 * (never a certificate the response carries itself), one assertion only, and
 * every later read from the bytes the signature covered, so a wrapped or
 * injected assertion is never the one read; Conditions NotBefore and
 * NotOnOrAfter and the audience restriction. Checked here as well, on the
 * signed assertion: its Issuer is the provider's entity id; exactly one
 * bearer SubjectConfirmation, addressed to one of our recipients, not
 * expired; and (outside the signature, so they can only refuse) the
 * response's status and Destination.
 */
export class SamlResponseVerifier {
  constructor(private readonly settings: SamlVerifierSettings) {}

  async verify(
    samlResponse: string,
    provider: StsSamlProvider,
    now = Date.now(),
  ): Promise<VerifiedSamlAssertion> {
    const xml = decode(samlResponse);
    this.checkEnvelope(xml);
    const saml = new SAML({
      callbackUrl: this.settings.recipients[0],
      issuer: this.settings.audience,
      audience: this.settings.audience,
      idpCert: provider.signingCertificates,
      // Either the response or the assertion must be signed (AWS accepts both); node-saml then insists on one.
      wantAuthnResponseSigned: false,
      wantAssertionsSigned: false,
      acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
      // An IdP-initiated response answers no request of ours; replay is refused by assertion id instead.
      validateInResponseTo: ValidateInResponseTo.never,
    });
    let profile: Profile | null;
    try {
      ({ profile } = await saml.validatePostResponseAsync({
        SAMLResponse: Buffer.from(xml, 'utf8').toString('base64'),
      }));
    } catch (error) {
      throw refusal(error);
    }
    if (!profile?.getAssertion) throw invalidToken('The SAML response carries no assertion.');
    return this.readAssertion(profile, provider, now);
  }

  /** Status and Destination of the response element: unsigned when only the assertion is, so they may only refuse. */
  private checkEnvelope(xml: string): void {
    let root: Record<string, unknown>;
    try {
      root = rawResponse.parse(xml) as Record<string, unknown>;
    } catch {
      throw invalidToken('The SAML response is not well-formed XML.');
    }
    const response = root.Response as Record<string, unknown> | undefined;
    if (!response || typeof response !== 'object')
      throw invalidToken('The SAML assertion must be a SAML 2.0 Response.');
    const status = (response.Status as Record<string, unknown> | undefined)?.StatusCode as
      Record<string, unknown> | undefined;
    if (status?.['@Value'] !== 'urn:oasis:names:tc:SAML:2.0:status:Success')
      throw invalidToken('The identity provider did not report a successful authentication.');
    const destination = response['@Destination'];
    if (destination !== undefined && !this.settings.recipients.includes(String(destination)))
      throw invalidToken(`The SAML response is addressed to ${String(destination)}, not to this endpoint.`);
  }

  private readAssertion(profile: Profile, provider: StsSamlProvider, now: number): VerifiedSamlAssertion {
    const assertion = (profile.getAssertion?.() as { Assertion?: XmlNode }).Assertion;
    if (!assertion) throw invalidToken('The SAML response carries no assertion.');
    const assertionId = assertion.$?.ID;
    if (!assertionId) throw invalidToken('The SAML assertion has no ID.');
    const issuer = textOf(first(assertion.Issuer));
    if (issuer !== provider.entityId)
      throw invalidToken(`The assertion's issuer is not the entity id of ${provider.arn}.`);

    const subject = first(assertion.Subject);
    const confirmations = (subject?.SubjectConfirmation as XmlNode[] | undefined) ?? [];
    if (confirmations.length !== 1)
      throw invalidToken('The SAML assertion must have exactly one SubjectConfirmation.');
    const confirmation = confirmations[0];
    if (confirmation.$?.Method !== 'urn:oasis:names:tc:SAML:2.0:cm:bearer')
      throw invalidToken('The SubjectConfirmation must use the bearer method.');
    const data = first(confirmation.SubjectConfirmationData)?.$ ?? {};
    const recipient = data.Recipient;
    if (recipient === undefined || !this.settings.recipients.includes(recipient))
      throw invalidToken('The SubjectConfirmationData Recipient is not this endpoint.');
    const confirmationEnds = instant(data.NotOnOrAfter, 'SubjectConfirmationData NotOnOrAfter');
    if (confirmationEnds === undefined)
      throw invalidToken('The SubjectConfirmationData has no NotOnOrAfter.');
    if (now - SAML_CLOCK_SKEW_MS >= confirmationEnds) throw expired();
    const confirmationStarts = instant(data.NotBefore, 'SubjectConfirmationData NotBefore');
    if (confirmationStarts !== undefined && now + SAML_CLOCK_SKEW_MS < confirmationStarts)
      throw invalidToken('The SAML assertion is not yet valid.');

    const nameId = first(subject?.NameID);
    const subjectValue = textOf(nameId);
    if (!subjectValue) throw invalidToken('The SAML assertion has no NameID.');
    const conditionsEnd = instant(first(assertion.Conditions)?.$?.NotOnOrAfter, 'Conditions NotOnOrAfter');
    const sessionEnd = instant(
      first(assertion.AuthnStatement)?.$?.SessionNotOnOrAfter,
      'AuthnStatement SessionNotOnOrAfter',
    );
    return {
      assertionId,
      issuer,
      subject: subjectValue,
      subjectFormat: nameId?.$?.Format ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      recipient,
      attributes: attributesOf(assertion),
      notOnOrAfter: Math.min(confirmationEnds, conditionsEnd ?? confirmationEnds),
      ...(sessionEnd !== undefined ? { sessionNotOnOrAfter: sessionEnd } : {}),
    };
  }
}

/** An element as xml2js (inside node-saml) reads it: attributes under `$`, text under `_`. */
interface XmlNode {
  $?: Record<string, string>;
  _?: string;
  [child: string]: XmlNode[] | Record<string, string> | string | undefined;
}

function first(nodes: unknown): XmlNode | undefined {
  return Array.isArray(nodes) ? (nodes[0] as XmlNode | undefined) : undefined;
}

function textOf(node: XmlNode | string | undefined): string | undefined {
  if (typeof node === 'string') return node;
  return typeof node?._ === 'string' ? node._ : undefined;
}

function attributesOf(assertion: XmlNode): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  for (const statement of (assertion.AttributeStatement as XmlNode[] | undefined) ?? []) {
    for (const attribute of (statement.Attribute as XmlNode[] | undefined) ?? []) {
      const name = attribute.$?.Name;
      if (!name) continue;
      const values = ((attribute.AttributeValue as (XmlNode | string)[] | undefined) ?? [])
        .map(textOf)
        .filter((v): v is string => typeof v === 'string');
      attributes[name] = [...(attributes[name] ?? []), ...values];
    }
  }
  return attributes;
}

function instant(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  if (!Number.isFinite(at)) throw invalidToken(`${what} is not a date and time.`);
  return at;
}

const expired = () => new IamError('ExpiredTokenException', 'Token is expired.');

function decode(samlResponse: string): string {
  const compact = samlResponse.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact))
    throw invalidToken('The SAML assertion is not base64.');
  const xml = Buffer.from(compact, 'base64').toString('utf8');
  // No document type declaration: nothing of the sender's is ever expanded.
  if (/<!DOCTYPE/i.test(xml))
    throw invalidToken('The SAML response must not carry a document type declaration.');
  return xml;
}

/** node-saml's refusals, told apart as AWS tells them apart (expiry has its own code), with our words. */
function refusal(error: unknown): IamError {
  if (error instanceof IamError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/expired/i.test(message)) return expired();
  if (/not yet valid/i.test(message)) return invalidToken('The SAML assertion is not yet valid.');
  if (/audience/i.test(message)) return invalidToken('The SAML assertion is not for this audience.');
  if (/multiple assertions|signature|signed/i.test(message))
    return invalidToken(
      'The SAML response is not signed by a certificate of the provider, or its signature is invalid.',
    );
  return invalidToken('The SAML response could not be verified.');
}
