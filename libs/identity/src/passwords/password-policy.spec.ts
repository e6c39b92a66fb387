import {
  assertPasswordConforms,
  checkPassword,
  expirePasswords,
  passwordPolicyFrom,
  PasswordPolicyDefaults,
  passwordPolicyViolation,
  PasswordViolationMessages,
  reuseCheckDepth,
  type PasswordPolicy,
} from './password-policy';

const strict: PasswordPolicy = {
  ...PasswordPolicyDefaults,
  minimumPasswordLength: 10,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
};
const rules = (password: string, policy: PasswordPolicy | null, context = {}) =>
  checkPassword(password, policy, context).map((v) => v.rule);

describe('password policy', () => {
  describe('passwordPolicyFrom', () => {
    it('completes an empty update with AWS defaults', () => {
      expect(passwordPolicyFrom({})).toEqual({
        minimumPasswordLength: 6,
        requireSymbols: false,
        requireNumbers: false,
        requireUppercaseCharacters: false,
        requireLowercaseCharacters: false,
        allowUsersToChangePassword: false,
        maxPasswordAge: null,
        passwordReusePrevention: null,
        hardExpiry: false,
      });
    });

    it('keeps given fields and accepts the bounds', () => {
      expect(
        passwordPolicyFrom({ minimumPasswordLength: 128, maxPasswordAge: 1095, passwordReusePrevention: 24 }),
      ).toMatchObject({
        minimumPasswordLength: 128,
        maxPasswordAge: 1095,
        passwordReusePrevention: 24,
      });
      expect(
        passwordPolicyFrom({ minimumPasswordLength: 6, maxPasswordAge: 1, passwordReusePrevention: 1 }),
      ).toMatchObject({
        minimumPasswordLength: 6,
      });
    });

    it('ignores unknown fields', () => {
      expect(passwordPolicyFrom({ bogus: 1 } as never)).toEqual(PasswordPolicyDefaults);
    });

    it('derives ExpirePasswords from maxPasswordAge', () => {
      expect(expirePasswords(passwordPolicyFrom({ maxPasswordAge: 90 }))).toBe(true);
      expect(expirePasswords(PasswordPolicyDefaults)).toBe(false);
    });
  });

  describe('checkPassword', () => {
    it('accepts a password meeting every rule', () => {
      expect(checkPassword('Abcdefgh1!', strict)).toEqual([]);
    });

    it('names each broken rule with an AWS-like message', () => {
      expect(checkPassword('abc', strict)).toEqual([
        { rule: 'MinimumPasswordLength', message: 'Password should have a minimum length of 10' },
        { rule: 'RequireUppercaseCharacters', message: 'Password should have at least one uppercase letter' },
        { rule: 'RequireNumbers', message: 'Password should have at least one number' },
        {
          rule: 'RequireSymbols',
          message: expect.stringContaining('Password should have at least one symbol'),
        },
      ]);
      expect(rules('ABCDEFGHIJ1!', strict)).toEqual(['RequireLowercaseCharacters']);
    });

    it('counts only AWS symbols', () => {
      expect(rules('Abcdefgh1~', strict)).toEqual(['RequireSymbols']);
      for (const symbol of "!@#$%^&*()_+-=[]{}|'") expect(rules(`Abcdefgh1${symbol}`, strict)).toEqual([]);
    });

    it('checks only what the policy requires', () => {
      expect(checkPassword('aaaaaa', PasswordPolicyDefaults)).toEqual([]);
      expect(rules('aaaaa', PasswordPolicyDefaults)).toEqual(['MinimumPasswordLength']);
    });

    it('applies AWS default rules without a custom policy: 8 characters, three classes', () => {
      expect(rules('Abcdefg1', null)).toEqual([]);
      expect(rules('abcdefg1!', null)).toEqual([]);
      expect(rules('Abc1!', null)).toEqual(['MinimumPasswordLength']);
      expect(rules('abcdefgh1', null)).toEqual(['ThreeCharacterClasses']);
    });

    it('refuses the account or user name, case-insensitively', () => {
      expect(rules('MainAccount1', null, { accountName: 'mainaccount1' })).toEqual([
        'NotAccountNameOrUserName',
      ]);
      expect(rules('Alice-2026', null, { userName: 'alice-2026' })).toEqual(['NotAccountNameOrUserName']);
    });

    it('refuses passwords over 128 characters or with control characters', () => {
      expect(rules(`Aa1!${'x'.repeat(125)}`, strict)).toEqual(['PasswordLength']);
      expect(rules('Abcdefgh1!\u0001', strict)).toEqual(['PasswordLength']);
    });
  });

  describe('errors', () => {
    it('throws PasswordPolicyViolation naming the rules', () => {
      expect(() => assertPasswordConforms('abc', strict)).toThrow(
        expect.objectContaining({
          code: 'PasswordPolicyViolation',
          message: expect.stringContaining('minimum length of 10'),
        }),
      );
      expect(() => assertPasswordConforms('Abcdefgh1!', strict)).not.toThrow();
    });

    it('gives the handler messages for reuse and common passwords', () => {
      const error = passwordPolicyViolation([
        PasswordViolationMessages.PasswordReusePrevention(5),
        PasswordViolationMessages.CommonPassword(),
      ]);
      expect(error.code).toBe('PasswordPolicyViolation');
      expect(error.message).toContain('last 5 passwords');
      expect(error.message).toContain('common');
    });
  });

  describe('reuse and expiry', () => {
    it('says how many previous hashes to check', () => {
      expect(reuseCheckDepth(null)).toBe(0);
      expect(reuseCheckDepth(PasswordPolicyDefaults)).toBe(0);
      expect(reuseCheckDepth({ ...PasswordPolicyDefaults, passwordReusePrevention: 5 })).toBe(5);
    });
  });
});
