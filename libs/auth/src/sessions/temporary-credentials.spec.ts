import { createHash } from 'node:crypto';
import { SecretBox } from '../secret-box';
import { issuedSession, roleSessionFacts } from './session-fixtures';
import { isTemporaryAccessKeyId, newTemporaryCredentials, sessionTokenSha256 } from './temporary-credentials';

describe('temporary credentials', () => {
  it('are an ASIA id of 16 base32 characters, a 40-character secret and a token of at least 256 bits', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { accessKeyId, secretAccessKey, sessionToken } = newTemporaryCredentials();
      expect(accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(isTemporaryAccessKeyId(accessKeyId)).toBe(true);
      expect(secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
      expect(Buffer.from(sessionToken, 'base64').length * 8).toBeGreaterThanOrEqual(256);
      expect(Buffer.from(sessionToken, 'base64').toString('base64')).toBe(sessionToken);
      seen.add(accessKeyId);
    }
    expect(seen.size).toBe(200);
    expect(isTemporaryAccessKeyId('AKIAABCDEFGHIJKLMNOP')).toBe(false);
    expect(isTemporaryAccessKeyId('ASIAabcdefghijklmnop')).toBe(false);
  });

  it('are sealed into a record that keeps the token only as its SHA-256 and the secret only sealed to its id', () => {
    const box = new SecretBox([{ id: 'k', key: Buffer.alloc(32, 1) }]);
    const { credentials, session } = issuedSession(roleSessionFacts(), box);
    const stored = JSON.stringify(session);
    expect(stored).not.toContain(credentials.secretAccessKey);
    expect(stored).not.toContain(credentials.sessionToken);
    expect(session.tokenSha256).toBe(createHash('sha256').update(credentials.sessionToken).digest('hex'));
    expect(sessionTokenSha256(credentials.sessionToken)).toBe(session.tokenSha256);
    expect(box.open(session.sealedSecret, credentials.accessKeyId)).toBe(credentials.secretAccessKey);
    // Moved to another id's record, the sealed secret does not open.
    expect(() => box.open(session.sealedSecret, newTemporaryCredentials().accessKeyId)).toThrow();
  });
});
