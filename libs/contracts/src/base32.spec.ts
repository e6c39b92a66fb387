import { base32Decode, base32Encode } from './base32';

describe('base32 (RFC 4648)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ];

  it.each(vectors)('encodes %j as %s and back', (plain, encoded) => {
    const bytes = Buffer.from(plain, 'utf8');
    expect(base32Encode(bytes, true)).toBe(encoded);
    expect(base32Encode(bytes)).toBe(encoded.replace(/=/g, ''));
    expect(Buffer.from(base32Decode(encoded)).toString('utf8')).toBe(plain);
  });

  it('decodes case-insensitively, ignoring spaces, and refuses other characters', () => {
    expect(Buffer.from(base32Decode('mzxw 6ytb oi')).toString()).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow();
  });

  it('round-trips random bytes', () => {
    for (let n = 0; n < 64; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });
});
