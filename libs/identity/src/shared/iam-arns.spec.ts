import {
  accessKeyId,
  base32FromBytes,
  groupArn,
  isAccessKeyId,
  isUniqueId,
  mfaArn,
  roleArn,
  rootArn,
  secretAccessKeyFromBytes,
  StreamIds,
  uniqueId,
  userArn,
  validateAccessKeyId,
} from './iam-arns';

describe('IAM ARNs and ids', () => {
  it('forms ARNs as AWS does', () => {
    expect(userArn('123456789012', '/division/', 'alice')).toBe(
      'arn:aws:iam::123456789012:user/division/alice',
    );
    expect(userArn('123456789012', '/', 'alice')).toBe('arn:aws:iam::123456789012:user/alice');
    expect(groupArn('123456789012', '/', 'admins')).toBe('arn:aws:iam::123456789012:group/admins');
    expect(roleArn('123456789012', '/ci/', 'deployer')).toBe('arn:aws:iam::123456789012:role/ci/deployer');
    expect(mfaArn('123456789012', '/', 'alice')).toBe('arn:aws:iam::123456789012:mfa/alice');
    expect(rootArn('123456789012')).toBe('arn:aws:iam::123456789012:root');
  });

  it('encodes random bytes as base32', () => {
    expect(base32FromBytes(new Uint8Array([0, 0, 0, 0, 0]), 8)).toBe('AAAAAAAA');
    expect(base32FromBytes(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]), 8)).toBe('77777777');
    // RFC 4648 test vector: "fooba" -> MZXW6YTB
    expect(base32FromBytes(new TextEncoder().encode('fooba'), 8)).toBe('MZXW6YTB');
    expect(base32FromBytes(new Uint8Array(11).fill(7), 17)).toHaveLength(17);
    expect(() => base32FromBytes(new Uint8Array(10), 17)).toThrow(RangeError);
  });

  it('builds unique ids and access key ids from a random part', () => {
    const random17 = base32FromBytes(new Uint8Array(11).fill(200), 17);
    expect(uniqueId('user', random17)).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(uniqueId('group', random17)).toMatch(/^AGPA/);
    expect(uniqueId('role', random17)).toMatch(/^AROA/);
    expect(isUniqueId('user', uniqueId('user', random17))).toBe(true);
    expect(isUniqueId('role', uniqueId('user', random17))).toBe(false);
    const key = accessKeyId(base32FromBytes(new Uint8Array(10).fill(1), 16));
    expect(key).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(isAccessKeyId(key)).toBe(true);
    expect(isAccessKeyId('ASIAABCDEFGHIJKLMNOP')).toBe(false);
    expect(() => uniqueId('user', 'abc')).toThrow(RangeError);
    expect(() => accessKeyId('a'.repeat(16))).toThrow(RangeError);
    expect(() => validateAccessKeyId('nope')).toThrow(expect.objectContaining({ code: 'ValidationError' }));
  });

  it('makes 40-character secrets from 30 bytes', () => {
    const secret = secretAccessKeyFromBytes(new Uint8Array(30).map((_, i) => i * 8));
    expect(secret).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(secretAccessKeyFromBytes(new Uint8Array(30).fill(255))).toBe('/'.repeat(40));
    expect(() => secretAccessKeyFromBytes(new Uint8Array(29))).toThrow(RangeError);
  });

  it('names streams', () => {
    expect(StreamIds.account('123456789012')).toBe('account-123456789012');
    expect(StreamIds.user('AIDAABCDEFGHIJKLMNOPQ')).toBe('user-AIDAABCDEFGHIJKLMNOPQ');
    expect(StreamIds.rootUser('123456789012')).toBe('user-123456789012');
    expect(StreamIds.group('AGPAX')).toBe('group-AGPAX');
    expect(StreamIds.role('AROAX')).toBe('role-AROAX');
    expect(StreamIds.mfaDevice('arn:aws:iam::123456789012:mfa/a')).toBe(
      'mfa-arn:aws:iam::123456789012:mfa/a',
    );
  });
});
