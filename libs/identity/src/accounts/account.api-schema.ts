import { ApiSchemas } from '@iam/service-kit';

/** CreateAccount's answer: the member account, and its root access key (the one time its secret is shown). */
export const createdAccountSchema = ApiSchemas.object({
  account: ApiSchemas.object({ accountId: ApiSchemas.string, accountName: ApiSchemas.string }),
  rootAccessKey: ApiSchemas.object({
    accountId: ApiSchemas.string,
    arn: { type: 'string', description: 'the root user' },
    accessKeyId: ApiSchemas.string,
    secretAccessKey: ApiSchemas.string,
  }),
});

/** AccountSummary (GetAccountSummary): the account, with its entity counts and quotas in AWS's SummaryMap keys. */
export const accountSummarySchema = ApiSchemas.object({
  accountId: ApiSchemas.string,
  accountName: ApiSchemas.string,
  accountAlias: { type: 'string', nullable: true },
  managementAccount: { type: 'boolean' },
  summaryMap: {
    type: 'object',
    additionalProperties: { type: 'integer' },
    description:
      'Users, UsersQuota, Groups, GroupsQuota, Roles, RolesQuota, MFADevices, AccessKeysPerUserQuota, ' +
      'GroupsPerUserQuota, AccountAccessKeysPresent, AccountMFAEnabled',
  },
});

/** ListAccountAliases's answer: the one alias, or none (never truncated). */
export const accountAliasesSchema = ApiSchemas.object({
  accountAliases: { type: 'array', items: ApiSchemas.string, maxItems: 1 },
  isTruncated: { type: 'boolean', enum: [false] },
});

/** GetAccountPasswordPolicy's answer (PasswordPolicyV1). */
export const passwordPolicySchema = ApiSchemas.wrapped(
  'passwordPolicy',
  ApiSchemas.object({
    minimumPasswordLength: { type: 'integer' },
    requireSymbols: { type: 'boolean' },
    requireNumbers: { type: 'boolean' },
    requireUppercaseCharacters: { type: 'boolean' },
    requireLowercaseCharacters: { type: 'boolean' },
    allowUsersToChangePassword: { type: 'boolean' },
    maxPasswordAge: { type: 'integer', nullable: true, description: 'days; null: passwords never expire' },
    passwordReusePrevention: { type: 'integer', nullable: true, description: 'null: no reuse prevention' },
    hardExpiry: { type: 'boolean' },
  }),
);
