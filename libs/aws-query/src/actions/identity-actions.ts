import type { WireAction } from '../action-table';

const identity = (route: string, more: Omit<WireAction, 'route' | 'owner'> = {}): WireAction => ({
  route,
  owner: 'identity',
  ...more,
});

/** Users, groups, roles, access keys, login profiles, MFA devices and the account: identity's routes. */
export const identityActions: Record<string, WireAction> = {
  CreateUser: identity('POST /v1/users'),
  GetUser: identity('GET /v1/users/:userName', { callerUser: true }),
  ListUsers: identity('GET /v1/users'),
  UpdateUser: identity('PATCH /v1/users/:userName', { result: null }),
  DeleteUser: identity('DELETE /v1/users/:userName'),
  TagUser: identity('POST /v1/users/:userName/tags'),
  UntagUser: identity('DELETE /v1/users/:userName/tags'),
  ListUserTags: identity('GET /v1/users/:userName/tags'),

  CreateAccessKey: identity('POST /v1/users/:userName/access-keys', { callerUser: true }),
  ListAccessKeys: identity('GET /v1/users/:userName/access-keys', { callerUser: true }),
  UpdateAccessKey: identity('PATCH /v1/users/:userName/access-keys/:accessKeyId', { callerUser: true }),
  DeleteAccessKey: identity('DELETE /v1/users/:userName/access-keys/:accessKeyId', { callerUser: true }),
  GetAccessKeyLastUsed: identity('GET /v1/access-keys/:accessKeyId/last-used'),

  CreateGroup: identity('POST /v1/groups'),
  GetGroup: identity('GET /v1/groups/:groupName'),
  ListGroups: identity('GET /v1/groups'),
  UpdateGroup: identity('PATCH /v1/groups/:groupName', { result: null }),
  DeleteGroup: identity('DELETE /v1/groups/:groupName'),
  AddUserToGroup: identity('PUT /v1/groups/:groupName/members/:userName'),
  RemoveUserFromGroup: identity('DELETE /v1/groups/:groupName/members/:userName'),
  ListGroupsForUser: identity('GET /v1/users/:userName/groups'),

  CreateRole: identity('POST /v1/roles'),
  GetRole: identity('GET /v1/roles/:roleName'),
  ListRoles: identity('GET /v1/roles'),
  UpdateRole: identity('PATCH /v1/roles/:roleName', { result: null }),
  DeleteRole: identity('DELETE /v1/roles/:roleName'),
  UpdateAssumeRolePolicy: identity('PUT /v1/roles/:roleName/trust-policy'),
  TagRole: identity('POST /v1/roles/:roleName/tags'),
  UntagRole: identity('DELETE /v1/roles/:roleName/tags'),
  ListRoleTags: identity('GET /v1/roles/:roleName/tags'),
  UpdateRoleDescription: identity('PUT /v1/roles/:roleName/description'),

  // One route creates or updates a login profile (authorized as iam:CreateLoginProfile, as the JSON door is).
  CreateLoginProfile: identity('PUT /v1/users/:userName/login-profile', { callerUser: true }),
  UpdateLoginProfile: identity('PUT /v1/users/:userName/login-profile', { result: null }),
  GetLoginProfile: identity('GET /v1/users/:userName/login-profile', { callerUser: true }),
  DeleteLoginProfile: identity('DELETE /v1/users/:userName/login-profile', { callerUser: true }),
  ChangePassword: identity('POST /v1/me/password'),

  CreateVirtualMFADevice: identity('POST /v1/mfa-devices', {
    rename: { VirtualMFADeviceName: 'virtualMfaDeviceName' },
    // AWS's Base32StringSeed is a blob: the base32 text, base64-encoded on the wire.
    result: ({ virtualMFADevice }) => {
      const device = virtualMFADevice as { serialNumber: string; base32StringSeed: string };
      return {
        VirtualMFADevice: {
          SerialNumber: device.serialNumber,
          Base32StringSeed: Buffer.from(device.base32StringSeed, 'utf8').toString('base64'),
        },
      };
    },
  }),
  ListVirtualMFADevices: identity('GET /v1/mfa-devices'),
  DeleteVirtualMFADevice: identity('DELETE /v1/mfa-devices/:serialNumber'),
  EnableMFADevice: identity('POST /v1/users/:userName/mfa-devices'),
  ListMFADevices: identity('GET /v1/users/:userName/mfa-devices', {
    callerUser: true,
    result: ({ mfaDevices, isTruncated }) => ({ MFADevices: mfaDevices, IsTruncated: isTruncated }),
  }),
  DeactivateMFADevice: identity('DELETE /v1/users/:userName/mfa-devices/:serialNumber', { callerUser: true }),

  GetAccountSummary: identity('GET /v1/account', {
    // AWS answers only the counts, as a map.
    result: ({ summaryMap }) => ({ SummaryMap: { entry: mapEntries(summaryMap) } }),
  }),
  CreateAccountAlias: identity('PUT /v1/account/alias'),
  DeleteAccountAlias: identity('DELETE /v1/account/alias', { ignore: ['AccountAlias'] }),
  // An account has one alias at most: one page, whatever Marker and MaxItems ask.
  ListAccountAliases: identity('GET /v1/account/aliases', { ignore: ['Marker', 'MaxItems'] }),
  GetAccountPasswordPolicy: identity('GET /v1/account/password-policy'),
  UpdateAccountPasswordPolicy: identity('PUT /v1/account/password-policy'),
  DeleteAccountPasswordPolicy: identity('DELETE /v1/account/password-policy'),
};

function mapEntries(map: unknown): { key: string; value: unknown }[] {
  return Object.entries((map ?? {}) as Record<string, unknown>).map(([key, value]) => ({ key, value }));
}
