import { createHash } from 'node:crypto';
import { SamlAttributes, TestSamlIdp } from '@iam/testing';
import { requireRoleGranted, sessionClaims, samlConditionKeys, nameQualifier } from './saml-claims';
import { SamlResponseVerifier } from './saml-response-verifier';
import type { StsSamlProvider } from './saml-providers.queries';

const roleArn = 'arn:aws:iam::123456789012:role/Engineers';
const providerArn = 'arn:aws:iam::123456789012:saml-provider/CorpIdP';

describe('SAML response verification', () => {
  const idp = new TestSamlIdp('https://idp.corp.test/saml');
  const intruder = new TestSamlIdp('https://idp.corp.test/saml');
  const provider: StsSamlProvider = {
    arn: providerArn,
    accountId: '123456789012',
    entityId: idp.entityId,
    signingCertificates: [idp.certificateBase64],
  };
  const verifier = new SamlResponseVerifier({
    audience: 'urn:amazon:webservices',
    recipients: ['https://signin.aws.amazon.com/saml'],
  });
  const attributes = {
    [SamlAttributes.role]: [`${roleArn},${providerArn}`],
    [SamlAttributes.roleSessionName]: ['alice'],
  };
  const verify = (xml: string) => verifier.verify(Buffer.from(xml).toString('base64'), provider);
  const refusedWith = (code: string, message: RegExp = /./) =>
    expect.objectContaining({ code, message: expect.stringMatching(message) });

  it.each(['assertion', 'response', 'both'] as const)(
    'accepts a response whose %s is signed',
    async (sign) => {
      const verified = await verify(idp.responseXml({ sign, attributes }));
      expect(verified).toMatchObject({
        issuer: idp.entityId,
        subject: 'alice@corp.test',
        subjectFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        recipient: 'https://signin.aws.amazon.com/saml',
        attributes,
      });
      expect(verified.assertionId).toMatch(/^_a/);
    },
  );

  it('accepts a certificate listed beside others in the metadata (a rotation)', async () => {
    const rotating = {
      ...provider,
      signingCertificates: [intruder.certificateBase64, idp.certificateBase64],
    };
    await expect(verifier.verify(idp.response({ attributes }), rotating)).resolves.toMatchObject({
      subject: 'alice@corp.test',
    });
  });

  it('refuses a response signed by a key whose certificate is not in the metadata', async () => {
    await expect(verify(idp.responseXml({ signer: intruder, attributes }))).rejects.toEqual(
      refusedWith('InvalidIdentityToken', /not signed/),
    );
    await expect(verify(idp.responseXml({ signer: intruder, sign: 'response', attributes }))).rejects.toEqual(
      refusedWith('InvalidIdentityToken', /not signed/),
    );
  });

  it('refuses an unsigned response', async () => {
    await expect(verify(idp.responseXml({ sign: 'none', attributes }))).rejects.toEqual(
      refusedWith('InvalidIdentityToken', /not signed/),
    );
  });

  it('refuses a signed assertion altered after signing', async () => {
    const xml = idp.responseXml({ attributes }).replace('>alice<', '>admin<');
    await expect(verify(xml)).rejects.toEqual(refusedWith('InvalidIdentityToken', /not signed/));
  });

  it('refuses signature wrapping: a second, unsigned assertion beside the signed one', async () => {
    const signed = idp.responseXml({ attributes });
    const evil = idp
      .responseXml({
        sign: 'none',
        attributes: { ...attributes, [SamlAttributes.roleSessionName]: ['mallory'] },
      })
      .match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
    for (const xml of [
      signed.replace('<saml:Assertion', `${evil}<saml:Assertion`),
      signed.replace('</samlp:Response>', `${evil}</samlp:Response>`),
    ]) {
      await expect(verify(xml)).rejects.toEqual(refusedWith('InvalidIdentityToken', /not signed/));
    }
  });

  it('refuses signature wrapping: the signed assertion hidden in an extension, an unsigned one in its place', async () => {
    const signed = idp.responseXml({ attributes });
    const signedAssertion = signed.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
    const evil = idp
      .responseXml({
        sign: 'none',
        attributes: { ...attributes, [SamlAttributes.roleSessionName]: ['mallory'] },
      })
      .match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
    const xml = signed.replace(
      signedAssertion,
      `<samlp:Extensions>${signedAssertion}</samlp:Extensions>${evil}`,
    );
    await expect(verify(xml)).rejects.toEqual(refusedWith('InvalidIdentityToken', /not signed/));
  });

  it('reads a NameID with a comment inside whole, as its signature covered it', async () => {
    const verified = await verify(
      idp.responseXml({ nameIdXml: 'admin@corp.test<!---->.evil.test', attributes }),
    );
    expect(verified.subject).toBe('admin@corp.test.evil.test');
  });

  it('refuses an expired assertion with ExpiredTokenException', async () => {
    const hourAgo = new Date(Date.now() - 3_600_000);
    await expect(
      verify(
        idp.responseXml({
          notBefore: new Date(hourAgo.getTime() - 60_000),
          notOnOrAfter: hourAgo,
          attributes,
        }),
      ),
    ).rejects.toEqual(refusedWith('ExpiredTokenException'));
  });

  it('refuses an assertion not yet valid', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000);
    await expect(
      verify(
        idp.responseXml({
          notBefore: inAnHour,
          notOnOrAfter: new Date(inAnHour.getTime() + 300_000),
          attributes,
        }),
      ),
    ).rejects.toEqual(refusedWith('InvalidIdentityToken', /not yet valid/));
  });

  it.each([
    ['another audience', { audience: 'https://other.example/sp' }],
    [
      'another recipient',
      { recipient: 'https://evil.example/acs', destination: 'https://signin.aws.amazon.com/saml' },
    ],
    ['another destination', { destination: 'https://evil.example/acs' }],
    ['another issuer', { issuer: 'https://other-idp.test' }],
  ])('refuses an assertion with %s', async (_, overrides) => {
    await expect(verify(idp.responseXml({ ...overrides, attributes }))).rejects.toEqual(
      refusedWith('InvalidIdentityToken'),
    );
  });

  it('refuses what is not a SAML response: not base64, a DTD, not XML', async () => {
    await expect(verifier.verify('not base64!', provider)).rejects.toEqual(
      refusedWith('InvalidIdentityToken'),
    );
    const dtd = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]>${idp.responseXml({ attributes }).replace(/^<\?xml[^>]*>/, '')}`;
    await expect(verify(dtd)).rejects.toEqual(refusedWith('InvalidIdentityToken'));
    await expect(verify('<samlp:Response')).rejects.toEqual(refusedWith('InvalidIdentityToken'));
  });
});

describe('SAML claims', () => {
  const base = {
    assertionId: '_a1',
    issuer: 'https://idp.corp.test/saml',
    subject: 'alice@corp.test',
    subjectFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    recipient: 'https://signin.aws.amazon.com/saml',
    notOnOrAfter: Date.now() + 300_000,
  };
  const withAttributes = (attributes: Record<string, string[]>) => ({ ...base, attributes });

  it('the Role attribute grants the pair in either order, and nothing else', () => {
    expect(() =>
      requireRoleGranted(
        withAttributes({ [SamlAttributes.role]: [`${roleArn},${providerArn}`] }),
        roleArn,
        providerArn,
      ),
    ).not.toThrow();
    expect(() =>
      requireRoleGranted(
        withAttributes({ [SamlAttributes.role]: [`${providerArn}, ${roleArn}`] }),
        roleArn,
        providerArn,
      ),
    ).not.toThrow();
    for (const value of [
      `arn:aws:iam::123456789012:role/Admins,${providerArn}`,
      `${roleArn},arn:aws:iam::123456789012:saml-provider/Other`,
      roleArn,
      `${roleArn},${providerArn},extra`,
    ]) {
      expect(() =>
        requireRoleGranted(withAttributes({ [SamlAttributes.role]: [value] }), roleArn, providerArn),
      ).toThrow(expect.objectContaining({ code: 'AccessDenied' }));
    }
  });

  it('RoleSessionName is required and must be a valid session name', () => {
    expect(() => sessionClaims(withAttributes({}))).toThrow(
      expect.objectContaining({ code: 'InvalidIdentityToken' }),
    );
    expect(() => sessionClaims(withAttributes({ [SamlAttributes.roleSessionName]: ['a b'] }))).toThrow(
      expect.objectContaining({ code: 'InvalidIdentityToken' }),
    );
    expect(() => sessionClaims(withAttributes({ [SamlAttributes.roleSessionName]: ['a', 'b'] }))).toThrow(
      expect.objectContaining({ code: 'InvalidIdentityToken' }),
    );
  });

  it('reads SessionDuration, principal tags, transitive keys and source identity', () => {
    expect(
      sessionClaims(
        withAttributes({
          [SamlAttributes.roleSessionName]: ['alice'],
          [SamlAttributes.sessionDuration]: ['1800'],
          [SamlAttributes.principalTag('Project')]: ['apollo'],
          [SamlAttributes.transitiveTagKeys]: ['project'],
          [SamlAttributes.sourceIdentity]: ['alice'],
        }),
      ),
    ).toEqual({
      roleSessionName: 'alice',
      sessionDuration: 1800,
      tags: { Project: 'apollo' },
      transitiveTagKeys: ['Project'],
      sourceIdentity: 'alice',
    });
    expect(() =>
      sessionClaims(
        withAttributes({
          [SamlAttributes.roleSessionName]: ['alice'],
          [SamlAttributes.sessionDuration]: ['60'],
        }),
      ),
    ).toThrow(expect.objectContaining({ code: 'InvalidIdentityToken' }));
  });

  it('fills the saml: condition keys as AWS does', () => {
    const keys = samlConditionKeys(
      withAttributes({ 'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': ['alice@corp.test'] }),
      { accountId: '123456789012', name: 'CorpIdP' },
    );
    expect(keys).toEqual({
      'saml:aud': 'https://signin.aws.amazon.com/saml',
      'saml:iss': 'https://idp.corp.test/saml',
      'saml:sub': 'alice@corp.test',
      'saml:sub_type': 'persistent',
      'saml:namequalifier': nameQualifier('https://idp.corp.test/saml', '123456789012', 'CorpIdP'),
      'saml:doc': '123456789012/CorpIdP',
      'saml:edupersonprincipalname': 'alice@corp.test',
    });
    // AWS's documented example: BASE64(SHA1("https://example.com/saml" + "123456789012" + "/MySAMLIdP")).
    expect(nameQualifier('https://example.com/saml', '123456789012', 'MySAMLIdP')).toBe(
      Buffer.from(
        createHash('sha1').update('https://example.com/saml123456789012/MySAMLIdP').digest(),
      ).toString('base64'),
    );
  });
});
