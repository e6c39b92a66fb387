import { IamError } from '@iam/contracts';

/**
 * The errors IAM answers, with AWS's wording. Handlers use the same
 * factories for what only they can see (a name that resolves to no id, a
 * name already reserved), so a caller gets one message whoever noticed.
 */
export const IdentityErrors = {
  noSuchUser: (userName?: string) =>
    new IamError(
      'NoSuchEntity',
      userName === undefined
        ? 'The user cannot be found.'
        : `The user with name ${userName} cannot be found.`,
    ),
  noSuchGroup: (groupName: string) =>
    new IamError('NoSuchEntity', `The group with name ${groupName} cannot be found.`),
  noSuchRole: (roleName: string) =>
    new IamError('NoSuchEntity', `The role with name ${roleName} cannot be found.`),
  noSuchAccount: (accountId?: string) =>
    new IamError(
      'NoSuchEntity',
      accountId === undefined ? 'The account cannot be found.' : `The account ${accountId} cannot be found.`,
    ),
  noSuchAccessKey: (accessKeyId: string) =>
    new IamError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`),
  noSuchLoginProfile: (userName: string) =>
    new IamError('NoSuchEntity', `Login Profile for User ${userName} cannot be found.`),
  noSuchMfaDevice: (serialNumber: string) =>
    new IamError('NoSuchEntity', `VirtualMFADevice with serial number ${serialNumber} doesn't exist.`),
  noSuchMfaDeviceForUser: (serialNumber: string, userName: string) =>
    new IamError(
      'NoSuchEntity',
      `MFA Device with serial number ${serialNumber} does not exist for user ${userName}.`,
    ),
  noSuchAccountAlias: (accountAlias: string) =>
    new IamError('NoSuchEntity', `The account alias ${accountAlias} cannot be found.`),
  noSuchPasswordPolicy: () =>
    new IamError('NoSuchEntity', 'The Password Policy with domain name PasswordPolicy cannot be found.'),
  userAlreadyExists: (userName: string) =>
    new IamError('EntityAlreadyExists', `User with name ${userName} already exists.`),
  groupAlreadyExists: (groupName: string) =>
    new IamError('EntityAlreadyExists', `Group with name ${groupName} already exists.`),
  roleAlreadyExists: (roleName: string) =>
    new IamError('EntityAlreadyExists', `Role with name ${roleName} already exists.`),
  accountAlreadyExists: (accountId: string) =>
    new IamError('EntityAlreadyExists', `Account with id ${accountId} already exists.`),
  accountAliasAlreadyExists: (accountAlias: string) =>
    new IamError('EntityAlreadyExists', `The account alias ${accountAlias} already exists.`),
  mfaDeviceAlreadyExists: () =>
    new IamError('EntityAlreadyExists', 'MFADevice entity at the same path and name already exists.'),
  samlProviderAlreadyExists: (name: string) =>
    new IamError('EntityAlreadyExists', `SAMLProvider with name ${name} already exists.`),
  loginProfileAlreadyExists: (userName: string) =>
    new IamError('EntityAlreadyExists', `Login Profile for user ${userName} already exists.`),
  limitExceeded: (quota: string, limit: number) =>
    new IamError('LimitExceeded', `Cannot exceed quota for ${quota}: ${limit}`),
  /** `Cannot delete entity, must delete access keys first.`; several reasons are joined. */
  deleteConflict: (mustDoFirst: readonly string[]) =>
    new IamError('DeleteConflict', `Cannot delete entity, must ${joinReasons(mustDoFirst)} first.`),
  rootUserUnmodifiable: (action: string) =>
    new IamError('UnmodifiableEntity', `The root user cannot be ${action}.`),
  /** As the policy service answers a boundary or attachment it cannot find. */
  policyNotAttachable: (policyArn: string) =>
    new IamError('NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`),
} as const;

function joinReasons(reasons: readonly string[]): string {
  if (reasons.length <= 1) return reasons.join('');
  return `${reasons.slice(0, -1).join(', ')} and ${reasons[reasons.length - 1]}`;
}

/** Quotas of IAM (IAM User Guide, "IAM and AWS STS quotas"). */
export const IdentityQuotas = {
  AccessKeysPerUser: 2,
  GroupsPerUser: 10,
  MFADevicesPerUser: 8,
  TagsPerResource: 50,
  /** IAM's quotas, as AWS names them in LimitExceeded. */
  OpenIdConnectProvidersPerAccount: 100,
  SAMLProvidersInAWSAccount: 100,
} as const;
