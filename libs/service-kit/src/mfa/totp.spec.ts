import {
  consecutiveTimeSteps,
  generateSeed,
  matchingTimeSteps,
  otpauthUri,
  timeStepAt,
  totpCode,
  validateAuthenticationCode,
} from './totp';

// RFC 6238 appendix B: the ASCII seed "12345678901234567890" in base32.
const rfcSeed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('matches the RFC 6238 SHA-1 test vectors (last 6 of the 8 digits)', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [seconds, eightDigits] of vectors) {
      expect(totpCode(rfcSeed, timeStepAt(seconds * 1000))).toBe(eightDigits.slice(2));
    }
  });

  it('generates 160-bit base32 seeds, each different', () => {
    const a = generateSeed();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateSeed()).not.toBe(a);
  });

  it('finds a code within two steps behind and one ahead, not beyond', () => {
    const now = 1_700_000_000_000;
    const step = timeStepAt(now);
    for (const offset of [-2, -1, 0, 1]) {
      expect(matchingTimeSteps(rfcSeed, totpCode(rfcSeed, step + offset), now)).toContain(step + offset);
    }
    for (const offset of [-3, 2]) {
      expect(matchingTimeSteps(rfcSeed, totpCode(rfcSeed, step + offset), now)).not.toContain(step + offset);
    }
  });

  it('accepts two consecutive codes in order only', () => {
    const now = 1_700_000_000_000;
    const step = timeStepAt(now);
    const code = (offset: number) => totpCode(rfcSeed, step + offset);
    expect(consecutiveTimeSteps(rfcSeed, code(-1), code(0), now)).toEqual({
      firstTimeStep: step - 1,
      secondTimeStep: step,
    });
    expect(consecutiveTimeSteps(rfcSeed, code(0), code(1), now)).toEqual({
      firstTimeStep: step,
      secondTimeStep: step + 1,
    });
    expect(consecutiveTimeSteps(rfcSeed, code(0), code(-1), now)).toBeUndefined();
    expect(consecutiveTimeSteps(rfcSeed, code(-1), code(1), now)).toBeUndefined();
    expect(consecutiveTimeSteps(rfcSeed, code(-6), code(-5), now)).toBeUndefined();
  });

  it('builds an otpauth URI an authenticator app reads', () => {
    const uri = otpauthUri(rfcSeed, 'phone@123456789012', 'IAM');
    expect(uri).toMatch(/^otpauth:\/\/totp\/IAM:phone%40123456789012\?/);
    const params = new URL(uri).searchParams;
    expect(params.get('secret')).toBe(rfcSeed);
    expect(params.get('issuer')).toBe('IAM');
  });

  it('refuses codes that are not six digits, without echoing them', () => {
    for (const bad of ['12345', '1234567', 'abcdef', 123456, undefined]) {
      expect(() => validateAuthenticationCode('authenticationCode1', bad)).toThrow(/authenticationCode1/);
    }
    expect(() => validateAuthenticationCode('authenticationCode1', '12345')).toThrow(/\*\*\*\*\*\*/);
    expect(() => validateAuthenticationCode('authenticationCode1', '012345')).not.toThrow();
  });
});
