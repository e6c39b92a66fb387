import {
  IdentityEventTypes as T,
  IdentitySchemaVersion,
  fold,
  type IamErrorCode,
  type UserEvent,
} from '@iam/contracts';
import { deciderSpecification } from '@iam/testing';
import { recentPasswordHashes, userDecider, type UserState } from './user.decider';

const spec = deciderSpecification(userDecider);
const v = IdentitySchemaVersion;

const accountId = '123456789012';
const userId = 'AIDAABCDEFGHIJKLMNOPQ';
const at = '2026-01-01T00:00:00.000Z';
const later = '2026-02-01T00:00:00.000Z';
const alice = { userId, userName: 'alice' };
const key1 = 'AKIAABCDEFGHIJKLMNOP';
const key2 = 'AKIAQRSTUVWXYZ234567';
const key3 = 'AKIA2222333344445555';

const created: UserEvent = {
  type: T.UserCreated,
  schemaVersion: v,
  payload: {
    userId,
    accountId,
    userName: 'alice',
    path: '/division/',
    arn: 'arn:aws:iam::123456789012:user/division/alice',
    tags: [{ key: 'Team', value: 'blue' }],
    createDate: at,
  },
};
const rootCreated: UserEvent = {
  type: T.RootUserCreated,
  schemaVersion: v,
  payload: { userId: accountId, accountId, arn: 'arn:aws:iam::123456789012:root', createDate: at },
};
const deleted: UserEvent = {
  type: T.UserDeleted,
  schemaVersion: v,
  payload: { ...alice, arn: 'arn:aws:iam::123456789012:user/division/alice' },
};
const keyCreated = (accessKeyId: string): UserEvent => ({
  type: T.AccessKeyCreated,
  schemaVersion: 2,
  payload: { ...alice, accessKeyId, status: 'Active', createDate: at, secretId: `enc:${accessKeyId}` },
});
const profileCreated = (hash = 'enc:h1', passwordResetRequired = false): UserEvent => ({
  type: T.LoginProfileCreated,
  schemaVersion: 2,
  payload: { ...alice, createDate: at, passwordResetRequired, passwordHashId: hash },
});
const passwordChanged = (hash: string): UserEvent => ({
  type: T.PasswordChanged,
  schemaVersion: 2,
  payload: { ...alice, passwordHashId: hash, passwordLastChanged: later },
});
const groupId = (i: number) => `AGPA${'ABCDEFGHIJKLMNOP'.slice(0, 16)}${'ABCDEFGHIJK'[i]}`;
const addedToGroup = (i: number): UserEvent => ({
  type: T.UserAddedToGroup,
  schemaVersion: v,
  payload: { ...alice, groupId: groupId(i), groupName: `group${i}` },
});
const serial = (i: number) => `arn:aws:iam::123456789012:mfa/alice-${i}`;
const mfaEnabled = (i: number): UserEvent => ({
  type: T.MfaDeviceEnabled,
  schemaVersion: v,
  payload: { ...alice, serialNumber: serial(i), enableDate: at },
});

