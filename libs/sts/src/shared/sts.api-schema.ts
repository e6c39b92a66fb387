import type { SchemaObject } from '@nestjs/swagger';
import { ApiSchemas } from '@iam/service-kit';

/** CredentialsView: the temporary credentials every STS operation answers. */
export const credentialsSchema = ApiSchemas.object({
  accessKeyId: ApiSchemas.string,
  secretAccessKey: ApiSchemas.string,
  sessionToken: ApiSchemas.string,
  expiration: ApiSchemas.dateTime,
});

const assumedRoleUser = ApiSchemas.object({ arn: ApiSchemas.string, assumedRoleId: ApiSchemas.string });
const packedPolicySize: SchemaObject = { type: 'integer', description: 'percent of the allowed size' };

/** AssumeRoleResult. */
export const assumeRoleSchema = ApiSchemas.object(
  { credentials: credentialsSchema, assumedRoleUser, packedPolicySize, sourceIdentity: ApiSchemas.string },
  ['packedPolicySize', 'sourceIdentity'],
);

/** GetSessionToken's answer. */
export const sessionTokenSchema = ApiSchemas.object({ credentials: credentialsSchema });

/** GetFederationTokenResult. */
export const federationTokenSchema = ApiSchemas.object(
  {
    credentials: credentialsSchema,
    federatedUser: ApiSchemas.object({ arn: ApiSchemas.string, federatedUserId: ApiSchemas.string }),
    packedPolicySize,
  },
  ['packedPolicySize'],
);

/** AssumeRoleWithWebIdentityResult. */
export const assumeRoleWithWebIdentitySchema = ApiSchemas.object(
  {
    credentials: credentialsSchema,
    assumedRoleUser,
    subjectFromWebIdentityToken: ApiSchemas.string,
    audience: ApiSchemas.string,
    provider: ApiSchemas.string,
    packedPolicySize,
  },
  ['packedPolicySize'],
);

/** AssumeRoleWithSamlResult. */
export const assumeRoleWithSamlSchema = ApiSchemas.object(
  {
    credentials: credentialsSchema,
    assumedRoleUser,
    audience: ApiSchemas.string,
    issuer: ApiSchemas.string,
    nameQualifier: ApiSchemas.string,
    subject: ApiSchemas.string,
    subjectType: ApiSchemas.string,
    packedPolicySize,
    sourceIdentity: ApiSchemas.string,
  },
  ['packedPolicySize', 'sourceIdentity'],
);

/** CallerIdentity (GetCallerIdentity). */
export const callerIdentitySchema = ApiSchemas.object({
  account: ApiSchemas.string,
  arn: ApiSchemas.string,
  userId: ApiSchemas.string,
});

/** GetAccessKeyInfo's answer: the account that owns the key. */
export const accessKeyInfoSchema = ApiSchemas.object({ account: ApiSchemas.string });

/** DecodeAuthorizationMessage's answer. */
export const decodedAuthorizationMessageSchema = ApiSchemas.object({
  decodedMessage: {
    type: 'string',
    description:
      'A JSON document, as AWS answers it: `{ allowed, explicitDeny, decision?, decidedBy?, summary, ' +
      'matchedStatements: { items }, failures: { items }, missingContextKeys, context: { principal, action, ' +
      'resource, conditions: { items } }, requestId?, expiresAt }`',
  },
});

/** RevokeRoleSessions's answer (RoleSessionsRevocation). */
export const roleSessionsRevocationSchema = ApiSchemas.object({
  roleName: ApiSchemas.string,
  roleArn: ApiSchemas.string,
  revokedBefore: {
    ...ApiSchemas.dateTime,
    description: 'sessions of the role issued at or before this no longer work',
  },
});

/** SignIn's answer (SignInResult): session credentials for the user. */
export const signInSchema = ApiSchemas.object({
  credentials: credentialsSchema,
  user: ApiSchemas.object({
    accountId: ApiSchemas.string,
    userName: ApiSchemas.string,
    userId: ApiSchemas.string,
    arn: ApiSchemas.string,
  }),
  mfaAuthenticated: { type: 'boolean' },
  passwordResetRequired: {
    type: 'boolean',
    description:
      'until the password is changed, the session may only change it (and read the password policy)',
  },
});
