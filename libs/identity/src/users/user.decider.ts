import {
  IamError,
  IdentityEventTypes as T,
  IdentitySchemaVersion,
  SecretReferenceSchemaVersion,
  eventsOf,
  validationError,
  type AccessKeyStatus,
  type TagV1,
  type UserEvent,
} from '@iam/contracts';
import { IdentityErrors, IdentityQuotas } from '../shared/identity-errors';
import { rootArn, userArn, validateAccessKeyId, validatePermissionsBoundaryArn } from '../shared/iam-arns';
import {
  assertNever,
  validateAccountId,
  validatePath,
  validateTimestamp,
  validateUserName,
} from '../shared/iam-names';
import {
  applyTags,
  matchingTagKeys,
  removeTags,
  tagsUnchanged,
  validateTagKeys,
  validateTags,
} from '../shared/tags';
import type { UserCommand } from './user.commands';

export interface AccessKeyState {
  accessKeyId: string;
  status: AccessKeyStatus;
  createDate: string;
}

export interface LoginProfileState {
  createDate: string;
  passwordResetRequired: boolean;
  passwordLastChanged: string;
  /** Id of the sealed argon2id hash in `sealed_secrets`. */
  passwordHashId: string;
}

export interface GroupMembershipState {
  groupId: string;
  groupName: string;
}

export interface MfaDeviceAssociationState {
  serialNumber: string;
  enableDate: string;
}

export interface ExistingUserState {
  status: 'active' | 'deleted';
  userId: string;
  accountId: string;
  /** `<root_account>` for the root user, as the credential report names it. */
  userName: string;
  path: string;
  arn: string;
  root: boolean;
  createDate: string;
  tags: TagV1[];
  accessKeys: AccessKeyState[];
  loginProfile: LoginProfileState | null;
  /** Ids of the sealed password hashes, newest first (the current one included), at most 24: enough for any reuse policy. */
  passwordHistory: string[];
  groups: GroupMembershipState[];
  mfaDevices: MfaDeviceAssociationState[];
}

export type UserState = { status: 'absent' } | ExistingUserState;

const event = eventsOf<UserEvent>(IdentitySchemaVersion);
/** The events that name a secret by id are at version 2. */
const secretEvent = eventsOf<UserEvent>(SecretReferenceSchemaVersion);

export const RootUserName = '<root_account>';
const PasswordHistoryDepth = 24;

export function initialState(): UserState {
  return { status: 'absent' };
}

function withPassword(state: ExistingUserState, passwordHashId: string): string[] {
  return [passwordHashId, ...state.passwordHistory].slice(0, PasswordHistoryDepth);
}