describe('user decider', () => {
  describe('CreateUser', () => {
    it('creates a user with its ARN, path and tags', () => {
      spec([])
        .when({
          type: 'CreateUser',
          data: {
            accountId,
            userId,
            userName: 'alice',
            path: '/division/',
            tags: [{ key: 'Team', value: 'blue' }],
            createDate: at,
          },
        })
        .then([created]);
    });

    it('defaults the path to / and tags to none', () => {
      const [e] = spec([])
        .when({ type: 'CreateUser', data: { accountId, userId, userName: 'bob', createDate: at } })
        .then([
          {
            type: T.UserCreated,
            schemaVersion: v,
            payload: {
              userId,
              accountId,
              userName: 'bob',
              path: '/',
              arn: 'arn:aws:iam::123456789012:user/bob',
              tags: [],
              createDate: at,
            },
          },
        ]);
      expect(e.type).toBe('iam.identity.UserCreated');
    });

    it('sets a permissions boundary in the same event (AWS CreateUser PermissionsBoundary)', () => {
      const permissionsBoundary = 'arn:aws:iam::123456789012:policy/division/Boundary';
      const [e] = spec([])
        .when({
          type: 'CreateUser',
          data: { accountId, userId, userName: 'bob', createDate: at, permissionsBoundary },
        })
        .then([
          {
            type: T.UserCreated,
            schemaVersion: v,
            payload: {
              userId,
              accountId,
              userName: 'bob',
              path: '/',
              arn: 'arn:aws:iam::123456789012:user/bob',
              tags: [],
              createDate: at,
              permissionsBoundary,
            },
          },
        ]);
      expect(e.payload).toHaveProperty('permissionsBoundary', permissionsBoundary);
    });

    it.each<[string, string, IamErrorCode, string | RegExp]>([
      ['not an ARN', 'not-a-policy-arn-at-all', 'InvalidInput', 'ARN not-a-policy-arn-at-all is not valid.'],
      ['a role ARN', 'arn:aws:iam::123456789012:role/admin', 'InvalidInput', /is not valid/],
      ['too short', 'arn:aws:iam::', 'ValidationError', /permissionsBoundary/],
      [
        "another account's policy",
        'arn:aws:iam::210987654321:policy/Boundary',
        'NoSuchEntity',
        'Policy arn:aws:iam::210987654321:policy/Boundary does not exist or is not attachable.',
      ],
    ])('refuses a boundary that is %s', (_, permissionsBoundary, code, message) => {
      spec([])
        .when({
          type: 'CreateUser',
          data: { accountId, userId, userName: 'bob', createDate: at, permissionsBoundary },
        })
        .thenThrows(code, message);
    });

    it('refuses an existing stream, even a deleted one', () => {
      const cmd = {
        type: 'CreateUser' as const,
        data: { accountId, userId, userName: 'alice', createDate: at },
      };
      spec([created]).when(cmd).thenThrows('EntityAlreadyExists', 'User with name alice already exists.');
      spec([created, deleted]).when(cmd).thenThrows('EntityAlreadyExists');
    });

    it.each([
      ['an empty name', { userName: '' }, /userName/],
      ['a name of 65 characters', { userName: 'a'.repeat(65) }, /less than or equal to 64/],
      ['a name with a space', { userName: 'al ice' }, /regular expression pattern/],
      ['a path without trailing slash', { path: '/division' }, /'path'/],
      ['a path with a space', { path: '/a b/' }, /'path'/],
      ['a path of 513 characters', { path: `/${'a'.repeat(511)}/` }, /less than or equal to 512/],
      ['an account id of 11 digits', { accountId: '12345678901' }, /accountId/],
      ['a bad createDate', { createDate: 'yesterday' }, /createDate/],
      ['51 tags', { tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: '' })) }, /tags/],
      ['a reserved tag key', { tags: [{ key: 'aws:foo', value: 'x' }] }, /reserved/],
      [
        'a tag key of 129 characters',
        { tags: [{ key: 'k'.repeat(129), value: 'x' }] },
        /tags\.1\.member\.key/,
      ],
      ['a tag value of 257 characters', { tags: [{ key: 'k', value: 'v'.repeat(257) }] }, /member\.value/],
      ['a tag value with a forbidden character', { tags: [{ key: 'k', value: 'a#b' }] }, /member\.value/],
      [
        'tag keys differing only in case',
        {
          tags: [
            { key: 'Team', value: 'a' },
            { key: 'team', value: 'b' },
          ],
        },
        /Duplicate/,
      ],
    ])('rejects %s', (_label, override, message) => {
      const code =
        String(message).includes('reserved') || String(message).includes('Duplicate')
          ? 'InvalidInput'
          : 'ValidationError';
      spec([])
        .when({
          type: 'CreateUser',
          data: { accountId, userId, userName: 'alice', createDate: at, ...override },
        })
        .thenThrows(code, message);
    });

    it('accepts every character of the AWS name set and 64-character names', () => {
      spec([])
        .when({
          type: 'CreateUser',
          data: { accountId, userId, userName: 'a_b+c=d,e.f@g-h9', createDate: at },
        })
        .then([expect.objectContaining({ type: T.UserCreated }) as unknown as UserEvent]);
      spec([])
        .when({ type: 'CreateUser', data: { accountId, userId, userName: 'a'.repeat(64), createDate: at } })
        .then([expect.objectContaining({ type: T.UserCreated }) as unknown as UserEvent]);
    });
  });

  describe('CreateRootUser', () => {
    it('creates the root user keyed by its account id', () => {
      spec([])
        .when({ type: 'CreateRootUser', data: { accountId, createDate: at } })
        .then([rootCreated]);
    });

    it('refuses a second root user', () => {
      spec([rootCreated])
        .when({ type: 'CreateRootUser', data: { accountId, createDate: at } })
        .thenThrows('EntityAlreadyExists');
    });

    it('lets root hold access keys, a password and MFA, but not be renamed, tagged, grouped or deleted', () => {
      spec([rootCreated])
        .when({
          type: 'CreateAccessKey',
          data: { accessKeyId: key1, secretId: 'enc', createDate: at },
        })
        .then([
          {
            type: T.AccessKeyCreated,
            schemaVersion: 2,
            payload: {
              userId: accountId,
              userName: '<root_account>',
              accessKeyId: key1,
              status: 'Active',
              createDate: at,
              secretId: 'enc',
            },
          },
        ]);
      spec([rootCreated])
        .when({ type: 'CreateLoginProfile', data: { passwordHashId: 'enc:h', createDate: at } })
        .then([expect.objectContaining({ type: T.LoginProfileCreated }) as unknown as UserEvent]);
      spec([rootCreated])
        .when({
          type: 'EnableMfaDevice',
          data: { serialNumber: 'arn:aws:iam::123456789012:mfa/root', enableDate: at },
        })
        .then([expect.objectContaining({ type: T.MfaDeviceEnabled }) as unknown as UserEvent]);
      spec([rootCreated])
        .when({ type: 'UpdateUser', data: { newUserName: 'x' } })
        .thenThrows('UnmodifiableEntity');
      spec([rootCreated])
        .when({ type: 'TagUser', data: { tags: [{ key: 'a', value: 'b' }] } })
        .thenThrows('UnmodifiableEntity');
      spec([rootCreated])
        .when({ type: 'UntagUser', data: { tagKeys: ['a'] } })
        .thenThrows('UnmodifiableEntity');
      spec([rootCreated]).when({ type: 'DeleteUser', data: {} }).thenThrows('UnmodifiableEntity');
      spec([rootCreated])
        .when({ type: 'AddUserToGroup', data: { groupId: groupId(0), groupName: 'g' } })
        .thenThrows('UnmodifiableEntity');
    });
  });

  describe('every command on a missing or deleted user', () => {
    const commands = [
      { type: 'UpdateUser', data: { userName: 'alice', newUserName: 'bob' } },
      { type: 'TagUser', data: { userName: 'alice', tags: [{ key: 'a', value: 'b' }] } },
      { type: 'UntagUser', data: { userName: 'alice', tagKeys: ['a'] } },
      { type: 'DeleteUser', data: { userName: 'alice' } },
      {
        type: 'CreateAccessKey',
        data: { userName: 'alice', accessKeyId: key1, secretId: 'e', createDate: at },
      },
      { type: 'UpdateAccessKey', data: { userName: 'alice', accessKeyId: key1, status: 'Inactive' } },
      { type: 'DeleteAccessKey', data: { userName: 'alice', accessKeyId: key1 } },
      { type: 'CreateLoginProfile', data: { userName: 'alice', passwordHashId: 'e', createDate: at } },
      { type: 'UpdateLoginProfile', data: { userName: 'alice', passwordResetRequired: true } },
      { type: 'DeleteLoginProfile', data: { userName: 'alice' } },
      { type: 'ChangePassword', data: { userName: 'alice', passwordHashId: 'e', changedAt: at } },
      { type: 'AddUserToGroup', data: { userName: 'alice', groupId: groupId(0), groupName: 'g' } },
      { type: 'RemoveUserFromGroup', data: { userName: 'alice', groupId: groupId(0), groupName: 'g' } },
      { type: 'EnableMfaDevice', data: { userName: 'alice', serialNumber: serial(0), enableDate: at } },
      { type: 'DeactivateMfaDevice', data: { userName: 'alice', serialNumber: serial(0) } },
    ] as const;

    it.each(commands.map((c) => [c.type, c]))(
      '%s on a never-created user answers NoSuchEntity',
      (_t, command) => {
        spec([]).when(command).thenThrows('NoSuchEntity', 'The user with name alice cannot be found.');
      },
    );

    it.each(commands.map((c) => [c.type, c]))('%s on a deleted user answers NoSuchEntity', (_t, command) => {
      spec([created, deleted])
        .when(command)
        .thenThrows('NoSuchEntity', 'The user with name alice cannot be found.');
    });

    it('names the deleted user when the command names none, and says so plainly for a never-created one', () => {
      spec([created, deleted])
        .when({ type: 'DeleteLoginProfile', data: {} })
        .thenThrows('NoSuchEntity', 'The user with name alice cannot be found.');
      spec([])
        .when({ type: 'DeleteLoginProfile', data: {} })
        .thenThrows('NoSuchEntity', 'The user cannot be found.');
    });

    it('answers NoSuchEntity when the addressed name is no longer the user’s (renamed meanwhile), case-insensitively', () => {
      spec([created])
        .when({ type: 'DeleteAccessKey', data: { userName: 'bob', accessKeyId: key1 } })
        .thenThrows('NoSuchEntity', 'The user with name bob cannot be found.');
      spec([created, keyCreated(key1)])
        .when({ type: 'DeleteAccessKey', data: { userName: 'ALICE', accessKeyId: key1 } })
        .then([{ type: T.AccessKeyDeleted, schemaVersion: v, payload: { ...alice, accessKeyId: key1 } }]);
    });
  });

  describe('UpdateUser', () => {
    it('renames and moves, forming the new ARN', () => {
      spec([created])
        .when({ type: 'UpdateUser', data: { userName: 'alice', newUserName: 'alicia', newPath: '/eng/' } })
        .then([
          {
            type: T.UserUpdated,
            schemaVersion: v,
            payload: {
              userId,
              previousUserName: 'alice',
              previousPath: '/division/',
              userName: 'alicia',
              path: '/eng/',
              arn: 'arn:aws:iam::123456789012:user/eng/alicia',
            },
          },
        ]);
    });

    it('keeps the path when only the name changes, and allows a change of case', () => {
      spec([created])
        .when({ type: 'UpdateUser', data: { userName: 'alice', newUserName: 'Alice' } })
        .then([
          {
            type: T.UserUpdated,
            schemaVersion: v,
            payload: {
              userId,
              previousUserName: 'alice',
              previousPath: '/division/',
              userName: 'Alice',
              path: '/division/',
              arn: 'arn:aws:iam::123456789012:user/division/Alice',
            },
          },
        ]);
    });

    it('raises nothing when nothing changes', () => {
      spec([created])
        .when({ type: 'UpdateUser', data: { userName: 'alice' } })
        .thenNothing();
      spec([created])
        .when({ type: 'UpdateUser', data: { newUserName: 'alice', newPath: '/division/' } })
        .thenNothing();
    });

    it('validates the new name and path', () => {
      spec([created])
        .when({ type: 'UpdateUser', data: { newUserName: 'a/b' } })
        .thenThrows('ValidationError', /newUserName/);
      spec([created])
        .when({ type: 'UpdateUser', data: { newPath: 'eng' } })
        .thenThrows('ValidationError', /newPath/);
    });

    it('a renamed user is addressed by its new name', () => {
      const renamed: UserEvent = {
        type: T.UserUpdated,
        schemaVersion: v,
        payload: {
          userId,
          previousUserName: 'alice',
          previousPath: '/division/',
          userName: 'alicia',
          path: '/division/',
          arn: 'arn:aws:iam::123456789012:user/division/alicia',
        },
      };
      spec([created, renamed])
        .when({ type: 'DeleteUser', data: { userName: 'alice' } })
        .thenThrows('NoSuchEntity');
      spec([created, renamed])
        .when({ type: 'DeleteUser', data: { userName: 'alicia' } })
        .then([
          {
            type: T.UserDeleted,
            schemaVersion: v,
            payload: { userId, userName: 'alicia', arn: 'arn:aws:iam::123456789012:user/division/alicia' },
          },
        ]);
    });
  });

  describe('TagUser and UntagUser', () => {
    it('tags, replacing a key that differs only in case', () => {
      const given = [created];
      spec(given)
        .when({
          type: 'TagUser',
          data: {
            userName: 'alice',
            tags: [
              { key: 'team', value: 'red' },
              { key: 'Cost', value: '1' },
            ],
          },
        })
        .then([
          {
            type: T.UserTagged,
            schemaVersion: v,
            payload: {
              ...alice,
              tags: [
                { key: 'team', value: 'red' },
                { key: 'Cost', value: '1' },
              ],
            },
          },
        ]);
      const state = fold(userDecider, [
        ...given,
        {
          type: T.UserTagged,
          schemaVersion: v,
          payload: { ...alice, tags: [{ key: 'team', value: 'red' }] },
        },
      ]);
      expect(state.status === 'active' && state.tags).toEqual([{ key: 'team', value: 'red' }]);
    });

    it('raises nothing when the tags are already set', () => {
      spec([created])
        .when({ type: 'TagUser', data: { tags: [{ key: 'Team', value: 'blue' }] } })
        .thenNothing();
    });

    it('refuses an empty tag list', () => {
      spec([created])
        .when({ type: 'TagUser', data: { tags: [] } })
        .thenThrows('ValidationError', /tags/);
    });

    it('answers LimitExceeded beyond 50 tags in all', () => {
      const tags = Array.from({ length: 49 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
      spec([created])
        .when({ type: 'TagUser', data: { tags } })
        .then([{ type: T.UserTagged, schemaVersion: v, payload: { ...alice, tags } }]);
      spec([created])
        .when({ type: 'TagUser', data: { tags: [...tags, { key: 'one-more', value: 'v' }] } })
        .thenThrows('LimitExceeded', /maximum limit of 50/);
    });

    it('untags keys case-insensitively, naming them as stored', () => {
      spec([created])
        .when({ type: 'UntagUser', data: { userName: 'alice', tagKeys: ['TEAM', 'absent'] } })
        .then([{ type: T.UserUntagged, schemaVersion: v, payload: { ...alice, tagKeys: ['Team'] } }]);
    });

    it('raises nothing when no key matches, and validates keys', () => {
      spec([created])
        .when({ type: 'UntagUser', data: { tagKeys: ['absent'] } })
        .thenNothing();
      spec([created])
        .when({ type: 'UntagUser', data: { tagKeys: [] } })
        .thenThrows('ValidationError', /tagKeys/);
      spec([created])
        .when({ type: 'UntagUser', data: { tagKeys: ['a#b'] } })
        .thenThrows('ValidationError', /tagKeys\.1/);
    });
  });

  describe('DeleteUser', () => {
    it('deletes a user with nothing attached', () => {
      spec([created])
        .when({ type: 'DeleteUser', data: { userName: 'alice' } })
        .then([deleted]);
    });

    it.each([
      ['access keys', [keyCreated(key1)], {}, 'Cannot delete entity, must delete access keys first.'],
      ['a login profile', [profileCreated()], {}, 'Cannot delete entity, must delete login profile first.'],
      ['an MFA device', [mfaEnabled(0)], {}, 'Cannot delete entity, must deactivate MFA devices first.'],
      [
        'a group membership',
        [addedToGroup(0)],
        {},
        'Cannot delete entity, must remove user from all groups first.',
      ],
      ['inline policies', [], { inlinePolicyCount: 1 }, 'Cannot delete entity, must delete policies first.'],
      [
        'attached policies',
        [],
        { attachedManagedPolicyCount: 2 },
        'Cannot delete entity, must detach all policies first.',
      ],
    ])('answers DeleteConflict while the user has %s', (_label, extra, facts, message) => {
      spec([created, ...extra])
        .when({ type: 'DeleteUser', data: { userName: 'alice', ...facts } })
        .thenThrows('DeleteConflict', message);
    });

    it('names everything that must go first', () => {
      spec([created, keyCreated(key1), profileCreated(), mfaEnabled(0), addedToGroup(0)])
        .when({ type: 'DeleteUser', data: {} })
        .thenThrows(
          'DeleteConflict',
          'Cannot delete entity, must delete login profile, delete access keys, deactivate MFA devices and remove user from all groups first.',
        );
    });

    it('deletes once the attachments are gone', () => {
      const keyDeleted: UserEvent = {
        type: T.AccessKeyDeleted,
        schemaVersion: v,
        payload: { ...alice, accessKeyId: key1 },
      };
      const removed: UserEvent = {
        type: T.UserRemovedFromGroup,
        schemaVersion: v,
        payload: { ...alice, groupId: groupId(0), groupName: 'group0' },
      };
      const mfaOff: UserEvent = {
        type: T.MfaDeviceDeactivated,
        schemaVersion: v,
        payload: { ...alice, serialNumber: serial(0) },
      };
      const profileGone: UserEvent = { type: T.LoginProfileDeleted, schemaVersion: v, payload: alice };
      spec([
        created,
        keyCreated(key1),
        profileCreated(),
        mfaEnabled(0),
        addedToGroup(0),
        keyDeleted,
        removed,
        mfaOff,
        profileGone,
      ])
        .when({ type: 'DeleteUser', data: { inlinePolicyCount: 0, attachedManagedPolicyCount: 0 } })
        .then([deleted]);
    });
  });

  describe('access keys', () => {
    it('creates an active key carrying only the id of its sealed secret', () => {
      spec([created])
        .when({
          type: 'CreateAccessKey',
          data: { userName: 'alice', accessKeyId: key1, secretId: `enc:${key1}`, createDate: at },
        })
        .then([keyCreated(key1)]);
    });

    it('answers LimitExceeded for a third key, counting inactive keys', () => {
      const inactive: UserEvent = {
        type: T.AccessKeyStatusUpdated,
        schemaVersion: v,
        payload: { ...alice, accessKeyId: key2, status: 'Inactive' },
      };
      spec([created, keyCreated(key1), keyCreated(key2), inactive])
        .when({ type: 'CreateAccessKey', data: { accessKeyId: key3, secretId: 'e', createDate: at } })
        .thenThrows('LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
    });

    it('allows a new key after one is deleted', () => {
      const keyDeleted: UserEvent = {
        type: T.AccessKeyDeleted,
        schemaVersion: v,
        payload: { ...alice, accessKeyId: key1 },
      };
      spec([created, keyCreated(key1), keyCreated(key2), keyDeleted])
        .when({
          type: 'CreateAccessKey',
          data: { accessKeyId: key3, secretId: `enc:${key3}`, createDate: at },
        })
        .then([keyCreated(key3)]);
    });

    it('refuses a malformed key id, a duplicate id and an empty secret', () => {
      spec([created])
        .when({
          type: 'CreateAccessKey',
          data: { accessKeyId: 'ASIAABCDEFGHIJKLMNOP', secretId: 'e', createDate: at },
        })
        .thenThrows('ValidationError', /accessKeyId/);
      spec([created, keyCreated(key1)])
        .when({ type: 'CreateAccessKey', data: { accessKeyId: key1, secretId: 'e', createDate: at } })
        .thenThrows('EntityAlreadyExists');
      spec([created])
        .when({ type: 'CreateAccessKey', data: { accessKeyId: key1, secretId: '', createDate: at } })
        .thenThrows('ValidationError', /secretId/);
    });

    it('deactivates and reactivates a key', () => {
      const deactivated: UserEvent = {
        type: T.AccessKeyStatusUpdated,
        schemaVersion: v,
        payload: { ...alice, accessKeyId: key1, status: 'Inactive' },
      };
      spec([created, keyCreated(key1)])
        .when({ type: 'UpdateAccessKey', data: { accessKeyId: key1, status: 'Inactive' } })
        .then([deactivated]);
      spec([created, keyCreated(key1), deactivated])
        .when({ type: 'UpdateAccessKey', data: { accessKeyId: key1, status: 'Active' } })
        .then([{ ...deactivated, payload: { ...alice, accessKeyId: key1, status: 'Active' } }]);
    });

    it('raises nothing when the status is already the asked one', () => {
      spec([created, keyCreated(key1)])
        .when({ type: 'UpdateAccessKey', data: { accessKeyId: key1, status: 'Active' } })
        .thenNothing();
    });

    it('refuses an unknown status', () => {
      spec([created, keyCreated(key1)])
        .when({ type: 'UpdateAccessKey', data: { accessKeyId: key1, status: 'Paused' as 'Active' } })
        .thenThrows('ValidationError', /status/);
    });

    it('answers NoSuchEntity for a key the user does not have', () => {
      const message = `The Access Key with id ${key2} cannot be found.`;
      spec([created, keyCreated(key1)])
        .when({ type: 'UpdateAccessKey', data: { accessKeyId: key2, status: 'Inactive' } })
        .thenThrows('NoSuchEntity', message);
      spec([created, keyCreated(key1)])
        .when({ type: 'DeleteAccessKey', data: { accessKeyId: key2 } })
        .thenThrows('NoSuchEntity', message);
    });
  });

  describe('login profile and passwords', () => {
    it('creates a login profile, reset not required by default', () => {
      spec([created])
        .when({
          type: 'CreateLoginProfile',
          data: { userName: 'alice', passwordHashId: 'enc:h1', createDate: at },
        })
        .then([profileCreated()]);
      spec([created])
        .when({
          type: 'CreateLoginProfile',
          data: { passwordHashId: 'enc:h1', passwordResetRequired: true, createDate: at },
        })
        .then([profileCreated('enc:h1', true)]);
    });

    it('refuses a second login profile and an empty hash', () => {
      spec([created, profileCreated()])
        .when({ type: 'CreateLoginProfile', data: { passwordHashId: 'enc:h2', createDate: at } })
        .thenThrows('EntityAlreadyExists', 'Login Profile for user alice already exists.');
      spec([created])
        .when({ type: 'CreateLoginProfile', data: { passwordHashId: '', createDate: at } })
        .thenThrows('ValidationError', /passwordHashId/);
    });

    it('updates the password and the reset flag', () => {
      spec([created, profileCreated()])
        .when({
          type: 'UpdateLoginProfile',
          data: { passwordHashId: 'enc:h2', passwordResetRequired: true, changedAt: later },
        })
        .then([
          {
            type: T.LoginProfileUpdated,
            schemaVersion: 2,
            payload: {
              ...alice,
              passwordResetRequired: true,
              passwordHashId: 'enc:h2',
              passwordLastChanged: later,
            },
          },
        ]);
    });

    it('keeps the reset flag when only the password changes', () => {
      spec([created, profileCreated('enc:h1', true)])
        .when({ type: 'UpdateLoginProfile', data: { passwordHashId: 'enc:h2', changedAt: later } })
        .then([
          {
            type: T.LoginProfileUpdated,
            schemaVersion: 2,
            payload: {
              ...alice,
              passwordResetRequired: true,
              passwordHashId: 'enc:h2',
              passwordLastChanged: later,
            },
          },
        ]);
    });

    it('updates only the reset flag, and raises nothing when nothing changes', () => {
      spec([created, profileCreated()])
        .when({ type: 'UpdateLoginProfile', data: { passwordResetRequired: true } })
        .then([
          {
            type: T.LoginProfileUpdated,
            schemaVersion: 2,
            payload: {
              ...alice,
              passwordResetRequired: true,
              passwordHashId: null,
              passwordLastChanged: null,
            },
          },
        ]);
      spec([created, profileCreated()])
        .when({ type: 'UpdateLoginProfile', data: { passwordResetRequired: false } })
        .thenNothing();
      spec([created, profileCreated()]).when({ type: 'UpdateLoginProfile', data: {} }).thenNothing();
    });

    it('needs changedAt with a new password', () => {
      spec([created, profileCreated()])
        .when({ type: 'UpdateLoginProfile', data: { passwordHashId: 'enc:h2' } })
        .thenThrows('ValidationError', /changedAt/);
    });

    it('answers NoSuchEntity without a login profile', () => {
      const message = 'Login Profile for User alice cannot be found.';
      spec([created])
        .when({ type: 'UpdateLoginProfile', data: { passwordResetRequired: true } })
        .thenThrows('NoSuchEntity', message);
      spec([created]).when({ type: 'DeleteLoginProfile', data: {} }).thenThrows('NoSuchEntity', message);
      spec([created])
        .when({ type: 'ChangePassword', data: { passwordHashId: 'e', changedAt: later } })
        .thenThrows('NoSuchEntity', message);
    });

    it('deletes the login profile', () => {
      spec([created, profileCreated()])
        .when({ type: 'DeleteLoginProfile', data: { userName: 'alice' } })
        .then([{ type: T.LoginProfileDeleted, schemaVersion: v, payload: alice }]);
    });

    it('changes the own password, which clears the reset flag', () => {
      spec([created, profileCreated('enc:h1', true)])
        .when({ type: 'ChangePassword', data: { passwordHashId: 'enc:h2', changedAt: later } })
        .then([passwordChanged('enc:h2')]);
      const state = fold(userDecider, [created, profileCreated('enc:h1', true), passwordChanged('enc:h2')]);
      expect(state.status === 'active' && state.loginProfile).toEqual({
        createDate: at,
        passwordResetRequired: false,
        passwordLastChanged: later,
        passwordHashId: 'enc:h2',
      });
    });

    it('refuses a bad changedAt', () => {
      spec([created, profileCreated()])
        .when({ type: 'ChangePassword', data: { passwordHashId: 'enc:h2', changedAt: 'now' } })
        .thenThrows('ValidationError', /changedAt/);
    });

    it('keeps the last 24 password hashes, newest first, across profile deletion', () => {
      const changes = Array.from({ length: 30 }, (_, i) => passwordChanged(`enc:c${i}`));
      const state: UserState = fold(userDecider, [
        created,
        profileCreated('enc:h1'),
        { type: T.LoginProfileDeleted, schemaVersion: v, payload: alice },
        profileCreated('enc:h2'),
        ...changes,
      ]);
      expect(recentPasswordHashes(state, 3)).toEqual(['enc:c29', 'enc:c28', 'enc:c27']);
      expect(recentPasswordHashes(state, 24)).toHaveLength(24);
      expect(recentPasswordHashes(state, 0)).toEqual([]);
      const short = fold(userDecider, [created, profileCreated('enc:h1'), passwordChanged('enc:h2')]);
      expect(recentPasswordHashes(short, 5)).toEqual(['enc:h2', 'enc:h1']);
      expect(recentPasswordHashes(userDecider.initialState(), 5)).toEqual([]);
    });
  });

  describe('group membership', () => {
    it('adds the user to a group', () => {
      spec([created])
        .when({
          type: 'AddUserToGroup',
          data: { userName: 'alice', groupId: groupId(0), groupName: 'group0' },
        })
        .then([addedToGroup(0)]);
    });

    it('raises nothing when already a member', () => {
      spec([created, addedToGroup(0)])
        .when({ type: 'AddUserToGroup', data: { groupId: groupId(0), groupName: 'group0' } })
        .thenNothing();
    });

    it('answers LimitExceeded for an 11th group', () => {
      const ten = Array.from({ length: 10 }, (_, i) => addedToGroup(i));
      spec([created, ...ten])
        .when({ type: 'AddUserToGroup', data: { groupId: groupId(10), groupName: 'group10' } })
        .thenThrows('LimitExceeded', 'Cannot exceed quota for GroupsPerUser: 10');
    });

    it('removes the user from a group', () => {
      spec([created, addedToGroup(0)])
        .when({ type: 'RemoveUserFromGroup', data: { groupId: groupId(0), groupName: 'group0' } })
        .then([
          {
            type: T.UserRemovedFromGroup,
            schemaVersion: v,
            payload: { ...alice, groupId: groupId(0), groupName: 'group0' },
          },
        ]);
    });

    it('answers NoSuchEntity when not a member', () => {
      spec([created])
        .when({ type: 'RemoveUserFromGroup', data: { groupId: groupId(0), groupName: 'group0' } })
        .thenThrows('NoSuchEntity', 'The user with name alice is not a member of group group0.');
    });
  });

  describe('MFA devices on the user', () => {
    it('enables a device', () => {
      spec([created])
        .when({
          type: 'EnableMfaDevice',
          data: { userName: 'alice', serialNumber: serial(0), enableDate: at },
        })
        .then([mfaEnabled(0)]);
    });

    it('refuses the same device twice and a bad enableDate', () => {
      spec([created, mfaEnabled(0)])
        .when({ type: 'EnableMfaDevice', data: { serialNumber: serial(0), enableDate: at } })
        .thenThrows('EntityAlreadyExists', 'MFA Device is already in use.');
      spec([created])
        .when({ type: 'EnableMfaDevice', data: { serialNumber: serial(0), enableDate: '' } })
        .thenThrows('ValidationError');
    });

    it('answers LimitExceeded for a 9th device', () => {
      const eight = Array.from({ length: 8 }, (_, i) => mfaEnabled(i));
      spec([created, ...eight])
        .when({ type: 'EnableMfaDevice', data: { serialNumber: serial(8), enableDate: at } })
        .thenThrows('LimitExceeded', 'Cannot exceed quota for MFADevicesPerUser: 8');
    });

    it('deactivates a device', () => {
      spec([created, mfaEnabled(0)])
        .when({ type: 'DeactivateMfaDevice', data: { serialNumber: serial(0) } })
        .then([
          { type: T.MfaDeviceDeactivated, schemaVersion: v, payload: { ...alice, serialNumber: serial(0) } },
        ]);
    });

    it('answers NoSuchEntity for a device the user does not have', () => {
      spec([created])
        .when({ type: 'DeactivateMfaDevice', data: { serialNumber: serial(0) } })
        .thenThrows(
          'NoSuchEntity',
          `MFA Device with serial number ${serial(0)} does not exist for user alice.`,
        );
    });
  });

  describe('evolve', () => {
    it('ignores events of types it does not know', () => {
      const state = fold(userDecider, [created]);
      const unknown = {
        type: 'iam.identity.SomethingNew',
        schemaVersion: 1,
        payload: {},
      } as unknown as UserEvent;
      expect(userDecider.evolve(state, unknown)).toBe(state);
    });

    it('ignores non-creation events on an absent stream', () => {
      const state = userDecider.initialState();
      expect(userDecider.evolve(state, keyCreated(key1))).toBe(state);
    });
  });
});
