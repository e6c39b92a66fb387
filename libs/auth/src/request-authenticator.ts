import { IamError } from '@iam/contracts';
import type { TtlStore } from '@iam/ttl-store';
import type { CredentialCache } from './credentials/credential-cache';
import type { Principal } from './principal';
import type { SecretBox } from './secret-box';
import { SecretUnavailable, type SealedSecrets } from './secrets/sealed-secrets';
import {
  checkSession,
  INVALID_TOKEN,
  sessionPrincipal,
  type IssuerStanding,
} from './sessions/session-principal';
import { SessionStore } from './sessions/session-store';
import type { TemporarySession } from './sessions/temporary-session';
import type { InspectedRequest, SignedRequest, SigV4Verifier } from './sigv4/sigv4-verifier';

/** Last-used stamps are written at most this often per key and process: no event, no write per request. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;
const LAST_USED_TTL_SECONDS = 400 * 24 * 3600;
const SECURITY_TOKEN = 'x-amz-security-token';

export interface AccessKeyLastUsed {
  lastUsedDate: string;
  serviceName: string;
  region: string;
}

export function lastUsedKey(accessKeyId: string): string {
  return `access-key-last-used:${accessKeyId}`;
}

/**
 * Establishes who signed a request: SigV4 verification against the
 * credentials projection held in memory (long-term `AKIA…` keys), or against
 * the session store (temporary `ASIA…` credentials, read on every request).
 */
export class RequestAuthenticator {
  private readonly lastWritten = new Map<string, number>();
  readonly sessions: SessionStore;

  constructor(
    private readonly verifier: SigV4Verifier,
    private readonly credentials: CredentialCache,
    private readonly secrets: SecretBox,
    private readonly ttlStore: TtlStore,
    private readonly region: string,
    private readonly sealedSecrets: SealedSecrets,
    sessions?: SessionStore,
  ) {
    this.sessions = sessions ?? new SessionStore(ttlStore);
  }

  /**
   * `service` is the credential scope's service the signature must carry
   * (`iam`, `sts`, or a platform's for forwarded requests). With
   * `onlyAccountId`, a key of any other account is treated exactly as an
   * unknown key, before its signature is checked: whoever asks (a platform
   * forwarding a request it received) learns nothing about other accounts'
   * keys, not even that one exists.
   */
  async authenticate(
    request: SignedRequest,
    service: string,
    options: { onlyAccountId?: string } = {},
  ): Promise<Principal> {
    const inspected = this.verifier.inspect(request, service);
    const accessKeyId = inspected.parsed.accessKeyId;
    await this.credentials.settled();
    if (accessKeyId.startsWith('ASIA')) return this.authenticateSession(request, inspected, options);
    const stored = accessKeyId.startsWith('AKIA') ? this.credentials.find(accessKeyId) : undefined;
    if (
      !stored ||
      stored.status !== 'Active' ||
      (options.onlyAccountId !== undefined && stored.principal.accountId !== options.onlyAccountId)
    ) {
      throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
    }
    await this.verifier.verify(request, inspected, () => this.openStored(stored.secretId, accessKeyId));
    this.recordLastUsed(accessKeyId, service);
    return { ...stored.principal, mfaAuthenticated: false };
  }

  /**
   * Temporary credentials: the session record and its owners' revocation
   * markers are read from the store for this very request (fail closed: if
   * the store cannot answer, its ServiceUnavailable is the answer), the
   * token is matched against the stored hash, then the signature is checked
   * with the session's own secret. The token must be covered by the
   * signature: in a signed header, as the SDKs send it, or in the query.
   */
  private async authenticateSession(
    request: SignedRequest,
    inspected: InspectedRequest,
    options: { onlyAccountId?: string },
  ): Promise<Principal> {
    const accessKeyId = inspected.parsed.accessKeyId;
    const token = signedSessionToken(request, inspected);
    const lookup = token === undefined ? undefined : await this.sessions.find(accessKeyId);
    const session = checkSession(lookup, token, Date.now(), (issuedTo) => this.standing(issuedTo));
    if (options.onlyAccountId !== undefined && session.principal.accountId !== options.onlyAccountId) {
      throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
    }
    await this.verifier.verify(request, inspected, () => this.open(session.sealedSecret, accessKeyId));
    const current =
      session.kind === 'session-token' && session.issuedTo
        ? this.credentials.principal(session.issuedTo.userId)
        : undefined;
    return sessionPrincipal(session, current);
  }

  /**
   * A session ends with the user (or root) it was issued to, and with the
   * long-term key that signed its issuance, the moment the credentials
   * projection says they are deleted or inactive: no event is needed.
   * A parent session's id (role chaining) is checked by its revocation marker instead.
   */
  private standing(issuedTo: NonNullable<TemporarySession['issuedTo']>): IssuerStanding {
    if (!this.credentials.principal(issuedTo.userId)) return 'gone';
    const keyId = issuedTo.accessKeyId;
    if (keyId === undefined || !keyId.startsWith('AKIA')) return 'current';
    const key = this.credentials.find(keyId);
    return key && key.status === 'Active' && key.principal.userId === issuedTo.userId ? 'current' : 'gone';
  }

  /** A long-term key's secret, from identity's sealed secrets (read once a day per key: the signing key is kept). */
  private async openStored(secretId: string, accessKeyId: string): Promise<string> {
    try {
      return await this.sealedSecrets.open(secretId, accessKeyId);
    } catch (error) {
      // Unknown, or sealed under a key no longer configured: refuse, never guess.
      if (error instanceof SecretUnavailable) throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
      throw error; // the database could not answer: ServiceUnavailable, as for any query
    }
  }

  private open(sealed: string, accessKeyId: string): string {
    try {
      return this.secrets.open(sealed, accessKeyId);
    } catch {
      // A secret sealed under a key no longer configured cannot be checked: refuse, never guess.
      throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
    }
  }

  private recordLastUsed(accessKeyId: string, service: string): void {
    const now = Date.now();
    if (now - (this.lastWritten.get(accessKeyId) ?? 0) < LAST_USED_WRITE_INTERVAL_MS) return;
    this.lastWritten.set(accessKeyId, now);
    const value: AccessKeyLastUsed = {
      lastUsedDate: new Date(now).toISOString(),
      serviceName: service,
      region: this.region,
    };
    // Best effort: a failed stamp must not fail the request.
    this.ttlStore
      .set(lastUsedKey(accessKeyId), JSON.stringify(value), LAST_USED_TTL_SECONDS)
      .catch(() => undefined);
  }
}

/**
 * The session token the request carries, if any. In a header it must be one
 * of the signed headers (an unsigned token could be swapped in transit); in
 * the query it always is (the whole query is signed).
 */
function signedSessionToken(request: SignedRequest, inspected: InspectedRequest): string | undefined {
  const header = inspected.headers[SECURITY_TOKEN];
  if (header !== undefined) {
    if (!inspected.parsed.signedHeaders.includes(SECURITY_TOKEN)) {
      throw new IamError(
        'IncompleteSignature',
        "'X-Amz-Security-Token' must be a signed header when temporary credentials sign the request.",
      );
    }
    // Sent twice, it is read as it was signed (joined), which matches no token.
    return Array.isArray(header) ? header.join(',') : header;
  }
  const query = request.query['X-Amz-Security-Token'];
  return Array.isArray(query) ? query.join(',') : query;
}
