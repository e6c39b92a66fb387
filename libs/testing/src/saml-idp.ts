import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as forge from 'node-forge';
import { SignedXml } from 'xml-crypto';

/** What a test assertion says; every field has a valid default, so a test changes only what it probes. */
export interface TestAssertion {
  /** The `Audience` (AWS's is `urn:amazon:webservices`). */
  audience?: string;
  /** SubjectConfirmationData `Recipient`, and the response's `Destination`. */
  recipient?: string;
  destination?: string;
  /** The NameID's inner XML, as sent (a test may put a comment inside). */
  nameIdXml?: string;
  nameIdFormat?: string;
  issuer?: string;
  /** Conditions NotBefore / NotOnOrAfter and SubjectConfirmationData NotOnOrAfter; default now−1 min … now+5 min. */
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** Attribute name → values (each value escaped). */
  attributes?: Record<string, string[]>;
  assertionId?: string;
  /** What the IdP signs: the assertion (most IdPs), the response, both, or nothing. */
  sign?: 'assertion' | 'response' | 'both' | 'none';
  /** Another key and certificate to sign with (an IdP the provider's metadata does not name). */
  signer?: TestSamlIdp;
}

export const SamlAttributes = {
  role: 'https://aws.amazon.com/SAML/Attributes/Role',
  roleSessionName: 'https://aws.amazon.com/SAML/Attributes/RoleSessionName',
  sessionDuration: 'https://aws.amazon.com/SAML/Attributes/SessionDuration',
  sourceIdentity: 'https://aws.amazon.com/SAML/Attributes/SourceIdentity',
  principalTag: (key: string) => `https://aws.amazon.com/SAML/Attributes/PrincipalTag:${key}`,
  transitiveTagKeys: 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys',
} as const;

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A SAML 2.0 identity provider for tests: an RSA key pair and a self-signed
 * certificate made here, its metadata document, and responses signed as an
 * IdP signs them (enveloped RSA-SHA256 signature, exclusive C14N, placed
 * after the Issuer).
 */
export class TestSamlIdp {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  /** Base64 DER, as metadata and KeyInfo carry it. */
  readonly certificateBase64: string;

  constructor(readonly entityId = `https://idp.test/${randomBytes(4).toString('hex')}`) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
    cert.validity.notBefore = new Date(Date.now() - 86_400_000);
    cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
    const subject = [{ name: 'commonName', value: 'test-saml-idp' }];
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.sign(forge.pki.privateKeyFromPem(this.privateKeyPem), forge.md.sha256.create());
    this.certificatePem = forge.pki.certificateToPem(cert);
    this.certificateBase64 = this.certificatePem.replace(/-----[^-]+-----|\s/g, '');
  }

  /** The IdP's SAML metadata (what CreateSAMLProvider is given), over 1,000 characters as AWS requires. */
  metadata(options: { validUntil?: Date; extraCertificates?: string[] } = {}): string {
    const keys = [this.certificateBase64, ...(options.extraCertificates ?? [])]
      .map(
        (cert) =>
          `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
      )
      .join('');
    const validUntil = options.validUntil ? ` validUntil="${options.validUntil.toISOString()}"` : '';
    return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escape(this.entityId)}"${validUntil}>
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${keys}
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escape(this.entityId)}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
  }

  /** A SAML Response carrying one assertion, as XML. */
  responseXml(a: TestAssertion = {}): string {
    const now = Date.now();
    const notBefore = (a.notBefore ?? new Date(now - 60_000)).toISOString();
    const notOnOrAfter = (a.notOnOrAfter ?? new Date(now + 300_000)).toISOString();
    const recipient = a.recipient ?? 'https://signin.aws.amazon.com/saml';
    const destination = a.destination ?? recipient;
    const issuer = escape(a.issuer ?? this.entityId);
    const assertionId = a.assertionId ?? `_a${randomBytes(16).toString('hex')}`;
    const attributes = Object.entries(a.attributes ?? {})
      .map(
        ([name, values]) =>
          `<saml:Attribute Name="${escape(name)}">${values
            .map((v) => `<saml:AttributeValue>${escape(v)}</saml:AttributeValue>`)
            .join('')}</saml:Attribute>`,
      )
      .join('');
    const issueInstant = new Date(now).toISOString();
    const assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${issueInstant}"><saml:Issuer>${issuer}</saml:Issuer><saml:Subject><saml:NameID Format="${escape(a.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent')}">${a.nameIdXml ?? 'alice@corp.test'}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${notOnOrAfter}" Recipient="${escape(recipient)}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${escape(a.audience ?? 'urn:amazon:webservices')}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${issueInstant}" SessionIndex="${assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>${attributes}</saml:AttributeStatement></saml:Assertion>`;
    const sign = a.sign ?? 'assertion';
    const signer = a.signer ?? this;
    const signedAssertion =
      sign === 'assertion' || sign === 'both' ? signer.sign(assertion, 'Assertion') : assertion;
    const response = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${issueInstant}" Destination="${escape(destination)}"><saml:Issuer>${issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${signedAssertion}</samlp:Response>`;
    return sign === 'response' || sign === 'both' ? signer.sign(response, 'Response') : response;
  }

  /** The response as AssumeRoleWithSAML takes it: base64. */
  response(a: TestAssertion = {}): string {
    return Buffer.from(this.responseXml(a), 'utf8').toString('base64');
  }

  /** An enveloped signature of the document's top `element` (Assertion or Response), placed after its Issuer. */
  sign(xml: string, element: 'Assertion' | 'Response'): string {
    const signer = new SignedXml({
      privateKey: this.privateKeyPem,
      publicCert: this.certificatePem,
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    });
    signer.addReference({
      xpath: `/*[local-name(.)='${element}']`,
      transforms: [
        'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
        'http://www.w3.org/2001/10/xml-exc-c14n#',
      ],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    });
    signer.computeSignature(xml, {
      prefix: 'ds',
      location: { reference: `/*[local-name(.)='${element}']/*[local-name(.)='Issuer']`, action: 'after' },
    });
    return signer.getSignedXml();
  }
}
