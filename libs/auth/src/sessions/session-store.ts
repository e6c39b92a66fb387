import type { TtlStore } from '@iam/ttl-store';
import { revokedBeforeKey, sessionKey, type TemporarySession } from './temporary-session';

/**
 * A revocation marker outlives the longest session it can concern, with
 * room for clock skew: GetSessionToken and GetFederationToken sessions last
 * up to 36 h (role sessions 12 h).
 */
export const REVOCATION_MARKER_TTL_SECONDS = 129_600 + 600;

/**
 * A record is kept this long past its expiry, so a request made with
 * credentials that have just expired is told `ExpiredToken` (as AWS does)
 * rather than that its token is invalid. It stops working at `expiresAt`.
 */
export const EXPIRED_SESSION_GRACE_SECONDS = 900;

/** Sessions whose owners this process remembers (the owners of an id never change); beyond this the oldest are forgotten. */
const OWNERS_REMEMBERED = 50_000;

export interface SessionLookup {
  session: TemporarySession;
  /** The latest revocation marker (epoch ms) among the session's owners; sessions issued at or before it are revoked. */
  revokedBefore?: number;
}

/**
 * Whose revocation ends a session: its role (revoke-sessions), the user it
 * was issued to, the credential that signed its issuance (a key, or a parent
 * session when chained), and the session itself.
 */
export function revocationOwners(session: TemporarySession): string[] {
  const owners = [session.accessKeyId];
  if (session.role) owners.push(session.role.roleId);
  if (session.issuedTo) {
    owners.push(session.issuedTo.userId);
    if (session.issuedTo.accessKeyId) owners.push(session.issuedTo.accessKeyId);
  }
  return owners;
}

/**
 * Live temporary sessions in the TTL store (Redis in distributed mode, memory
 * in standalone mode). STS writes them; every service reads one per request
 * with temporary credentials. Nothing read is cached but the owners of an
 * access key id (fixed at issuance), so a deletion or a revocation marker is
 * seen by the very next request, in every process.
 */
export class SessionStore {
  private readonly owners = new Map<string, string[]>();

  constructor(
    private readonly store: TtlStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores a freshly issued session until a while after its expiry (see EXPIRED_SESSION_GRACE_SECONDS). */
  async put(session: TemporarySession): Promise<void> {
    await this.putMany([session]);
  }

  /** Stores a batch of freshly issued sessions in one round trip, all or none. */
  async putMany(sessions: readonly TemporarySession[]): Promise<void> {
    const now = this.now();
    await this.store.setMany(
      sessions.map((session) => {
        const lifetime = Math.ceil((Date.parse(session.expiresAt) - now) / 1000);
        if (!Number.isFinite(lifetime)) throw new RangeError('expiresAt must be an ISO-8601 time');
        return {
          key: sessionKey(session.accessKeyId),
          value: JSON.stringify(session),
          ttlSeconds: Math.max(1, lifetime) + EXPIRED_SESSION_GRACE_SECONDS,
        };
      }),
    );
  }

  /**
   * The session and the revocation markers of its owners, read in one round
   * trip (MGET) once this process has seen the access key id; the first
   * request with an id needs one more, to learn whose markers to read.
   * Throws the store's ServiceUnavailable when it cannot be reached.
   */
  async find(accessKeyId: string): Promise<SessionLookup | undefined> {
    const known = this.owners.get(accessKeyId);
    if (known) {
      const [record, ...markers] = await this.store.getMany([
        sessionKey(accessKeyId),
        ...known.map(revokedBeforeKey),
      ]);
      const session = parseSession(record, accessKeyId);
      if (!session) return undefined;
      if (sameOwners(known, revocationOwners(session))) return { session, revokedBefore: latest(markers) };
      return this.withMarkers(session);
    }
    const [record] = await this.store.getMany([sessionKey(accessKeyId)]);
    const session = parseSession(record, accessKeyId);
    return session && this.withMarkers(session);
  }

  /** Ends one session at once (its record goes; sessions chained from it end with it). */
  async revokeSession(accessKeyId: string): Promise<void> {
    await this.revokeIssuedBefore(accessKeyId, this.now());
    await this.store.delete(sessionKey(accessKeyId));
  }

  /**
   * Ends every session of `ownerId` (a role id, a user id, or the access key
   * id that issued them) issued at or before `atMs`. A marker never moves
   * back: a later revocation with an earlier time changes nothing.
   */
  async revokeIssuedBefore(ownerId: string, atMs: number): Promise<void> {
    const current = Number((await this.store.get(revokedBeforeKey(ownerId))) ?? Number.NEGATIVE_INFINITY);
    if (current >= atMs) return;
    await this.store.set(revokedBeforeKey(ownerId), String(atMs), REVOCATION_MARKER_TTL_SECONDS);
  }

  private async withMarkers(session: TemporarySession): Promise<SessionLookup> {
    const owners = revocationOwners(session);
    const markers = await this.store.getMany(owners.map(revokedBeforeKey));
    this.remember(session.accessKeyId, owners);
    return { session, revokedBefore: latest(markers) };
  }

  private remember(accessKeyId: string, owners: string[]): void {
    if (this.owners.size >= OWNERS_REMEMBERED) this.owners.delete(this.owners.keys().next().value as string);
    this.owners.set(accessKeyId, owners);
  }
}

function parseSession(record: string | null, accessKeyId: string): TemporarySession | undefined {
  if (record === null) return undefined;
  try {
    const session = JSON.parse(record) as TemporarySession;
    // A record stored under another id's key is not this session.
    return session.accessKeyId === accessKeyId ? session : undefined;
  } catch {
    return undefined;
  }
}

function latest(markers: (string | null)[]): number | undefined {
  let max: number | undefined;
  for (const marker of markers) {
    const value = marker === null ? NaN : Number(marker);
    if (Number.isFinite(value) && (max === undefined || value > max)) max = value;
  }
  return max;
}

function sameOwners(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((owner, i) => owner === b[i]);
}
