/**
 * Fixed type strings of every event the identity service publishes on
 * `iam.identity.v1`. All are at schema version 1 (`IdentitySchemaVersion`)
 * but those naming a secret (version 2, `SecretReferenceSchemaVersion`);
 * a breaking payload change bumps the version of that one event and adds an
 * upcaster, it never renames the type.
 */
export const IdentityEventTypes = {
  // account-<12 digits>
  AccountCreated: 'iam.identity.AccountCreated',
  AccountAliasCreated: 'iam.identity.AccountAliasCreated',
  AccountAliasDeleted: 'iam.identity.AccountAliasDeleted',
  AccountPasswordPolicyUpdated: 'iam.identity.AccountPasswordPolicyUpdated',
  AccountPasswordPolicyDeleted: 'iam.identity.AccountPasswordPolicyDeleted',
  // user-<AIDA id> (root: user-<account id>)
  RootUserCreated: 'iam.identity.RootUserCreated',
  UserCreated: 'iam.identity.UserCreated',
  UserUpdated: 'iam.identity.UserUpdated',
  UserTagged: 'iam.identity.UserTagged',
  UserUntagged: 'iam.identity.UserUntagged',
  UserDeleted: 'iam.identity.UserDeleted',
  AccessKeyCreated: 'iam.identity.AccessKeyCreated',
  AccessKeyStatusUpdated: 'iam.identity.AccessKeyStatusUpdated',
  AccessKeyDeleted: 'iam.identity.AccessKeyDeleted',
  LoginProfileCreated: 'iam.identity.LoginProfileCreated',
  LoginProfileUpdated: 'iam.identity.LoginProfileUpdated',
  LoginProfileDeleted: 'iam.identity.LoginProfileDeleted',
  PasswordChanged: 'iam.identity.PasswordChanged',
  UserAddedToGroup: 'iam.identity.UserAddedToGroup',
  UserRemovedFromGroup: 'iam.identity.UserRemovedFromGroup',
  MfaDeviceEnabled: 'iam.identity.MfaDeviceEnabled',
  MfaDeviceDeactivated: 'iam.identity.MfaDeviceDeactivated',
  // group-<AGPA id>
  GroupCreated: 'iam.identity.GroupCreated',
  GroupUpdated: 'iam.identity.GroupUpdated',
  GroupDeleted: 'iam.identity.GroupDeleted',
  // role-<AROA id>
  RoleCreated: 'iam.identity.RoleCreated',
  RoleUpdated: 'iam.identity.RoleUpdated',
  RoleTrustPolicyUpdated: 'iam.identity.RoleTrustPolicyUpdated',
  RoleTagged: 'iam.identity.RoleTagged',
  RoleUntagged: 'iam.identity.RoleUntagged',
  RoleDeleted: 'iam.identity.RoleDeleted',
  // mfa-<serial number>
  VirtualMfaDeviceCreated: 'iam.identity.VirtualMfaDeviceCreated',
  VirtualMfaDeviceEnabled: 'iam.identity.VirtualMfaDeviceEnabled',
  VirtualMfaDeviceDeactivated: 'iam.identity.VirtualMfaDeviceDeactivated',
  VirtualMfaDeviceDeleted: 'iam.identity.VirtualMfaDeviceDeleted',
  MfaCodeAccepted: 'iam.identity.MfaCodeAccepted',
  // oidc-provider-<provider ARN>
  OpenIDConnectProviderCreated: 'iam.identity.OpenIDConnectProviderCreated',
  OpenIDConnectProviderClientIdAdded: 'iam.identity.OpenIDConnectProviderClientIdAdded',
  OpenIDConnectProviderClientIdRemoved: 'iam.identity.OpenIDConnectProviderClientIdRemoved',
  OpenIDConnectProviderThumbprintUpdated: 'iam.identity.OpenIDConnectProviderThumbprintUpdated',
  OpenIDConnectProviderTagged: 'iam.identity.OpenIDConnectProviderTagged',
  OpenIDConnectProviderUntagged: 'iam.identity.OpenIDConnectProviderUntagged',
  OpenIDConnectProviderDeleted: 'iam.identity.OpenIDConnectProviderDeleted',
  // saml-provider-<account id>-<lower-cased name>
  SamlProviderCreated: 'iam.identity.SamlProviderCreated',
  SamlProviderUpdated: 'iam.identity.SamlProviderUpdated',
  SamlProviderTagged: 'iam.identity.SamlProviderTagged',
  SamlProviderUntagged: 'iam.identity.SamlProviderUntagged',
  SamlProviderDeleted: 'iam.identity.SamlProviderDeleted',
} as const;

export type IdentityEventType = (typeof IdentityEventTypes)[keyof typeof IdentityEventTypes];

/** Current schema version of every identity event payload. */
export const IdentitySchemaVersion = 1;

/**
 * Schema version of the events that name a secret by id (AccessKeyCreated,
 * LoginProfileCreated, LoginProfileUpdated, PasswordChanged,
 * VirtualMfaDeviceCreated); their version 1 carried the sealed secret.
 */
export const SecretReferenceSchemaVersion = 2;

/** An IAM tag as AWS spells it in JSON (`key`, `value`). */
export interface TagV1 {
  key: string;
  value: string;
}
