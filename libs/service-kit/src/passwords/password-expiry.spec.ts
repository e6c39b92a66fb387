import type { PasswordPolicyV1 } from '@iam/contracts';
import { isPasswordExpired, ownPasswordChange, passwordExpiresAt } from './password-expiry';

/** UpdateAccountPasswordPolicy's defaults (passwords never expire). */
const PasswordPolicyDefaults: PasswordPolicyV1 = {
  minimumPasswordLength: 6,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
  allowUsersToChangePassword: false,
  maxPasswordAge: null,
  passwordReusePrevention: null,
  hardExpiry: false,
};

describe('password expiry', () => {
  it('computes expiry from maxPasswordAge', () => {
    const policy = { ...PasswordPolicyDefaults, maxPasswordAge: 90 };
    expect(passwordExpiresAt('2026-01-01T00:00:00.000Z', policy)).toBe('2026-04-01T00:00:00.000Z');
    expect(passwordExpiresAt('2026-01-01T00:00:00.000Z', null)).toBeNull();
    expect(isPasswordExpired('2026-01-01T00:00:00.000Z', policy, '2026-03-31T23:59:59.000Z')).toBe(false);
    expect(isPasswordExpired('2026-01-01T00:00:00.000Z', policy, '2026-04-01T00:00:00.000Z')).toBe(true);
    expect(
      isPasswordExpired('2026-01-01T00:00:00.000Z', PasswordPolicyDefaults, '2099-01-01T00:00:00.000Z'),
    ).toBe(false);
  });

  it('decides whether a user may change their own password', () => {
    const fresh = { passwordLastChanged: '2026-01-01T00:00:00.000Z', passwordResetRequired: false };
    const now = '2026-01-02T00:00:00.000Z';
    const late = '2027-01-01T00:00:00.000Z';
    const allow = { ...PasswordPolicyDefaults, allowUsersToChangePassword: true, maxPasswordAge: 90 };
    expect(ownPasswordChange(fresh, allow, now)).toEqual({ allowed: true, mustChange: false });
    expect(ownPasswordChange(fresh, PasswordPolicyDefaults, now)).toEqual({
      allowed: false,
      reason: 'NotAllowedByPolicy',
    });
    expect(ownPasswordChange({ ...fresh, passwordResetRequired: true }, null, now)).toEqual({
      allowed: true,
      mustChange: true,
    });
    expect(ownPasswordChange(fresh, allow, late)).toEqual({ allowed: true, mustChange: true });
    expect(ownPasswordChange(fresh, { ...allow, hardExpiry: true }, late)).toEqual({
      allowed: false,
      reason: 'HardExpiry',
    });
  });
});
