import { base32Encode, IamError, validationError } from '@iam/contracts';
import { IdentityErrors } from './identity-errors';

/**
 * ARNs and unique ids as AWS forms them. Randomness is never drawn here: the
 * handler draws bytes from a CSPRNG and passes them in, so every function is
 * deterministic and testable.
 */

export const Partition = 'aws';

export function userArn(accountId: string, path: string, userName: string): string {
  return `arn:${Partition}:iam::${accountId}:user${path}${userName}`;
}

export function groupArn(accountId: string, path: string, groupName: string): string {
  return `arn:${Partition}:iam::${accountId}:group${path}${groupName}`;
}

export function roleArn(accountId: string, path: string, roleName: string): string {
  return `arn:${Partition}:iam::${accountId}:role${path}${roleName}`;
}

/** A virtual MFA device's ARN is also its serial number. */
export function mfaArn(accountId: string, path: string, deviceName: string): string {
  return `arn:${Partition}:iam::${accountId}:mfa${path}${deviceName}`;
}

export function rootArn(accountId: string): string {
  return `arn:${Partition}:iam::${accountId}:root`;
}

/** Prefixes AWS gives unique ids, so an id says what it names. */
export const UniqueIdPrefix = {
  user: 'AIDA',
  group: 'AGPA',
  role: 'AROA',
  accessKey: 'AKIA',
  temporaryAccessKey: 'ASIA',
} as const;

export type UniqueIdKind = keyof typeof UniqueIdPrefix;

/** Random characters after the prefix: 17 for unique ids (21 in all), 16 for access key ids (20). */
export const UniqueIdRandomLength = { uniqueId: 17, accessKeyId: 16 } as const;

/** Encodes random bytes as `length` base32 characters (needs at least ceil(length*5/8) bytes). */
export function base32FromBytes(bytes: Uint8Array, length: number): string {
  if (bytes.length * 8 < length * 5) {
    throw new RangeError(`need ${Math.ceil((length * 5) / 8)} random bytes for ${length} base32 characters`);
  }
  return base32Encode(bytes).slice(0, length);
}

function requireBase32(random: string, length: number): void {
  if (random.length !== length || !/^[A-Z2-7]*$/.test(random)) {
    throw new RangeError(`random part must be ${length} base32 characters`);
  }
}

/** `AIDA…`, `AGPA…`, `AROA…`: prefix + 17 base32 characters. */
export function uniqueId(kind: 'user' | 'group' | 'role', random: string): string {
  requireBase32(random, UniqueIdRandomLength.uniqueId);
  return `${UniqueIdPrefix[kind]}${random}`;
}

/** `AKIA` + 16 base32 characters. */
export function accessKeyId(random: string): string {
  requireBase32(random, UniqueIdRandomLength.accessKeyId);
  return `${UniqueIdPrefix.accessKey}${random}`;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A 40-character secret access key from 30 random bytes (base64 alphabet, as AWS's). */
export function secretAccessKeyFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 30) throw new RangeError('a secret access key needs exactly 30 random bytes');
  let out = '';
  for (let i = 0; i < 30; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += BASE64[(n >>> 18) & 63] + BASE64[(n >>> 12) & 63] + BASE64[(n >>> 6) & 63] + BASE64[n & 63];
  }
  return out;
}

export function isUniqueId(kind: 'user' | 'group' | 'role', value: string): boolean {
  return new RegExp(`^${UniqueIdPrefix[kind]}[A-Z2-7]{17}$`).test(value);
}

export function isAccessKeyId(value: string): boolean {
  return /^AKIA[A-Z2-7]{16}$/.test(value);
}

/** AWS accepts an access key id of 16–128 word characters; ours are always `AKIA` + 16. */
export function validateAccessKeyId(value: string, field = 'accessKeyId'): void {
  if (!isAccessKeyId(value)) {
    throw new IamError(
      'ValidationError',
      `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: AKIA[A-Z2-7]{16}`,
    );
  }
}

/** Stream ids, one per aggregate. */
export const StreamIds = {
  account: (accountId: string) => `account-${accountId}`,
  user: (userId: string) => `user-${userId}`,
  /** The root user's stream is keyed by its account id, so sign-in finds it without a lookup. */
  rootUser: (accountId: string) => `user-${accountId}`,
  group: (groupId: string) => `group-${groupId}`,
  role: (roleId: string) => `role-${roleId}`,
  mfaDevice: (serialNumber: string) => `mfa-${serialNumber}`,
} as const;

const PolicyArn = /^arn:aws:iam::(\d{12}|aws):policy(?:\/[\u0021-\u007E]+)*\/[\w+=,.@-]{1,128}$/;

/**
 * A permissions boundary given at creation (CreateUser's and CreateRole's
 * PermissionsBoundary): a managed policy ARN of the caller's account or an
 * AWS managed one, with AWS's errors. Whether the policy exists is the
 * handler's check (`BoundaryPolicies`).
 */
export function validatePermissionsBoundaryArn(
  arn: string,
  accountId: string,
  field = 'permissionsBoundary',
): void {
  if (typeof arn !== 'string' || arn.length < 20 || arn.length > 2048) {
    throw validationError(field, arn, 'Member must be a policy ARN of length 20 to 2048');
  }
  const match = PolicyArn.exec(arn);
  if (!match) throw new IamError('InvalidInput', `ARN ${arn} is not valid.`);
  if (match[1] !== 'aws' && match[1] !== accountId) throw IdentityErrors.policyNotAttachable(arn);
}
