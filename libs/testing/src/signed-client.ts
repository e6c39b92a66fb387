import { randomBytes } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { base32Encode } from '@iam/contracts';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignedResponse<T = unknown> {
  status: number;
  body: T;
}

/**
 * Calls the service as an AWS SDK would: every request signed with SigV4 by
 * the SDK's own signer. `signingDate` lets a test sign with a skewed clock.
 */
export class SignedClient {
  constructor(
    private readonly baseUrl: string,
    private readonly credentials: Credentials,
    private readonly options: { region?: string; service?: string } = {},
  ) {}

  withCredentials(credentials: Credentials): SignedClient {
    return new SignedClient(this.baseUrl, credentials, this.options);
  }

  async request<T = Record<string, unknown>>(
    method: string,
    pathAndQuery: string,
    body?: unknown,
    tweak: RequestTweak = {},
  ): Promise<SignedResponse<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return this.requestRaw<T>(
      method,
      pathAndQuery,
      { body: payload, contentType: payload === undefined ? undefined : 'application/json' },
      tweak,
    );
  }

  /** Sends `body` exactly as given, with any content type (or none), signed over those bytes. */
  async requestRaw<T = Record<string, unknown>>(
    method: string,
    pathAndQuery: string,
    raw: { body?: string | Uint8Array; contentType?: string },
    tweak: RequestTweak = {},
  ): Promise<SignedResponse<T>> {
    const url = new URL(pathAndQuery, this.baseUrl);
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of url.searchParams) {
      const existing = query[key];
      query[key] =
        existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    const headers: Record<string, string> = { host: url.host };
    if (raw.contentType !== undefined) headers['content-type'] = raw.contentType;
    const signer = new SignatureV4({
      credentials: this.credentials,
      region: this.options.region ?? 'us-east-1',
      service: tweak.service ?? this.options.service ?? 'iam',
      sha256: Sha256,
    });
    const signed = await signer.sign(
      {
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query,
        headers,
        body: raw.body,
      },
      { signingDate: tweak.signingDate ?? new Date() },
    );
    const sent = { ...(signed.headers as Record<string, string>) };
    delete sent.host;
    tweak.tamper?.(sent);
    const response = await fetch(url, { method, headers: sent, body: raw.body });
    const text = await response.text();
    return { status: response.status, body: (text ? parseJsonOrText(text) : undefined) as T };
  }
}

export interface RequestTweak {
  signingDate?: Date;
  service?: string;
  tamper?: (headers: Record<string, string>) => void;
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A fresh root access key for a test run (as IAM_ROOT_ACCESS_KEY_ID presets
 * one): access key ids are unique everywhere, and test runs share Kafka topics.
 */
export function randomRootKey(): Credentials {
  const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const secret = Array.from(randomBytes(40), (byte) => base64[byte % base64.length]).join('');
  return { accessKeyId: `AKIA${base32Encode(randomBytes(10))}`, secretAccessKey: secret };
}
