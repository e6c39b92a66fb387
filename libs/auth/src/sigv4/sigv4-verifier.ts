import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import {
  ALGORITHM_IDENTIFIER,
  createScope,
  getCanonicalHeaders,
  getSigningKey,
  SignatureV4Base,
} from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { IamError } from '@iam/contracts';
import { parseAuthorization, type ParsedAuthorization } from './parse-authorization';

/** A request as received, enough to recompute its signature. */
export interface SignedRequest {
  method: string;
  /** Path exactly as on the request line (still percent-encoded), without the query. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string | string[]>;
  /** Header names in any case. */
  headers: Record<string, string | string[] | undefined>;
  /** SHA-256 (hex) of the body as received. */
  bodySha256: string;
}

/** What `inspect` established: the parsed header, and the signing time (parsed, and as sent in X-Amz-Date). */
export interface InspectedRequest {
  parsed: ParsedAuthorization;
  signedAt: Date;
  amzDate: string;
  /** The request's headers by lower-case name. */
  headers: Record<string, string | string[] | undefined>;
}

export interface VerifiedSignature {
  accessKeyId: string;
  signedAt: Date;
  parsed: ParsedAuthorization;
}

const Sha256Native = Hash.bind(null, 'sha256');

/** AWS's allowed clock skew between signer and server. */
const MAX_SKEW_MS = 15 * 60 * 1000;

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The canonical request as `@smithy/signature-v4` builds it for the SDKs (path escaping, query and header canonical forms). */
class CanonicalRequests extends SignatureV4Base {
  constructor() {
    // Only the canonicalization is used: no credentials, region or service are read.
    super({
      service: '',
      region: '',
      credentials: { accessKeyId: '', secretAccessKey: '' },
      sha256: Sha256Native,
    });
  }

  build(request: SignedRequest, signedHeaders: Record<string, string>, signable: Set<string>): string {
    const httpRequest: HttpRequest = {
      method: request.method.toUpperCase(),
      protocol: 'https:',
      hostname: signedHeaders['host'] ?? '',
      path: request.path,
      query: request.query,
      headers: signedHeaders,
    };
    // Exactly the headers the client listed in SignedHeaders, whatever the SDK's unsignable list says.
    const canonicalHeaders = getCanonicalHeaders(httpRequest, new Set(), signable);
    return this.createCanonicalRequest(httpRequest, canonicalHeaders, request.bodySha256);
  }
}

/** How many derived signing keys are kept (one per access key, day, region and service in use). */
const SIGNING_KEY_CACHE = 10_000;

/**
 * Verifies AWS Signature Version 4 by recomputing it: the canonical request
 * and the signing key come from `@smithy/signature-v4` (the SDKs' signer),
 * the last two steps (SHA-256 of the canonical request, HMAC of the string
 * to sign) are the specification's, then a constant-time comparison.
 *
 * Signing keys are derived once per access key, day, region and service
 * and kept, as AWS recommends: a request then costs two hashes instead of
 * opening the sealed secret and five HMACs, and the secret itself is never
 * held (a signing key is only good for its scope and day).
 */
export class SigV4Verifier {
  private readonly canonical = new CanonicalRequests();
  private readonly signingKeys = new Map<string, Buffer>();

