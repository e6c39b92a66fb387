import { IdentityEventTypes as T, IdentitySchemaVersion as v, fold, type GroupEvent } from '@iam/contracts';
import { deciderSpecification } from '@iam/testing';
import { groupDecider } from './group.decider';

const spec = deciderSpecification(groupDecider);
const accountId = '123456789012';
const groupId = 'AGPAABCDEFGHIJKLMNOPQ';
const at = '2026-01-01T00:00:00Z';

const created: GroupEvent = {
  type: T.GroupCreated,
  schemaVersion: v,
  payload: {
    groupId,
    accountId,
    groupName: 'admins',
    path: '/ops/',
    arn: 'arn:aws:iam::123456789012:group/ops/admins',
    createDate: at,
  },
};
const deleted: GroupEvent = {
  type: T.GroupDeleted,
  schemaVersion: v,
  payload: { groupId, groupName: 'admins', arn: 'arn:aws:iam::123456789012:group/ops/admins' },
};

describe('group decider', () => {
  describe('CreateGroup', () => {
    it('creates a group with its ARN', () => {
      spec([])
        .when({
          type: 'CreateGroup',
          data: { accountId, groupId, groupName: 'admins', path: '/ops/', createDate: at },
        })
        .then([created]);
    });

    it('defaults the path to /', () => {
      spec([])
        .when({ type: 'CreateGroup', data: { accountId, groupId, groupName: 'admins', createDate: at } })
        .then([
          {
            type: T.GroupCreated,
            schemaVersion: v,
            payload: {
              groupId,
              accountId,
              groupName: 'admins',
              path: '/',
              arn: 'arn:aws:iam::123456789012:group/admins',
              createDate: at,
            },
          },
        ]);
    });

    it('accepts names up to 128 characters and refuses longer or malformed ones', () => {
      spec([])
        .when({
          type: 'CreateGroup',
          data: { accountId, groupId, groupName: 'g'.repeat(128), createDate: at },
        })
        .then([expect.objectContaining({ type: T.GroupCreated }) as unknown as GroupEvent]);
      spec([])
        .when({
          type: 'CreateGroup',
          data: { accountId, groupId, groupName: 'g'.repeat(129), createDate: at },
        })
        .thenThrows('ValidationError', /groupName/);
      spec([])
        .when({ type: 'CreateGroup', data: { accountId, groupId, groupName: 'a b', createDate: at } })
        .thenThrows('ValidationError', /groupName/);
      spec([])
        .when({
          type: 'CreateGroup',
          data: { accountId, groupId, groupName: 'ok', path: 'ops', createDate: at },
        })
        .thenThrows('ValidationError', /path/);
    });

    it('refuses an existing stream', () => {
      spec([created])
        .when({ type: 'CreateGroup', data: { accountId, groupId, groupName: 'admins', createDate: at } })
        .thenThrows('EntityAlreadyExists', 'Group with name admins already exists.');
      spec([created, deleted])
        .when({ type: 'CreateGroup', data: { accountId, groupId, groupName: 'admins', createDate: at } })
        .thenThrows('EntityAlreadyExists');
    });
  });

  describe('UpdateGroup', () => {
    it('renames and moves', () => {
      spec([created])
        .when({ type: 'UpdateGroup', data: { groupName: 'ADMINS', newGroupName: 'operators', newPath: '/' } })
        .then([
          {
            type: T.GroupUpdated,
            schemaVersion: v,
            payload: {
              groupId,
              previousGroupName: 'admins',
              previousPath: '/ops/',
              groupName: 'operators',
              path: '/',
              arn: 'arn:aws:iam::123456789012:group/operators',
            },
          },
        ]);
    });

    it('raises nothing when nothing changes, and validates', () => {
      spec([created])
        .when({ type: 'UpdateGroup', data: { groupName: 'admins' } })
        .thenNothing();
      spec([created])
        .when({ type: 'UpdateGroup', data: { groupName: 'admins', newGroupName: '' } })
        .thenThrows('ValidationError', /newGroupName/);
      spec([created])
        .when({ type: 'UpdateGroup', data: { groupName: 'admins', newPath: '//x' } })
        .thenThrows('ValidationError', /newPath/);
    });

    it('follows the rename in state', () => {
      const renamed: GroupEvent = {
        type: T.GroupUpdated,
        schemaVersion: v,
        payload: {
          groupId,
          previousGroupName: 'admins',
          previousPath: '/ops/',
          groupName: 'operators',
          path: '/ops/',
          arn: 'arn:aws:iam::123456789012:group/ops/operators',
        },
      };
      const state = fold(groupDecider, [created, renamed]);
      expect(state.status === 'active' && state.arn).toBe('arn:aws:iam::123456789012:group/ops/operators');
      spec([created, renamed])
        .when({ type: 'DeleteGroup', data: { groupName: 'admins', memberCount: 0 } })
        .thenThrows('NoSuchEntity', 'The group with name admins cannot be found.');
    });
  });

  describe('DeleteGroup', () => {
    it('deletes an empty group', () => {
      spec([created])
        .when({ type: 'DeleteGroup', data: { groupName: 'admins', memberCount: 0 } })
        .then([deleted]);
    });

    it.each([
      [{ memberCount: 2 }, 'Cannot delete entity, must remove users from group first.'],
      [{ memberCount: 0, inlinePolicyCount: 1 }, 'Cannot delete entity, must delete policies first.'],
      [
        { memberCount: 0, attachedManagedPolicyCount: 1 },
        'Cannot delete entity, must detach all policies first.',
      ],
      [
        { memberCount: 1, inlinePolicyCount: 1, attachedManagedPolicyCount: 1 },
        'Cannot delete entity, must remove users from group, delete policies and detach all policies first.',
      ],
    ])('answers DeleteConflict for %j', (facts, message) => {
      spec([created])
        .when({ type: 'DeleteGroup', data: { groupName: 'admins', ...facts } })
        .thenThrows('DeleteConflict', message);
    });
  });

  it.each([
    { type: 'UpdateGroup', data: { groupName: 'admins', newGroupName: 'x' } },
    { type: 'DeleteGroup', data: { groupName: 'admins', memberCount: 0 } },
  ] as const)('$type on a missing or deleted group answers NoSuchEntity', (command) => {
    spec([]).when(command).thenThrows('NoSuchEntity', 'The group with name admins cannot be found.');
    spec([created, deleted])
      .when(command)
      .thenThrows('NoSuchEntity', 'The group with name admins cannot be found.');
  });
});
