import { isIP } from 'node:net';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** `10.0.0.0/8`, `127.0.0.1`, `::1`, `fd00::/8`: an address, or a block with a prefix its family allows. */
function isAddressOrBlock(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** The entries of IAM_TRUSTED_PROXIES (none when unset). */
export function trustedProxies(setting: string | undefined): string[] {
  return (setting ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** A comma-separated list of IP addresses and CIDR blocks (IAM_TRUSTED_PROXIES). */
export function IsTrustedProxyList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTrustedProxyList',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          trustedProxies(value).length > 0 &&
          trustedProxies(value).every(isAddressOrBlock),
      },
    },
    options,
  );
}