export function evolve(state: UserState, e: UserEvent): UserState {
  if (e.type === T.UserCreated) {
    const p = e.payload;
    return {
      status: 'active',
      userId: p.userId,
      accountId: p.accountId,
      userName: p.userName,
      path: p.path,
      arn: p.arn,
      root: false,
      createDate: p.createDate,
      tags: p.tags,
      accessKeys: [],
      loginProfile: null,
      passwordHistory: [],
      groups: [],
      mfaDevices: [],
    };
  }
  if (e.type === T.RootUserCreated) {
    const p = e.payload;
    return {
      status: 'active',
      userId: p.userId,
      accountId: p.accountId,
      userName: RootUserName,
      path: '/',
      arn: p.arn,
      root: true,
      createDate: p.createDate,
      tags: [],
      accessKeys: [],
      loginProfile: null,
      passwordHistory: [],
      groups: [],
      mfaDevices: [],
    };
  }
  if (state.status === 'absent') return state;
  switch (e.type) {
    case T.UserUpdated:
      return { ...state, userName: e.payload.userName, path: e.payload.path, arn: e.payload.arn };
    case T.UserTagged:
      return { ...state, tags: applyTags(state.tags, e.payload.tags) };
    case T.UserUntagged:
      return { ...state, tags: removeTags(state.tags, e.payload.tagKeys) };
    case T.UserDeleted:
      return { ...state, status: 'deleted' };
    case T.AccessKeyCreated:
      return {
        ...state,
        accessKeys: [
          ...state.accessKeys,
          { accessKeyId: e.payload.accessKeyId, status: e.payload.status, createDate: e.payload.createDate },
        ],
      };
    case T.AccessKeyStatusUpdated:
      return {
        ...state,
        accessKeys: state.accessKeys.map((k) =>
          k.accessKeyId === e.payload.accessKeyId ? { ...k, status: e.payload.status } : k,
        ),
      };
    case T.AccessKeyDeleted:
      return {
        ...state,
        accessKeys: state.accessKeys.filter((k) => k.accessKeyId !== e.payload.accessKeyId),
      };
    case T.LoginProfileCreated:
      return {
        ...state,
        loginProfile: {
          createDate: e.payload.createDate,
          passwordResetRequired: e.payload.passwordResetRequired,
          passwordLastChanged: e.payload.createDate,
          passwordHashId: e.payload.passwordHashId,
        },
        passwordHistory: withPassword(state, e.payload.passwordHashId),
      };
    case T.LoginProfileUpdated: {
      if (!state.loginProfile) return state;
      const { passwordHashId, passwordLastChanged, passwordResetRequired } = e.payload;
      if (passwordHashId === null) {
        return { ...state, loginProfile: { ...state.loginProfile, passwordResetRequired } };
      }
      return {
        ...state,
        loginProfile: {
          ...state.loginProfile,
          passwordResetRequired,
          passwordHashId,
          passwordLastChanged: passwordLastChanged ?? state.loginProfile.passwordLastChanged,
        },
        passwordHistory: withPassword(state, passwordHashId),
      };
    }
    case T.LoginProfileDeleted:
      return { ...state, loginProfile: null };
    case T.PasswordChanged:
      if (!state.loginProfile) return state;
      return {
        ...state,
        loginProfile: {
          ...state.loginProfile,
          passwordResetRequired: false,
          passwordHashId: e.payload.passwordHashId,
          passwordLastChanged: e.payload.passwordLastChanged,
        },
        passwordHistory: withPassword(state, e.payload.passwordHashId),
      };
    case T.UserAddedToGroup:
      return {
        ...state,
        groups: [...state.groups, { groupId: e.payload.groupId, groupName: e.payload.groupName }],
      };
    case T.UserRemovedFromGroup:
      return { ...state, groups: state.groups.filter((g) => g.groupId !== e.payload.groupId) };
    case T.MfaDeviceEnabled:
      return {
        ...state,
        mfaDevices: [
          ...state.mfaDevices,
          { serialNumber: e.payload.serialNumber, enableDate: e.payload.enableDate },
        ],
      };
    case T.MfaDeviceDeactivated:
      return {
        ...state,
        mfaDevices: state.mfaDevices.filter((d) => d.serialNumber !== e.payload.serialNumber),
      };
    default:
      // Events of a newer minor kind this code does not know change nothing it decides on.
      return state;
  }
}

/** The stream as an existing, live user whose name matches what the caller addressed. */
function requireUser(state: UserState, addressed: string | undefined): ExistingUserState {
  if (state.status !== 'active') {
    throw IdentityErrors.noSuchUser(addressed ?? (state.status === 'deleted' ? state.userName : undefined));
  }
  if (addressed !== undefined && !state.root && addressed.toLowerCase() !== state.userName.toLowerCase()) {
    throw IdentityErrors.noSuchUser(addressed);
  }
  return state;
}

function requireNotRoot(user: ExistingUserState, action: string): void {
  if (user.root) throw IdentityErrors.rootUserUnmodifiable(action);
}

function requireAccessKey(user: ExistingUserState, accessKeyId: string): AccessKeyState {
  const key = user.accessKeys.find((k) => k.accessKeyId === accessKeyId);
  if (!key) throw IdentityErrors.noSuchAccessKey(accessKeyId);
  return key;
}

function requireLoginProfile(user: ExistingUserState): LoginProfileState {
  if (!user.loginProfile) throw IdentityErrors.noSuchLoginProfile(user.userName);
  return user.loginProfile;
}

function requireSecret(field: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw validationError(field, '', 'Member must be the non-empty id of a sealed secret');
  }
}

function ids(user: ExistingUserState) {
  return { userId: user.userId, userName: user.userName };
}

