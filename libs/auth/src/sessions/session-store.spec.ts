import { MemoryTtlStore } from '@iam/ttl-store';
import { issuedSession, roleSessionFacts } from './session-fixtures';
import { EXPIRED_SESSION_GRACE_SECONDS, REVOCATION_MARKER_TTL_SECONDS, SessionStore } from './session-store';
import { revokedBeforeKey, sessionKey } from './temporary-session';

/** The memory store standalone mode runs on, counting its round trips. */
class CountingStore extends MemoryTtlStore {
  reads: string[][] = [];
  written: { key: string; ttlSeconds: number }[] = [];
  constructor(now: () => number) {
    super(now);
  }
  override async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    this.reads.push([...keys]);
    return super.getMany(keys);
  }
  override async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.written.push({ key, ttlSeconds });
    return super.set(key, value, ttlSeconds);
  }
}

describe('SessionStore', () => {
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const now = () => clock;
  let ttl: CountingStore;
  let sessions: SessionStore;

  beforeEach(() => {
    ttl = new CountingStore(now);
    sessions = new SessionStore(ttl, now);
  });
  afterEach(() => ttl.close());

  it('keeps a session until a grace period past its expiry', async () => {
    const { session } = issuedSession(roleSessionFacts({}, clock));
    await sessions.put(session);
    expect(ttl.written).toEqual([
      { key: sessionKey(session.accessKeyId), ttlSeconds: 3600 + EXPIRED_SESSION_GRACE_SECONDS },
    ]);
    clock += (3600 + EXPIRED_SESSION_GRACE_SECONDS) * 1000;
    expect(await sessions.find(session.accessKeyId)).toBeUndefined();
  });

  it("reads the session and all its owners' markers, then in one round trip once the owners are known", async () => {
    const { session } = issuedSession(roleSessionFacts({}, clock));
    await sessions.put(session);
    expect(await sessions.find(session.accessKeyId)).toEqual({ session, revokedBefore: undefined });
    ttl.reads = [];
    await sessions.revokeIssuedBefore('AIDAEXAMPLEEXAMPLEEXA', clock - 10);
    await sessions.revokeIssuedBefore('AROAEXAMPLEEXAMPLEEXA', clock + 5);
    expect(await sessions.find(session.accessKeyId)).toEqual({ session, revokedBefore: clock + 5 });
    expect(ttl.reads).toEqual([
      [
        sessionKey(session.accessKeyId),
        revokedBeforeKey(session.accessKeyId),
        revokedBeforeKey('AROAEXAMPLEEXAMPLEEXA'),
        revokedBeforeKey('AIDAEXAMPLEEXAMPLEEXA'),
        revokedBeforeKey('AKIAEXAMPLEEXAMPLEEX'),
      ],
    ]);
  });

  it('never moves a revocation marker back, and keeps it as long as the longest session', async () => {
    await sessions.revokeIssuedBefore('AROAX', 2000);
    await sessions.revokeIssuedBefore('AROAX', 1000);
    expect(await ttl.get(revokedBeforeKey('AROAX'))).toBe('2000');
    expect(ttl.written.map((w) => w.ttlSeconds)).toEqual([REVOCATION_MARKER_TTL_SECONDS]);
    expect(REVOCATION_MARKER_TTL_SECONDS).toBeGreaterThan(129_600);
  });

  it('forgets a revoked session, and marks its id so sessions chained from it end too', async () => {
    const { session } = issuedSession(roleSessionFacts({}, clock - 1));
    await sessions.put(session);
    await sessions.find(session.accessKeyId);
    await sessions.revokeSession(session.accessKeyId);
    expect(await sessions.find(session.accessKeyId)).toBeUndefined();
    expect(await ttl.get(revokedBeforeKey(session.accessKeyId))).toBe(String(clock));
  });

  it('does not take a record stored under another id, nor an unreadable one', async () => {
    const { session } = issuedSession(roleSessionFacts({}, clock));
    await ttl.set(sessionKey('ASIAOTHEROTHEROTHERO'), JSON.stringify(session), 60);
    await ttl.set(sessionKey('ASIABROKENBROKENBROK'), '{not json', 60);
    expect(await sessions.find('ASIAOTHEROTHEROTHERO')).toBeUndefined();
    expect(await sessions.find('ASIABROKENBROKENBROK')).toBeUndefined();
  });
});
