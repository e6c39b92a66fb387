import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM encryption of secrets at rest and in events (access-key
 * secrets, MFA seeds, password hashes) under a key-encryption key from
 * configuration. Every blob names the key it was sealed with, so keys can
 * be rotated: seal with the first key of the ring, open with any.
 *
 * Blob format: `v1.<keyId>.<iv b64url>.<tag b64url>.<ciphertext b64url>`.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;

  constructor(ring: { id: string; key: Buffer }[]) {
    if (ring.length === 0) throw new Error('SecretBox needs at least one key');
    for (const { id, key } of ring) {
      if (key.length !== 32) throw new Error(`key-encryption key ${id} must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id))
        throw new Error(`key-encryption key id ${id} must be 1-32 of A-Z a-z 0-9 _ -`);
    }
    this.keys = new Map(ring.map(({ id, key }) => [id, key]));
    this.currentKeyId = ring[0].id;
  }

  /** Parses `id:base64key,id2:base64key2` (first is current). */
  static fromConfig(value: string): SecretBox {
    return new SecretBox(
      value.split(',').map((entry) => {
        const [id, key] = entry.split(':');
        if (!id || !key) throw new Error('IAM_KEY_ENCRYPTION_KEYS must be id:base64key[,id:base64key…]');
        return { id: id.trim(), key: Buffer.from(key.trim(), 'base64') };
      }),
    );
  }

  static generateConfig(id = 'k1'): string {
    return `${id}:${randomBytes(32).toString('base64')}`;
  }

  /** The id of the key new blobs are sealed under (the ring's first). */
  get currentKey(): string {
    return this.currentKeyId;
  }

  seal(plaintext: string, associatedData = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId) as Buffer, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.currentKeyId, b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join('.');
  }

  /** Throws when the blob was tampered with, sealed for other associated data, or under an unknown key. */
  open(blob: string, associatedData = ''): string {
    const [version, keyId, iv, tag, ciphertext] = blob.split('.');
    const key = this.keys.get(keyId);
    if (version !== 'v1' || !key || !iv || !tag || ciphertext === undefined) {
      throw new Error('sealed secret is malformed or its key is not configured');
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** True when the blob is sealed under a key other than the current one (needs re-sealing). */
  isStale(blob: string): boolean {
    return blob.split('.')[1] !== this.currentKeyId;
  }
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64url');
}
