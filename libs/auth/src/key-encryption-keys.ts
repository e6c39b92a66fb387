import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SecretBox } from './secret-box';

/**
 * The key-encryption keys: from IAM_KEY_ENCRYPTION_KEYS (`id:base64key`,
 * comma-separated, first is current). Standalone mode, as a dev server,
 * generates one on first start and keeps it (mode 0600) in its data folder.
 */
export function loadSecretBox(options: {
  configured?: string;
  mode: 'standalone' | 'distributed';
  dataDir: string;
}): SecretBox {
  if (options.configured) return SecretBox.fromConfig(options.configured);
  if (options.mode !== 'standalone') {
    throw new Error(
      'configuration error: IAM_KEY_ENCRYPTION_KEYS is required in distributed mode (id:base64 of 32 bytes)',
    );
  }
  const file = path.resolve(options.dataDir, 'key-encryption-keys');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, SecretBox.generateConfig(), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return SecretBox.fromConfig(readFileSync(file, 'utf8').trim());
}
