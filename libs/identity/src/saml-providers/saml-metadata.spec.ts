import { TestSamlIdp } from '@iam/testing';
import { parseSamlMetadata } from './saml-metadata';

describe('SAML metadata', () => {
  const idp = new TestSamlIdp('https://idp.corp.test/saml');
  const other = new TestSamlIdp();

  it('reads the entity id, the signing certificates and validUntil', () => {
    const validUntil = new Date('2030-01-01T00:00:00Z');
    const parsed = parseSamlMetadata(
      idp.metadata({ validUntil, extraCertificates: [other.certificateBase64] }),
    );
    expect(parsed).toEqual({
      entityId: 'https://idp.corp.test/saml',
      signingCertificates: [idp.certificateBase64, other.certificateBase64],
      validUntil: '2030-01-01T00:00:00.000Z',
    });
  });

  it('skips encryption keys', () => {
    const metadata = idp
      .metadata({ extraCertificates: [other.certificateBase64] })
      .replace(/use="signing"(?![\s\S]*use="signing")/, 'use="encryption"');
    expect(parseSamlMetadata(metadata).signingCertificates).toEqual([idp.certificateBase64]);
  });

  it.each([
    ['not XML', 'x'.repeat(1200), /not well-formed/],
    [
      'a DTD',
      `<!DOCTYPE x [<!ENTITY a "b">]>${idp.metadata().replace(/^<\?xml[^>]*>/, '')}`,
      /document type/,
    ],
    [
      'no IDPSSODescriptor',
      idp.metadata().replace(/IDPSSODescriptor/g, 'SPSSODescriptor'),
      /IDPSSODescriptor/,
    ],
    ['no entityID', idp.metadata().replace(/entityID="[^"]*"/, ''), /entityID/],
    [
      'no certificate',
      idp.metadata().replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, ''),
      /signing certificate/,
    ],
    [
      'a certificate that is not one',
      idp.metadata().replace(idp.certificateBase64, 'AAAA' + 'QUJD'.repeat(100)),
      /not a valid X\.509/,
    ],
    ['a bad validUntil', idp.metadata().replace('entityID=', 'validUntil="soon" entityID='), /validUntil/],
  ])('refuses %s with InvalidInput', (_, document, message) => {
    expect(() => parseSamlMetadata(document)).toThrow(
      expect.objectContaining({ code: 'InvalidInput', message: expect.stringMatching(message) }),
    );
  });
});
