import { IamError } from '@iam/contracts';

export interface ParsedAuthorization {
  accessKeyId: string;
  /** yyyymmdd */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/**
 * Parses `AWS4-HMAC-SHA256 Credential=AKIA…/20260101/us-east-1/iam/aws4_request,
 * SignedHeaders=host;x-amz-date, Signature=…` with AWS's error codes and words.
 * No message repeats any part of the header (AWS's do, `Authorization=…`):
 * a client that sends a token or a secret there by mistake must not find it
 * in an error, a log line or a platform's forwarded answer.
 */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (header === undefined || header.trim() === '') {
    throw new IamError('MissingAuthenticationToken', 'Request is missing Authentication Token');
  }
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) {
    // Never repeat the header: a bearer token or a key sent by mistake must not come back in an error.
    throw new IamError(
      'IncompleteSignature',
      `Unsupported authorization type: only '${ALGORITHM}' (Signature Version 4) is accepted.`,
    );
  }
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  for (const required of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!fields.get(required)) {
      throw new IamError(
        'IncompleteSignature',
        `Authorization header requires '${required}' parameter. Authorization=${ALGORITHM} …`,
      );
    }
  }
  const credential = (fields.get('Credential') as string).split('/');
  if (credential.length !== 5 || credential[4] !== 'aws4_request' || !/^\d{8}$/.test(credential[1])) {
    throw new IamError(
      'IncompleteSignature',
      'Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/aws4_request',
    );
  }
  const signature = fields.get('Signature') as string;
  if (!/^[0-9a-f]{64}$/.test(signature)) {
    throw new IamError('IncompleteSignature', 'Signature must be 64 lowercase hexadecimal characters');
  }
  const signedHeaders = (fields.get('SignedHeaders') as string).split(';').map((h) => h.trim().toLowerCase());
  return {
    accessKeyId: credential[0],
    date: credential[1],
    region: credential[2],
    service: credential[3],
    signedHeaders,
    signature,
  };
}
