import { IdentityEventTypes as T, IdentitySchemaVersion, eventsOf, type GroupEvent } from '@iam/contracts';
import { IdentityErrors } from '../shared/identity-errors';
import { groupArn } from '../shared/iam-arns';
import {
  assertNever,
  validateAccountId,
  validateGroupName,
  validatePath,
  validateTimestamp,
} from '../shared/iam-names';
import type { GroupCommand } from './group.commands';

export interface ExistingGroupState {
  status: 'active' | 'deleted';
  groupId: string;
  accountId: string;
  groupName: string;
  path: string;
  arn: string;
  createDate: string;
}

export type GroupState = { status: 'absent' } | ExistingGroupState;

const event = eventsOf<GroupEvent>(IdentitySchemaVersion);

export function initialState(): GroupState {
  return { status: 'absent' };
}

export function evolve(state: GroupState, e: GroupEvent): GroupState {
  switch (e.type) {
    case T.GroupCreated:
      return { status: 'active', ...e.payload };
    case T.GroupUpdated:
      if (state.status === 'absent') return state;
      return { ...state, groupName: e.payload.groupName, path: e.payload.path, arn: e.payload.arn };
    case T.GroupDeleted:
      if (state.status === 'absent') return state;
      return { ...state, status: 'deleted' };
    default:
      return state;
  }
}

function requireGroup(state: GroupState, addressed: string): ExistingGroupState {
  if (state.status !== 'active' || addressed.toLowerCase() !== state.groupName.toLowerCase()) {
    throw IdentityErrors.noSuchGroup(addressed);
  }
  return state;
}

export function decide(command: GroupCommand, state: GroupState): GroupEvent[] {
  switch (command.type) {
    case 'CreateGroup': {
      const { accountId, groupId, groupName, createDate } = command.data;
      const path = command.data.path ?? '/';
      validateAccountId(accountId);
      validateGroupName(groupName);
      validatePath(path);
      validateTimestamp(createDate, 'createDate');
      if (state.status !== 'absent') throw IdentityErrors.groupAlreadyExists(groupName);
      return [
        event(T.GroupCreated, {
          groupId,
          accountId,
          groupName,
          path,
          arn: groupArn(accountId, path, groupName),
          createDate,
        }),
      ];
    }
    case 'UpdateGroup': {
      const group = requireGroup(state, command.data.groupName);
      const groupName = command.data.newGroupName ?? group.groupName;
      const path = command.data.newPath ?? group.path;
      if (command.data.newGroupName !== undefined) validateGroupName(groupName, 'newGroupName');
      if (command.data.newPath !== undefined) validatePath(path, 'newPath');
      if (groupName === group.groupName && path === group.path) return [];
      return [
        event(T.GroupUpdated, {
          groupId: group.groupId,
          previousGroupName: group.groupName,
          previousPath: group.path,
          groupName,
          path,
          arn: groupArn(group.accountId, path, groupName),
        }),
      ];
    }
    case 'DeleteGroup': {
      const group = requireGroup(state, command.data.groupName);
      const mustDoFirst: string[] = [];
      if (command.data.memberCount > 0) mustDoFirst.push('remove users from group');
      if ((command.data.inlinePolicyCount ?? 0) > 0) mustDoFirst.push('delete policies');
      if ((command.data.attachedManagedPolicyCount ?? 0) > 0) mustDoFirst.push('detach all policies');
      if (mustDoFirst.length > 0) throw IdentityErrors.deleteConflict(mustDoFirst);
      return [event(T.GroupDeleted, { groupId: group.groupId, groupName: group.groupName, arn: group.arn })];
    }
    default:
      return assertNever(command);
  }
}

export const groupDecider = { initialState, evolve, decide } as const;
