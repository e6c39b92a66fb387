import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { keyIdOf } from './trail-digest';

export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/**
 * The digests' Ed25519 key: from IAM_AUDIT_SIGNING_KEY (PEM or base64
 * PKCS#8 DER). Standalone mode, as for its key-encryption keys, generates
 * one on first start and keeps it (mode 0600) in its data folder. A
 * distributed service without one signs nothing (undefined).
 */
export function loadAuditSigningKey(options: {
  configured?: string;
  mode: 'standalone' | 'distributed';
  dataDir: string;
}): AuditSigningKey | undefined {
  let text = options.configured;
  if (!text) {
    if (options.mode !== 'standalone') return undefined;
    const file = path.resolve(options.dataDir, 'audit-signing-key.pem');
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    chmodSync(file, 0o600);
    text = readFileSync(file, 'utf8');
  }
  const privateKey = parsePrivateKey(text);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error('configuration error: IAM_AUDIT_SIGNING_KEY must be an Ed25519 private key');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  try {
    return trimmed.startsWith('-----')
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error(
      'configuration error: IAM_AUDIT_SIGNING_KEY must be an Ed25519 private key, PEM or base64 of its PKCS#8 DER',
    );
  }
}
