import { Injectable } from '@nestjs/common';
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  type FetchImplementation,
  type JWTVerifyGetKey,
  type RemoteJWKSetOptions,
} from 'jose';
import { IamError, parseOidcIssuer } from '@iam/contracts';

/**
 * Limits on what sts fetches from an identity provider: every request is
 * bounded in time and size, so a slow or hostile issuer costs a caller one
 * short wait (IDPCommunicationError), never a stuck worker or a full heap.
 */
export const IssuerFetchLimits = {
  timeoutMs: 5_000,
  maxBytes: 256 * 1024,
  /** The discovery document (and so the JWKS location) is kept this long. */
  discoveryTtlMs: 60 * 60_000,
  /** Keys are kept this long, then fetched again on the next token. */
  jwksMaxAgeMs: 10 * 60_000,
  /** An unknown `kid` refreshes the keys at most this often per issuer… */
  unknownKidRefreshMs: 1_000,
  /** …and the same unknown `kid` once in this long: a forged kid cannot make us hammer the issuer. */
  unknownKidMemoryMs: 5 * 60_000,
} as const;

/** The issuer could not be reached or answered something unusable: AWS's IDPCommunicationError. */
export class IdpCommunicationError extends IamError {
  constructor(detail: string) {
    super(
      'IDPCommunicationError',
      `Couldn't retrieve verification key from your identity provider, ${detail}`,
    );
  }
}

interface IssuerEntry {
  jwksUri: string;
  fetchedAt: number;
  keys: ReturnType<typeof createRemoteJWKSet>;
  missedKids: Map<string, number>;
  lastForcedRefresh: number;
}

/**
 * The signing keys of OIDC issuers: found through
 * `<issuer>/.well-known/openid-configuration` (whose `issuer` must be the
 * provider's URL), then the JWKS at its `jwks_uri`, through jose's remote
 * key set (cached; refreshed once when a token names a `kid` it lacks).
 * Fetched over HTTPS with Node's CA store plus NODE_EXTRA_CA_CERTS; plain
 * HTTP only on loopback, as providers are registered. No redirects.
 */
@Injectable()
export class OidcIssuerKeys {
  private readonly issuers = new Map<string, IssuerEntry>();

  /** A key resolver for jose's `jwtVerify`, for this issuer only. */
  async resolverFor(issuerUrl: string): Promise<JWTVerifyGetKey> {
    const entry = await this.entry(issuerUrl);
    return async (header, token) => {
      const wasCoolingDown = entry.keys.coolingDown;
      try {
        return await this.keyOf(entry, header, token);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey) || !wasCoolingDown) throw error;
        // jose refreshes on an unknown kid only after its cool-down; refresh once now, within our own limits.
        const kid = header.kid ?? '';
        const now = Date.now();
        const missed = entry.missedKids.get(kid);
        if (missed !== undefined && now - missed < IssuerFetchLimits.unknownKidMemoryMs) throw error;
        if (now - entry.lastForcedRefresh < IssuerFetchLimits.unknownKidRefreshMs) throw error;
        if (entry.missedKids.size >= 1_000) entry.missedKids.clear();
        entry.missedKids.set(kid, now);
        entry.lastForcedRefresh = now;
        await unreachableAs(() => entry.keys.reload());
        return this.keyOf(entry, header, token);
      }
    };
  }

  private keyOf(entry: IssuerEntry, ...args: Parameters<JWTVerifyGetKey>) {
    return unreachableAs(() => entry.keys(...args));
  }

  private async entry(issuerUrl: string): Promise<IssuerEntry> {
    const cached = this.issuers.get(issuerUrl);
    if (cached && Date.now() - cached.fetchedAt < IssuerFetchLimits.discoveryTtlMs) return cached;
    const jwksUri = await this.discover(issuerUrl);
    if (cached && cached.jwksUri === jwksUri) {
      cached.fetchedAt = Date.now();
      return cached;
    }
    const options: RemoteJWKSetOptions = {
      timeoutDuration: IssuerFetchLimits.timeoutMs,
      cacheMaxAge: IssuerFetchLimits.jwksMaxAgeMs,
      [customFetch]: limitedFetch,
    };
    const entry: IssuerEntry = {
      jwksUri,
      fetchedAt: Date.now(),
      keys: createRemoteJWKSet(new URL(jwksUri), options),
      missedKids: new Map(),
      lastForcedRefresh: 0,
    };
    if (this.issuers.size >= 10_000) this.issuers.clear();
    this.issuers.set(issuerUrl, entry);
    return entry;
  }

  /** The `jwks_uri` of the issuer's discovery document, which must name this very issuer. */
  private async discover(issuerUrl: string): Promise<string> {
    const location = `${issuerUrl}/.well-known/openid-configuration`;
    let document: unknown;
    try {
      const response = await limitedFetch(location, {
        method: 'GET',
        redirect: 'manual',
        signal: AbortSignal.timeout(IssuerFetchLimits.timeoutMs),
        headers: new Headers({ accept: 'application/json' }),
      });
      if (response.status !== 200)
        throw new IdpCommunicationError(`the discovery document answered ${response.status}.`);
      document = await response.json();
    } catch (error) {
      if (error instanceof IamError) throw error;
      throw new IdpCommunicationError(`the discovery document could not be read (${describe(error)}).`);
    }
    const { issuer, jwks_uri: jwksUri } = (
      typeof document === 'object' && document !== null ? document : {}
    ) as {
      issuer?: unknown;
      jwks_uri?: unknown;
    };
    if (typeof issuer !== 'string' || normalizedOrUndefined(issuer) !== issuerUrl)
      throw new IdpCommunicationError('the discovery document names another issuer.');
    if (typeof jwksUri !== 'string' || !fetchable(jwksUri))
      throw new IdpCommunicationError('the discovery document has no usable jwks_uri.');
    return jwksUri;
  }
}

/** fetch, with the response body cut off (an error) beyond `maxBytes`. */
const limitedFetch: FetchImplementation = async (url, init) => {
  const response = await fetch(url, { ...init, redirect: 'manual' });
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > IssuerFetchLimits.maxBytes) {
        await reader.cancel();
        throw new IdpCommunicationError(
          `the answer of ${new URL(url).host} is larger than ${IssuerFetchLimits.maxBytes} bytes.`,
        );
      }
      chunks.push(value);
    }
  }
  return new Response(Buffer.concat(chunks), { status: response.status, headers: response.headers });
};

/** Key lookups: a missing key is the token's fault (jose's errors), anything else the issuer's. */
async function unreachableAs<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      error instanceof IamError ||
      error instanceof errors.JWKSNoMatchingKey ||
      error instanceof errors.JWKSMultipleMatchingKeys ||
      error instanceof errors.JOSENotSupported
    )
      throw error;
    if (error instanceof errors.JWKSTimeout)
      throw new IdpCommunicationError('the key set request timed out.');
    throw new IdpCommunicationError(`the key set could not be read (${describe(error)}).`);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error)
    return error.name === 'TimeoutError' ? 'timed out' : error.message.slice(0, 200);
  return 'unknown error';
}

function normalizedOrUndefined(value: string): string | undefined {
  try {
    return parseOidcIssuer(value).url;
  } catch {
    return undefined;
  }
}

/** https, or http on loopback: what a provider URL may be. */
function fetchable(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/.test(url.hostname))
    );
  } catch {
    return false;
  }
}
