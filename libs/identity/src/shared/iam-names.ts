import {
  IamError,
  requireIntegerInRange,
  requireLength,
  requirePattern,
  validationError,
} from '@iam/contracts';

/**
 * Names, paths and limits as the IAM API Reference states them. Each
 * `validate…` throws a ValidationError naming the field; each `is…` answers
 * without throwing. Name uniqueness (case-insensitive, per account) is the
 * handler's job: it needs the reservation table.
 */

const NAME = /^[\w+=,.@-]+$/;
const NAME_SHOWN = '[\\w+=,.@-]+';

export const NameLimits = {
  userName: 64,
  groupName: 128,
  roleName: 64,
  virtualMfaDeviceName: 226,
  path: 512,
  roleDescription: 1000,
  assumeRolePolicyDocument: 131072,
  accountName: 50,
} as const;

function validateName(field: string, value: string, max: number): void {
  requireLength(field, value, 1, max);
  requirePattern(field, value, NAME, NAME_SHOWN);
}

export function validateUserName(userName: string, field = 'userName'): void {
  validateName(field, userName, NameLimits.userName);
}

export function validateGroupName(groupName: string, field = 'groupName'): void {
  validateName(field, groupName, NameLimits.groupName);
}

export function validateRoleName(roleName: string, field = 'roleName'): void {
  validateName(field, roleName, NameLimits.roleName);
}

export function validateVirtualMfaDeviceName(name: string, field = 'virtualMfaDeviceName'): void {
  validateName(field, name, NameLimits.virtualMfaDeviceName);
}

const PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;

/** `/` or `/segment/…/`, 1–512 characters of 0x21–0x7E. */
export function validatePath(path: string, field = 'path'): void {
  requireLength(field, path, 1, NameLimits.path);
  requirePattern(field, path, PATH, '(\\u002F)|(\\u002F[\\u0021-\\u007F]+\\u002F)');
}

/** A path prefix for list filters: `/` followed by 0x21–0x7E characters, 1–512. */
export function validatePathPrefix(pathPrefix: string, field = 'pathPrefix'): void {
  requireLength(field, pathPrefix, 1, NameLimits.path);
  requirePattern(field, pathPrefix, /^\/[\u0021-\u007E]*$/, '\\u002F[\\u0021-\\u007F]*');
}

const SERIAL_NUMBER = /^[\w+=/:,.@-]{9,256}$/;

/**
 * A virtual MFA device's serial number is its ARN, and EnableMFADevice,
 * DeactivateMFADevice and DeleteVirtualMFADevice take it as AWS's
 * serialNumberType (9–256 of `[\w+=/:,.@-]`). AWS's path pattern allows
 * more (`!`, `#`, `~`, any 0x21–0x7F) and 512 characters: a device created
 * with such a path, or a long path and name, could never be enabled or
 * deleted, so creation refuses it, naming the path.
 */
export function validateMfaDeviceSerialNumber(serialNumber: string, field = 'path'): void {
  if (!SERIAL_NUMBER.test(serialNumber)) {
    throw validationError(
      field,
      serialNumber,
      'Member must, with the device name, make a serial number (the device ARN) of at most 256 characters matching [\\w+=/:,.@-]+, as EnableMFADevice and DeleteVirtualMFADevice require',
    );
  }
}

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

export function validateAccountId(accountId: string, field = 'accountId'): void {
  requirePattern(field, accountId, ACCOUNT_ID, '^\\d{12}$');
}

/** Printable text, as the Organizations API allows for account names. */
export function validateAccountName(accountName: string, field = 'accountName'): void {
  requireLength(field, accountName, 1, NameLimits.accountName);
  requirePattern(field, accountName, /^[\u0020-\u007E]+$/, '[\\u0020-\\u007E]+');
}

/**
 * AWS's pattern `^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`: 3–63 lowercase
 * letters, digits and single hyphens, not starting or ending with a hyphen.
 * An all-digit alias is refused too, because sign-in takes "account id or
 * alias" and a 12-digit alias would shadow an account id.
 */
export function validateAccountAlias(accountAlias: string, field = 'accountAlias'): void {
  requireLength(field, accountAlias, 3, 63);
  requirePattern(
    field,
    accountAlias,
    /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/,
    '^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$',
  );
  if (/^\d+$/.test(accountAlias)) {
    throw validationError(field, accountAlias, 'Member must not consist of digits only');
  }
}

const DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;

export function validateRoleDescription(description: string, field = 'description'): void {
  requireLength(field, description, 0, NameLimits.roleDescription);
  requirePattern(field, description, DESCRIPTION, '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*');
}

export const MaxSessionDuration = { min: 3600, max: 43200, default: 3600 } as const;

export function validateMaxSessionDuration(seconds: number, field = 'maxSessionDuration'): void {
  requireIntegerInRange(field, seconds, MaxSessionDuration.min, MaxSessionDuration.max);
}

/**
 * Size and character limits of a policy document. Its grammar is the policy
 * engine's business; the handler validates it there before the command.
 */
export function validatePolicyDocumentText(document: string, field = 'assumeRolePolicyDocument'): void {
  requireLength(field, document, 1, NameLimits.assumeRolePolicyDocument);
  requirePattern(
    field,
    document,
    /^[\u0009\u000A\u000D\u0020-\u00FF]+$/,
    '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
  );
}

/** ISO-8601 instants come in from the handler's clock; refuse anything else early. */
export function validateTimestamp(value: string, field: string): void {
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw validationError(field, value, 'Member must be an ISO-8601 timestamp');
  }
}

/** Names are unique case-insensitively in an account; this is the key to reserve. */
export function nameReservationKey(name: string): string {
  return name.toLowerCase();
}

export function assertNever(value: never): never {
  throw new IamError('ValidationError', `Unknown command ${JSON.stringify(value)}`);
}
