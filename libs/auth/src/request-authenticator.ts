import { IamError } from '@iam/contracts';
import type { TtlStore } from '@iam/ttl-store';
import type { CredentialCache } from './credentials/credential-cache';
import type { Principal } from './principal';
import type { SecretBox } from './secret-box';
import type { SignedRequest, SigV4Verifier } from './sigv4/sigv4-verifier';

const INVALID_TOKEN = 'The security token included in the request is invalid.';
/** Last-used stamps are written at most this often per key and process: no event, no write per request. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;
const LAST_USED_TTL_SECONDS = 400 * 24 * 3600;

export interface AccessKeyLastUsed {
  lastUsedDate: string;
  serviceName: string;
  region: string;
}

export function lastUsedKey(accessKeyId: string): string {
  return `access-key-last-used:${accessKeyId}`;
}

/** Establishes who signed a request: SigV4 verification against the credentials projection, held in memory. */
export class RequestAuthenticator {
  private readonly lastWritten = new Map<string, number>();

  constructor(
    private readonly verifier: SigV4Verifier,
    private readonly credentials: CredentialCache,
    private readonly secrets: SecretBox,
    private readonly ttlStore: TtlStore,
    private readonly region: string,
  ) {}

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
    // Temporary credentials (ASIA…) are issued by STS (a later issue); until then none is valid.
    await this.credentials.settled();
    const stored = accessKeyId.startsWith('AKIA') ? this.credentials.find(accessKeyId) : undefined;
    if (
      !stored ||
      stored.status !== 'Active' ||
      (options.onlyAccountId !== undefined && stored.principal.accountId !== options.onlyAccountId)
    ) {
      throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
    }
    await this.verifier.verify(request, inspected, () => {
      try {
        return this.secrets.open(stored.encryptedSecret, accessKeyId);
      } catch {
        // A secret sealed under a key no longer configured cannot be checked: refuse, never guess.
        throw new IamError('InvalidClientTokenId', INVALID_TOKEN);
      }
    });
    this.recordLastUsed(accessKeyId, service);
    return { ...stored.principal, mfaAuthenticated: false };
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
