import { X509Certificate } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { IamError, type SamlProviderMetadataV1 } from '@iam/contracts';

/** What identity reads from a metadata document (the document itself travels beside it). */
export type SamlMetadata = Omit<SamlProviderMetadataV1, 'samlMetadataDocument'>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities of a DTD are refused before parsing; only XML's five built-in ones remain.
  processEntities: true,
  isArray: (name) =>
    ['EntityDescriptor', 'IDPSSODescriptor', 'KeyDescriptor', 'X509Certificate'].includes(name),
});

const invalid = (why: string) => new IamError('InvalidInput', `Could not parse metadata: ${why}`);

/**
 * The IdP's entity id, signing certificates and expiry, read from a SAML
 * 2.0 metadata document (`EntityDescriptor` with an `IDPSSODescriptor`), as
 * AWS reads what CreateSAMLProvider is given; anything else is InvalidInput.
 * A document type declaration is refused outright: no entity of the
 * caller's is ever expanded. Every certificate must be a readable X.509
 * certificate, and there must be at least one for signing, since an
 * assertion nobody can verify is worth nothing.
 */
export function parseSamlMetadata(document: string): SamlMetadata {
  if (/<!DOCTYPE/i.test(document)) throw invalid('a document type declaration is not allowed.');
  if (XMLValidator.validate(document) !== true) throw invalid('the document is not well-formed XML.');
  let parsed: Record<string, unknown>;
  try {
    parsed = parser.parse(document) as Record<string, unknown>;
  } catch {
    throw invalid('the document is not well-formed XML.');
  }
  const entities = parsed.EntityDescriptor as Record<string, unknown>[] | undefined;
  if (!entities || entities.length !== 1) throw invalid('expected one EntityDescriptor as the root element.');
  const entity = entities[0];
  const entityId = entity['@entityID'];
  if (typeof entityId !== 'string' || entityId.trim() === '' || entityId.length > 1024)
    throw invalid('the EntityDescriptor has no entityID.');
  const idps = entity.IDPSSODescriptor as Record<string, unknown>[] | undefined;
  if (!idps || idps.length === 0) throw invalid('the EntityDescriptor has no IDPSSODescriptor.');

  const signingCertificates: string[] = [];
  for (const idp of idps) {
    for (const key of (idp.KeyDescriptor as Record<string, unknown>[] | undefined) ?? []) {
      const use = key['@use'];
      if (use !== undefined && use !== 'signing') continue;
      const data = (key.KeyInfo as Record<string, unknown> | undefined)?.X509Data as
        Record<string, unknown> | undefined;
      for (const text of (data?.X509Certificate as unknown[] | undefined) ?? []) {
        signingCertificates.push(certificateBase64(text));
      }
    }
  }
  if (signingCertificates.length === 0)
    throw invalid(
      'the IDPSSODescriptor has no signing certificate (KeyDescriptor/KeyInfo/X509Data/X509Certificate).',
    );

  const validUntil = validUntilOf(entity['@validUntil']);
  return {
    entityId,
    signingCertificates: [...new Set(signingCertificates)],
    ...(validUntil !== undefined ? { validUntil } : {}),
  };
}

/** The certificate as one line of base64 DER, after checking it is an X.509 certificate. */
function certificateBase64(text: unknown): string {
  if (typeof text !== 'string') throw invalid('an X509Certificate element is empty.');
  const base64 = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalid('an X509Certificate is not base64.');
  try {
    new X509Certificate(Buffer.from(base64, 'base64'));
  } catch {
    throw invalid('an X509Certificate is not a valid X.509 certificate.');
  }
  return base64;
}

function validUntilOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(at)) throw invalid('validUntil is not a date and time.');
  return new Date(at).toISOString();
}