export function decide(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'CreateUser': {
      const { accountId, userId, userName, createDate } = command.data;
      const path = command.data.path ?? '/';
      const tags = [...(command.data.tags ?? [])];
      validateAccountId(accountId);
      validateUserName(userName);
      validatePath(path);
      validateTags(tags);
      validateTimestamp(createDate, 'createDate');
      const { permissionsBoundary } = command.data;
      if (permissionsBoundary !== undefined) validatePermissionsBoundaryArn(permissionsBoundary, accountId);
      if (state.status !== 'absent') throw IdentityErrors.userAlreadyExists(userName);
      return [
        event(T.UserCreated, {
          userId,
          accountId,
          userName,
          path,
          arn: userArn(accountId, path, userName),
          tags,
          createDate,
          ...(permissionsBoundary !== undefined && { permissionsBoundary }),
        }),
      ];
    }
    case 'CreateRootUser': {
      const { accountId, createDate } = command.data;
      validateAccountId(accountId);
      validateTimestamp(createDate, 'createDate');
      if (state.status !== 'absent') {
        throw new IamError('EntityAlreadyExists', `The root user of account ${accountId} already exists.`);
      }
      return [
        event(T.RootUserCreated, { userId: accountId, accountId, arn: rootArn(accountId), createDate }),
      ];
    }
    case 'UpdateUser': {
      const user = requireUser(state, command.data.userName);
      requireNotRoot(user, 'renamed or moved');
      const userName = command.data.newUserName ?? user.userName;
      const path = command.data.newPath ?? user.path;
      if (command.data.newUserName !== undefined) validateUserName(userName, 'newUserName');
      if (command.data.newPath !== undefined) validatePath(path, 'newPath');
      if (userName === user.userName && path === user.path) return [];
      return [
        event(T.UserUpdated, {
          userId: user.userId,
          previousUserName: user.userName,
          previousPath: user.path,
          userName,
          path,
          arn: userArn(user.accountId, path, userName),
        }),
      ];
    }
    case 'TagUser': {
      const user = requireUser(state, command.data.userName);
      requireNotRoot(user, 'tagged');
      const { tags } = command.data;
      validateTags(tags);
      if (tags.length === 0)
        throw validationError('tags', '[]', 'Member must have length greater than or equal to 1');
      applyTags(user.tags, tags);
      if (tagsUnchanged(user.tags, tags)) return [];
      return [event(T.UserTagged, { ...ids(user), tags: [...tags] })];
    }
    case 'UntagUser': {
      const user = requireUser(state, command.data.userName);
      requireNotRoot(user, 'untagged');
      validateTagKeys(command.data.tagKeys);
      const tagKeys = matchingTagKeys(user.tags, command.data.tagKeys);
      // AWS answers success for keys the user does not have.
      if (tagKeys.length === 0) return [];
      return [event(T.UserUntagged, { ...ids(user), tagKeys })];
    }
    case 'DeleteUser': {
      const user = requireUser(state, command.data.userName);
      requireNotRoot(user, 'deleted');
      // In the order AWS's DeleteUser documentation lists what must go first.
      const mustDoFirst: string[] = [];
      if (user.loginProfile) mustDoFirst.push('delete login profile');
      if (user.accessKeys.length > 0) mustDoFirst.push('delete access keys');
      if (user.mfaDevices.length > 0) mustDoFirst.push('deactivate MFA devices');
      if ((command.data.inlinePolicyCount ?? 0) > 0) mustDoFirst.push('delete policies');
      if ((command.data.attachedManagedPolicyCount ?? 0) > 0) mustDoFirst.push('detach all policies');
      if (user.groups.length > 0) mustDoFirst.push('remove user from all groups');
      if (mustDoFirst.length > 0) throw IdentityErrors.deleteConflict(mustDoFirst);
      return [event(T.UserDeleted, { ...ids(user), arn: user.arn })];
    }
    case 'CreateAccessKey': {
      const user = requireUser(state, command.data.userName);
      const { accessKeyId, secretId, createDate } = command.data;
      validateAccessKeyId(accessKeyId);
      requireSecret('secretId', secretId);
      validateTimestamp(createDate, 'createDate');
      if (user.accessKeys.some((k) => k.accessKeyId === accessKeyId)) {
        throw new IamError('EntityAlreadyExists', `The Access Key with id ${accessKeyId} already exists.`);
      }
      if (user.accessKeys.length >= IdentityQuotas.AccessKeysPerUser) {
        throw IdentityErrors.limitExceeded('AccessKeysPerUser', IdentityQuotas.AccessKeysPerUser);
      }
      return [
        secretEvent(T.AccessKeyCreated, {
          ...ids(user),
          accessKeyId,
          status: 'Active',
          createDate,
          secretId,
        }),
      ];
    }
    case 'UpdateAccessKey': {
      const user = requireUser(state, command.data.userName);
      const { accessKeyId, status } = command.data;
      if (status !== 'Active' && status !== 'Inactive') {
        throw validationError('status', status, 'Member must satisfy enum value set: [Active, Inactive]');
      }
      const key = requireAccessKey(user, accessKeyId);
      if (key.status === status) return [];
      return [event(T.AccessKeyStatusUpdated, { ...ids(user), accessKeyId, status })];
    }
    case 'DeleteAccessKey': {
      const user = requireUser(state, command.data.userName);
      requireAccessKey(user, command.data.accessKeyId);
      return [event(T.AccessKeyDeleted, { ...ids(user), accessKeyId: command.data.accessKeyId })];
    }
    case 'CreateLoginProfile': {
      const user = requireUser(state, command.data.userName);
      const { passwordHashId, createDate } = command.data;
      requireSecret('passwordHashId', passwordHashId);
      validateTimestamp(createDate, 'createDate');
      if (user.loginProfile) throw IdentityErrors.loginProfileAlreadyExists(user.userName);
      return [
        secretEvent(T.LoginProfileCreated, {
          ...ids(user),
          createDate,
          passwordResetRequired: command.data.passwordResetRequired ?? false,
          passwordHashId,
        }),
      ];
    }
    case 'UpdateLoginProfile': {
      const user = requireUser(state, command.data.userName);
      const profile = requireLoginProfile(user);
      const { passwordHashId, changedAt } = command.data;
      const passwordResetRequired = command.data.passwordResetRequired ?? profile.passwordResetRequired;
      if (passwordHashId === undefined) {
        if (passwordResetRequired === profile.passwordResetRequired) return [];
        return [
          secretEvent(T.LoginProfileUpdated, {
            ...ids(user),
            passwordResetRequired,
            passwordHashId: null,
            passwordLastChanged: null,
          }),
        ];
      }
      requireSecret('passwordHashId', passwordHashId);
      if (changedAt === undefined)
        throw validationError('changedAt', '', 'Member must not be null with a new password');
      validateTimestamp(changedAt, 'changedAt');
      return [
        secretEvent(T.LoginProfileUpdated, {
          ...ids(user),
          passwordResetRequired,
          passwordHashId,
          passwordLastChanged: changedAt,
        }),
      ];
    }
    case 'DeleteLoginProfile': {
      const user = requireUser(state, command.data.userName);
      requireLoginProfile(user);
      return [event(T.LoginProfileDeleted, ids(user))];
    }
    case 'ChangePassword': {
      const user = requireUser(state, command.data.userName);
      requireLoginProfile(user);
      const { passwordHashId, changedAt } = command.data;
      requireSecret('passwordHashId', passwordHashId);
      validateTimestamp(changedAt, 'changedAt');
      return [
        secretEvent(T.PasswordChanged, { ...ids(user), passwordHashId, passwordLastChanged: changedAt }),
      ];
    }
    case 'AddUserToGroup': {
      const user = requireUser(state, command.data.userName);
      requireNotRoot(user, 'added to a group');
      const { groupId, groupName } = command.data;
      // AWS answers success when the user is already a member.
      if (user.groups.some((g) => g.groupId === groupId)) return [];
      if (user.groups.length >= IdentityQuotas.GroupsPerUser) {
        throw IdentityErrors.limitExceeded('GroupsPerUser', IdentityQuotas.GroupsPerUser);
      }
      return [event(T.UserAddedToGroup, { ...ids(user), groupId, groupName })];
    }
    case 'RemoveUserFromGroup': {
      const user = requireUser(state, command.data.userName);
      const membership = user.groups.find((g) => g.groupId === command.data.groupId);
      if (!membership) {
        throw new IamError(
          'NoSuchEntity',
          `The user with name ${user.userName} is not a member of group ${command.data.groupName}.`,
        );
      }
      return [
        event(T.UserRemovedFromGroup, {
          ...ids(user),
          groupId: membership.groupId,
          groupName: command.data.groupName,
        }),
      ];
    }
    case 'EnableMfaDevice': {
      const user = requireUser(state, command.data.userName);
      const { serialNumber, enableDate } = command.data;
      validateTimestamp(enableDate, 'enableDate');
      if (user.mfaDevices.some((d) => d.serialNumber === serialNumber)) {
        throw new IamError('EntityAlreadyExists', 'MFA Device is already in use.');
      }
      if (user.mfaDevices.length >= IdentityQuotas.MFADevicesPerUser) {
        throw IdentityErrors.limitExceeded('MFADevicesPerUser', IdentityQuotas.MFADevicesPerUser);
      }
      return [event(T.MfaDeviceEnabled, { ...ids(user), serialNumber, enableDate })];
    }
    case 'DeactivateMfaDevice': {
      const user = requireUser(state, command.data.userName);
      const { serialNumber } = command.data;
      if (!user.mfaDevices.some((d) => d.serialNumber === serialNumber)) {
        throw IdentityErrors.noSuchMfaDeviceForUser(serialNumber, user.userName);
      }
      return [event(T.MfaDeviceDeactivated, { ...ids(user), serialNumber })];
    }
    default:
      return assertNever(command);
  }
}

/**
 * The ids of the sealed hashes a new password must not match under a reuse
 * policy of `count` (`reuseCheckDepth(policy)`), newest first; the handler
 * opens each and argon2-verifies the plaintext against it.
 */
export function recentPasswordHashes(state: UserState, count: number): string[] {
  if (state.status === 'absent' || count <= 0) return [];
  return state.passwordHistory.slice(0, count);
}

export const userDecider = { initialState, evolve, decide } as const;
