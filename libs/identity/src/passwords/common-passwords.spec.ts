import { commonPasswordCheckEnabled, isCommonPassword } from './common-passwords';

describe('common-password list', () => {
  it('knows the usual suspects, whatever their case', () => {
    for (const password of ['123456', 'password', 'Password1', 'QWERTY', 'iloveyou', 'dragon']) {
      expect({ password, common: isCommonPassword(password) }).toEqual({ password, common: true });
    }
  });

  it('lets uncommon passwords through', () => {
    for (const password of ['Kettle-Orbit-93!', 'r7#Vq!2mZp', 'correct horse battery staple 42']) {
      expect({ password, common: isCommonPassword(password) }).toEqual({ password, common: false });
    }
  });
});

describe('IAM_COMMON_PASSWORD_CHECK', () => {
  it.each([
    [undefined, true],
    ['', true],
    ['true', true],
    ['1', true],
    ['on', true],
    [true, true],
    ['false', false],
    ['FALSE', false],
    ['0', false],
    ['off', false],
    ['no', false],
    [false, false],
  ])('%p → %p', (setting, enabled) => {
    expect(commonPasswordCheckEnabled(setting)).toBe(enabled);
  });
});
