/**
 * The pure domain of the identity service: what handlers import. No Nest, no
 * I/O, no clock, no randomness. Each aggregate is a decider
 * (`initialState`, `evolve`, `decide`); see DOMAIN.md.
 */
export { fold, type Decider } from '@iam/contracts';
export { IdentityErrors, IdentityQuotas } from './shared/identity-errors';
export * from './shared/iam-arns';
export * from './shared/iam-names';
export * from './shared/tags';
export { validationError } from '@iam/contracts';
export * from './passwords/password-policy';

export * from './accounts/account.commands';
export { accountDecider, type AccountState, type ExistingAccountState } from './accounts/account.decider';

export * from './users/user.commands';
export {
  userDecider,
  recentPasswordHashes,
  RootUserName,
  type UserState,
  type ExistingUserState,
  type AccessKeyState,
  type LoginProfileState,
  type GroupMembershipState,
  type MfaDeviceAssociationState,
} from './users/user.decider';

export * from './groups/group.commands';
export { groupDecider, type GroupState, type ExistingGroupState } from './groups/group.decider';

export * from './roles/role.commands';
export { roleDecider, type RoleState, type ExistingRoleState } from './roles/role.decider';

export * from './mfa-devices/mfa-device.commands';
export {
  virtualMfaDeviceDecider,
  type VirtualMfaDeviceState,
  type ExistingVirtualMfaDeviceState,
  type MfaDeviceUserState,
} from './mfa-devices/mfa-device.decider';
