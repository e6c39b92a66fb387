import {
  IdentityEventTypes as T,
  IdentitySchemaVersion,
  eventsOf,
  validationError,
  type RoleEvent,
  type TagV1,
} from '@iam/contracts';
import { IdentityErrors } from '../shared/identity-errors';
import { roleArn, validatePermissionsBoundaryArn } from '../shared/iam-arns';
import {
  assertNever,
  MaxSessionDuration,
  validateAccountId,
  validateMaxSessionDuration,
  validatePath,
  validatePolicyDocumentText,
  validateRoleDescription,
  validateRoleName,
  validateTimestamp,
} from '../shared/iam-names';
import {
  applyTags,
  matchingTagKeys,
  removeTags,
  tagsUnchanged,
  validateTagKeys,
  validateTags,
} from '../shared/tags';
import type { RoleCommand } from './role.commands';

export interface ExistingRoleState {
  status: 'active' | 'deleted';
  roleId: string;
  accountId: string;
  roleName: string;
  path: string;
  arn: string;
  assumeRolePolicyDocument: string;
  description: string;
  maxSessionDuration: number;
  tags: TagV1[];
  createDate: string;
}

export type RoleState = { status: 'absent' } | ExistingRoleState;

const event = eventsOf<RoleEvent>(IdentitySchemaVersion);

export function initialState(): RoleState {
  return { status: 'absent' };
}

export function evolve(state: RoleState, e: RoleEvent): RoleState {
  if (e.type === T.RoleCreated) return { status: 'active', ...e.payload };
  if (state.status === 'absent') return state;
  switch (e.type) {
    case T.RoleUpdated:
      return {
        ...state,
        description: e.payload.description,
        maxSessionDuration: e.payload.maxSessionDuration,
      };
    case T.RoleTrustPolicyUpdated:
      return { ...state, assumeRolePolicyDocument: e.payload.assumeRolePolicyDocument };
    case T.RoleTagged:
      return { ...state, tags: applyTags(state.tags, e.payload.tags) };
    case T.RoleUntagged:
      return { ...state, tags: removeTags(state.tags, e.payload.tagKeys) };
    case T.RoleDeleted:
      return { ...state, status: 'deleted' };
    default:
      return state;
  }
}

function requireRole(state: RoleState, addressed: string): ExistingRoleState {
  if (state.status !== 'active' || addressed.toLowerCase() !== state.roleName.toLowerCase()) {
    throw IdentityErrors.noSuchRole(addressed);
  }
  return state;
}

export function decide(command: RoleCommand, state: RoleState): RoleEvent[] {
  switch (command.type) {
    case 'CreateRole': {
      const { accountId, roleId, roleName, assumeRolePolicyDocument, createDate } = command.data;
      const path = command.data.path ?? '/';
      const description = command.data.description ?? '';
      const maxSessionDuration = command.data.maxSessionDuration ?? MaxSessionDuration.default;
      const tags = [...(command.data.tags ?? [])];
      validateAccountId(accountId);
      validateRoleName(roleName);
      validatePath(path);
      validatePolicyDocumentText(assumeRolePolicyDocument);
      validateRoleDescription(description);
      validateMaxSessionDuration(maxSessionDuration);
      validateTags(tags);
      validateTimestamp(createDate, 'createDate');
      const { permissionsBoundary } = command.data;
      if (permissionsBoundary !== undefined) validatePermissionsBoundaryArn(permissionsBoundary, accountId);
      if (state.status !== 'absent') throw IdentityErrors.roleAlreadyExists(roleName);
      return [
        event(T.RoleCreated, {
          roleId,
          accountId,
          roleName,
          path,
          arn: roleArn(accountId, path, roleName),
          assumeRolePolicyDocument,
          description,
          maxSessionDuration,
          tags,
          createDate,
          ...(permissionsBoundary !== undefined && { permissionsBoundary }),
        }),
      ];
    }
    case 'UpdateRole': {
      const role = requireRole(state, command.data.roleName);
      const description = command.data.description ?? role.description;
      const maxSessionDuration = command.data.maxSessionDuration ?? role.maxSessionDuration;
      validateRoleDescription(description);
      validateMaxSessionDuration(maxSessionDuration);
      if (description === role.description && maxSessionDuration === role.maxSessionDuration) return [];
      return [
        event(T.RoleUpdated, {
          roleId: role.roleId,
          roleName: role.roleName,
          description,
          maxSessionDuration,
        }),
      ];
    }
    case 'UpdateAssumeRolePolicy': {
      const role = requireRole(state, command.data.roleName);
      validatePolicyDocumentText(command.data.policyDocument, 'policyDocument');
      if (command.data.policyDocument === role.assumeRolePolicyDocument) return [];
      return [
        event(T.RoleTrustPolicyUpdated, {
          roleId: role.roleId,
          roleName: role.roleName,
          assumeRolePolicyDocument: command.data.policyDocument,
        }),
      ];
    }
    case 'TagRole': {
      const role = requireRole(state, command.data.roleName);
      const { tags } = command.data;
      validateTags(tags);
      if (tags.length === 0)
        throw validationError('tags', '[]', 'Member must have length greater than or equal to 1');
      applyTags(role.tags, tags);
      if (tagsUnchanged(role.tags, tags)) return [];
      return [event(T.RoleTagged, { roleId: role.roleId, roleName: role.roleName, tags: [...tags] })];
    }
    case 'UntagRole': {
      const role = requireRole(state, command.data.roleName);
      validateTagKeys(command.data.tagKeys);
      const tagKeys = matchingTagKeys(role.tags, command.data.tagKeys);
      if (tagKeys.length === 0) return [];
      return [event(T.RoleUntagged, { roleId: role.roleId, roleName: role.roleName, tagKeys })];
    }
    case 'DeleteRole': {
      const role = requireRole(state, command.data.roleName);
      const mustDoFirst: string[] = [];
      if ((command.data.inlinePolicyCount ?? 0) > 0) mustDoFirst.push('delete policies');
      if ((command.data.attachedManagedPolicyCount ?? 0) > 0) mustDoFirst.push('detach all policies');
      if (mustDoFirst.length > 0) throw IdentityErrors.deleteConflict(mustDoFirst);
      return [event(T.RoleDeleted, { roleId: role.roleId, roleName: role.roleName, arn: role.arn })];
    }
    default:
      return assertNever(command);
  }
}

export const roleDecider = { initialState, evolve, decide } as const;