  constructor(private readonly options: { region: string; now?: () => number }) {}
  /** Checks everything that needs no secret; returns the access key id to look up. */
  inspect(request: SignedRequest, expectedService: string): InspectedRequest {
    const headers = lowerCaseHeaders(request.headers);
    const parsed = parseAuthorization(first(headers['authorization']));
    const amzDate = first(headers['x-amz-date']);
    if (!amzDate || !parsed.signedHeaders.includes('x-amz-date')) {
      throw new IamError(
        'IncompleteSignature',
        "Authorization header requires existence of a signed 'X-Amz-Date' header.",
      );
    }
    if (!parsed.signedHeaders.includes('host')) {
      throw new IamError('IncompleteSignature', "'Host' must be a signed header.");
    }
    for (const name of parsed.signedHeaders) {
      if (headers[name] === undefined) {
        throw new IamError(
          'IncompleteSignature',
          'A header named in SignedHeaders is missing from the request.',
        );
      }
    }
    const signedAt = parseAmzDate(amzDate);
    if (!amzDate.startsWith(parsed.date)) {
      throw new IamError(
        'SignatureDoesNotMatch',
        'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.',
      );
    }
    const now = (this.options.now ?? Date.now)();
    if (Math.abs(now - signedAt.getTime()) > MAX_SKEW_MS) {
      throw new IamError(
        'RequestExpired',
        `Request has expired: signed at ${amzDate}, which is more than 15 minutes from the server time ${compactDate(new Date(now))}.`,
      );
    }
    if (parsed.region !== this.options.region) {
      throw new IamError(
        'SignatureDoesNotMatch',
        `Credential should be scoped to a valid region. Expected '${this.options.region}'.`,
      );
    }
    if (parsed.service !== expectedService) {
      throw new IamError(
        'SignatureDoesNotMatch',
        `Credential should be scoped to correct service: '${expectedService}'.`,
      );
    }
    const declaredHash = first(headers['x-amz-content-sha256']);
    if (declaredHash !== undefined && declaredHash !== request.bodySha256) {
      throw new IamError(
        'SignatureDoesNotMatch',
        'The provided x-amz-content-sha256 header does not match what was computed.',
      );
    }
    return { parsed, signedAt, amzDate, headers };
  }

  /**
   * Recomputes the signature and compares. `openSecret` is called only when
   * no signing key for this access key and scope is kept yet.
   */
  async verify(
    request: SignedRequest,
    inspected: InspectedRequest,
    openSecret: () => string | Promise<string>,
  ): Promise<VerifiedSignature> {
    const { parsed, signedAt, amzDate, headers } = inspected;
    const signed: Record<string, string> = {};
    for (const name of parsed.signedHeaders) signed[name] = joinHeader(headers[name]);
    const canonicalRequest = this.canonical.build(request, signed, new Set(parsed.signedHeaders));
    const scope = createScope(parsed.date, parsed.region, parsed.service);
    const stringToSign = `${ALGORITHM_IDENTIFIER}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
    const key = await this.signingKey(parsed, openSecret);
    const computed = createHmac('sha256', key).update(stringToSign).digest();
    const provided = Buffer.from(parsed.signature, 'hex');
    if (provided.length !== computed.length || !timingSafeEqual(computed, provided)) {
      throw new IamError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    }
    return { accessKeyId: parsed.accessKeyId, signedAt, parsed };
  }

  private async signingKey(
    parsed: ParsedAuthorization,
    openSecret: () => string | Promise<string>,
  ): Promise<Buffer> {
    const id = `${parsed.accessKeyId}/${parsed.date}/${parsed.region}/${parsed.service}`;
    const kept = this.signingKeys.get(id);
    if (kept) return kept;
    const secretAccessKey = await openSecret();
    const key = Buffer.from(
      await getSigningKey(
        Sha256Native,
        { accessKeyId: parsed.accessKeyId, secretAccessKey },
        parsed.date,
        parsed.region,
        parsed.service,
      ),
    );
    if (this.signingKeys.size >= SIGNING_KEY_CACHE) {
      this.signingKeys.delete(this.signingKeys.keys().next().value as string);
    }
    this.signingKeys.set(id, key);
    return key;
  }
}

function lowerCaseHeaders(headers: SignedRequest['headers']): Record<string, string | string[] | undefined> {
  const result: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) result[name.toLowerCase()] = value;
  return result;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function joinHeader(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

function parseAmzDate(value: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) {
    throw new IamError(
      'IncompleteSignature',
      'X-Amz-Date must be in ISO-8601 basic format (yyyyMMddTHHmmssZ).',
    );
  }
  const [, y, mo, d, h, mi, s] = match;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

function compactDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
