import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The common-password list shipped by `@zxcvbn-ts/language-common` (about
 * 49,000 passwords from public breach corpora, most frequent first). A
 * password is rejected when it is on the list, compared case-insensitively,
 * as `Password1` is no better than `password1`.
 */
let commonPasswords: ReadonlySet<string> | undefined;

function list(): ReadonlySet<string> {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((p: string) => p.toLowerCase()));
  return commonPasswords;
}

export function isCommonPassword(password: string): boolean {
  return list().has(password.toLowerCase());
}

/**
 * `IAM_COMMON_PASSWORD_CHECK`: on unless set to false, 0, off or no, so a
 * deployment has to opt out of the check explicitly.
 */
export function commonPasswordCheckEnabled(setting: unknown): boolean {
  if (setting === undefined || setting === null || setting === '') return true;
  if (typeof setting === 'boolean') return setting;
  return !['false', '0', 'off', 'no'].includes(String(setting).trim().toLowerCase());
}
