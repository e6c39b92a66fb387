import { SecretBox } from '@iam/auth';
import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const secrets = SecretBox.fromConfig(SecretBox.generateConfig('unit'));
  const hasher = new PasswordHasher(secrets);

  it('seals an argon2id hash bound to its user', async () => {
    const sealed = await hasher.seal('AIDAEXAMPLE', 'Kettle-Orbit-93!');
    expect(sealed).not.toContain('Kettle');
    expect(secrets.open(sealed, 'password-hash:AIDAEXAMPLE')).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await hasher.matches('AIDAEXAMPLE', sealed, 'Kettle-Orbit-93!')).toBe(true);
    expect(await hasher.matches('AIDAEXAMPLE', sealed, 'kettle-orbit-93!')).toBe(false);
    await expect(hasher.matches('AIDAOTHER', sealed, 'Kettle-Orbit-93!')).rejects.toThrow();
  });

  it('salts every hash, and finds a password among several', async () => {
    const a = await hasher.seal('AIDAEXAMPLE', 'same-password-1');
    const b = await hasher.seal('AIDAEXAMPLE', 'same-password-1');
    expect(secrets.open(a, 'password-hash:AIDAEXAMPLE')).not.toBe(
      secrets.open(b, 'password-hash:AIDAEXAMPLE'),
    );
    const other = await hasher.seal('AIDAEXAMPLE', 'other-password-2');
    expect(await hasher.matchesAny('AIDAEXAMPLE', [other, a], 'same-password-1')).toBe(true);
    expect(await hasher.matchesAny('AIDAEXAMPLE', [other], 'same-password-1')).toBe(false);
    expect(await hasher.matchesAny('AIDAEXAMPLE', [], 'same-password-1')).toBe(false);
  });
});
