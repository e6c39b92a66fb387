import { SecretBox, type SealedSecrets, type SecretKind } from '@iam/auth';
import type { Queryable } from '@iam/event-store';
import { PasswordHasher } from './password-hasher';

/** SealedSecrets' contract over a map (the table's own behaviour is covered by the integration tests). */
function sealedSecretsInMemory(box: SecretBox) {
  const rows = new Map<string, string>();
  let next = 0;
  const fake = {
    rows,
    async put(_tx: Queryable, _kind: SecretKind, associatedData: string, plaintext: string) {
      const id = `s${++next}`;
      rows.set(id, box.seal(plaintext, associatedData));
      return id;
    },
    async open(id: string, associatedData: string) {
      const sealed = rows.get(id);
      if (sealed === undefined) throw new Error('unknown');
      return box.open(sealed, associatedData);
    },
  };
  return fake as typeof fake & SealedSecrets;
}

describe('PasswordHasher', () => {
  const box = SecretBox.fromConfig(SecretBox.generateConfig('unit'));
  const secrets = sealedSecretsInMemory(box);
  const hasher = new PasswordHasher(secrets);
  const tx = {} as Queryable;

  it('seals an argon2id hash bound to its user, and answers only its id', async () => {
    const id = await hasher.seal(tx, 'AIDAEXAMPLE', 'Kettle-Orbit-93!');
    expect(id).not.toContain('argon2');
    const sealed = secrets.rows.get(id) as string;
    expect(sealed).not.toContain('Kettle');
    expect(box.open(sealed, 'password-hash:AIDAEXAMPLE')).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await hasher.matches('AIDAEXAMPLE', id, 'Kettle-Orbit-93!')).toBe(true);
    expect(await hasher.matches('AIDAEXAMPLE', id, 'kettle-orbit-93!')).toBe(false);
    await expect(hasher.matches('AIDAOTHER', id, 'Kettle-Orbit-93!')).rejects.toThrow();
  });

  it('salts every hash, and finds a password among several', async () => {
    const a = await hasher.seal(tx, 'AIDAEXAMPLE', 'same-password-1');
    const b = await hasher.seal(tx, 'AIDAEXAMPLE', 'same-password-1');
    expect(await secrets.open(a, 'password-hash:AIDAEXAMPLE')).not.toBe(
      await secrets.open(b, 'password-hash:AIDAEXAMPLE'),
    );
    const other = await hasher.seal(tx, 'AIDAEXAMPLE', 'other-password-2');
    expect(await hasher.matchesAny('AIDAEXAMPLE', [other, a], 'same-password-1')).toBe(true);
    expect(await hasher.matchesAny('AIDAEXAMPLE', [other], 'same-password-1')).toBe(false);
    expect(await hasher.matchesAny('AIDAEXAMPLE', [], 'same-password-1')).toBe(false);
    expect(await hasher.matchesNothing('same-password-1')).toBe(false);
  });
});
