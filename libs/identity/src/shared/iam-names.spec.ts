import {
  nameReservationKey,
  validateAccountAlias,
  validatePath,
  validatePathPrefix,
  validateRoleName,
  validateTimestamp,
  validateUserName,
} from './iam-names';

const ok = (f: () => void) => expect(f).not.toThrow();
const bad = (f: () => void, field: string) =>
  expect(f).toThrow(
    expect.objectContaining({ code: 'ValidationError', message: expect.stringContaining(`'${field}'`) }),
  );

describe('IAM names', () => {
  it('user names: 1–64 of [\\w+=,.@-]', () => {
    ok(() => validateUserName('Alice.B+c=d,e@f-g_1'));
    bad(() => validateUserName(''), 'userName');
    bad(() => validateUserName('x'.repeat(65)), 'userName');
    bad(() => validateUserName('é'), 'userName');
    bad(() => validateUserName('a b', 'newUserName'), 'newUserName');
  });

  it('role names: 1–64', () => {
    ok(() => validateRoleName('r'.repeat(64)));
    bad(() => validateRoleName('r'.repeat(65)), 'roleName');
  });

  it('paths: / or /…/ of 0x21–0x7E, up to 512', () => {
    for (const path of ['/', '/a/', '/a/b/', '/!~/']) ok(() => validatePath(path));
    for (const path of ['', 'a', '/a', 'a/', '/a b/', '/é/', `/${'a'.repeat(511)}/`])
      bad(() => validatePath(path), 'path');
    ok(() => validatePathPrefix('/'));
    ok(() => validatePathPrefix('/division'));
    bad(() => validatePathPrefix('division'), 'pathPrefix');
  });

  it('account aliases', () => {
    ok(() => validateAccountAlias('my-company-1'));
    for (const alias of ['ab', '-ab', 'ab-', 'a--b', 'AB1', '123', 'a.b'])
      bad(() => validateAccountAlias(alias), 'accountAlias');
  });

  it('timestamps', () => {
    ok(() => validateTimestamp('2026-01-01T00:00:00Z', 't'));
    ok(() => validateTimestamp('2026-01-01T00:00:00.123+02:00', 't'));
    bad(() => validateTimestamp('2026-01-01', 't'), 't');
    bad(() => validateTimestamp('2026-13-01T00:00:00Z', 't'), 't');
  });

  it('reserves names case-insensitively', () => {
    expect(nameReservationKey('Alice')).toBe(nameReservationKey('aLICE'));
  });
});
