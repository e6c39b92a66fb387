import { IdentityEventTypes as T, IdentitySchemaVersion as v, fold, type RoleEvent } from '@iam/contracts';
import { deciderSpecification } from '@iam/testing';
import { roleDecider } from './role.decider';

const spec = deciderSpecification(roleDecider);
const accountId = '123456789012';
const roleId = 'AROAABCDEFGHIJKLMNOPQ';
const at = '2026-01-01T00:00:00Z';
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
  ],
});
const ids = { roleId, roleName: 'deployer' };

const created: RoleEvent = {
  type: T.RoleCreated,
  schemaVersion: v,
  payload: {
    roleId,
    accountId,
    roleName: 'deployer',
    path: '/ci/',
    arn: 'arn:aws:iam::123456789012:role/ci/deployer',
    assumeRolePolicyDocument: trust,
    description: 'Deploys',
    maxSessionDuration: 7200,
    tags: [{ key: 'Team', value: 'ci' }],
    createDate: at,
  },
};
const deleted: RoleEvent = {
  type: T.RoleDeleted,
  schemaVersion: v,
  payload: { ...ids, arn: 'arn:aws:iam::123456789012:role/ci/deployer' },
};
const base = { accountId, roleId, roleName: 'deployer', assumeRolePolicyDocument: trust, createDate: at };

describe('role decider', () => {
  describe('CreateRole', () => {
    it('creates a role with everything given', () => {
      spec([])
        .when({
          type: 'CreateRole',
          data: {
            ...base,
            path: '/ci/',
            description: 'Deploys',
            maxSessionDuration: 7200,
            tags: [{ key: 'Team', value: 'ci' }],
          },
        })
        .then([created]);
    });

    it('defaults path /, empty description, 3600 seconds and no tags', () => {
      spec([])
        .when({ type: 'CreateRole', data: base })
        .then([
          {
            type: T.RoleCreated,
            schemaVersion: v,
            payload: {
              ...base,
              path: '/',
              arn: 'arn:aws:iam::123456789012:role/deployer',
              description: '',
              maxSessionDuration: 3600,
              tags: [],
            },
          },
        ]);
    });

    it.each([
      ['a role name of 65 characters', { roleName: 'r'.repeat(65) }, /roleName/],
      ['a role name with a slash', { roleName: 'a/b' }, /roleName/],
      ['an empty trust policy', { assumeRolePolicyDocument: '' }, /assumeRolePolicyDocument/],
      [
        'a trust policy over 131072 characters',
        { assumeRolePolicyDocument: ' '.repeat(131073) },
        /assumeRolePolicyDocument/,
      ],
      ['a description over 1000 characters', { description: 'd'.repeat(1001) }, /description/],
      ['a description with a control character', { description: 'a\u0001b' }, /description/],
      ['a session of 3599 seconds', { maxSessionDuration: 3599 }, /greater than or equal to 3600/],
      ['a session of 43201 seconds', { maxSessionDuration: 43201 }, /less than or equal to 43200/],
      ['a fractional session', { maxSessionDuration: 3600.5 }, /integer/],
      ['a bad path', { path: 'ci/' }, /path/],
    ])('rejects %s', (_label, override, message) => {
      spec([])
        .when({ type: 'CreateRole', data: { ...base, ...override } })
        .thenThrows('ValidationError', message);
    });

    it('accepts the bounds of maxSessionDuration', () => {
      for (const maxSessionDuration of [3600, 43200]) {
        spec([])
          .when({ type: 'CreateRole', data: { ...base, maxSessionDuration } })
          .then([expect.objectContaining({ type: T.RoleCreated }) as unknown as RoleEvent]);
      }
    });

    it('refuses an existing stream', () => {
      spec([created])
        .when({ type: 'CreateRole', data: base })
        .thenThrows('EntityAlreadyExists', 'Role with name deployer already exists.');
      spec([created, deleted]).when({ type: 'CreateRole', data: base }).thenThrows('EntityAlreadyExists');
    });
  });

  describe('UpdateRole', () => {
    it('updates description and session duration, keeping what is left out', () => {
      spec([created])
        .when({ type: 'UpdateRole', data: { roleName: 'Deployer', maxSessionDuration: 43200 } })
        .then([
          {
            type: T.RoleUpdated,
            schemaVersion: v,
            payload: { ...ids, description: 'Deploys', maxSessionDuration: 43200 },
          },
        ]);
      spec([created])
        .when({ type: 'UpdateRole', data: { roleName: 'deployer', description: '' } })
        .then([
          {
            type: T.RoleUpdated,
            schemaVersion: v,
            payload: { ...ids, description: '', maxSessionDuration: 7200 },
          },
        ]);
    });

    it('raises nothing when nothing changes, and validates', () => {
      spec([created])
        .when({ type: 'UpdateRole', data: { roleName: 'deployer', description: 'Deploys' } })
        .thenNothing();
      spec([created])
        .when({ type: 'UpdateRole', data: { roleName: 'deployer', maxSessionDuration: 60 } })
        .thenThrows('ValidationError', /maxSessionDuration/);
    });
  });

  describe('UpdateAssumeRolePolicy', () => {
    it('replaces the trust policy', () => {
      const next = trust.replace('root', 'user/alice');
      spec([created])
        .when({ type: 'UpdateAssumeRolePolicy', data: { roleName: 'deployer', policyDocument: next } })
        .then([
          {
            type: T.RoleTrustPolicyUpdated,
            schemaVersion: v,
            payload: { ...ids, assumeRolePolicyDocument: next },
          },
        ]);
    });

    it('raises nothing for the same document, and validates size', () => {
      spec([created])
        .when({ type: 'UpdateAssumeRolePolicy', data: { roleName: 'deployer', policyDocument: trust } })
        .thenNothing();
      spec([created])
        .when({ type: 'UpdateAssumeRolePolicy', data: { roleName: 'deployer', policyDocument: '' } })
        .thenThrows('ValidationError', /policyDocument/);
    });
  });

  describe('TagRole and UntagRole', () => {
    it('tags and untags case-insensitively', () => {
      spec([created])
        .when({ type: 'TagRole', data: { roleName: 'deployer', tags: [{ key: 'team', value: 'ops' }] } })
        .then([
          {
            type: T.RoleTagged,
            schemaVersion: v,
            payload: { ...ids, tags: [{ key: 'team', value: 'ops' }] },
          },
        ]);
      spec([created])
        .when({ type: 'UntagRole', data: { roleName: 'deployer', tagKeys: ['TEAM'] } })
        .then([{ type: T.RoleUntagged, schemaVersion: v, payload: { ...ids, tagKeys: ['Team'] } }]);
      const state = fold(roleDecider, [
        created,
        { type: T.RoleTagged, schemaVersion: v, payload: { ...ids, tags: [{ key: 'team', value: 'ops' }] } },
      ]);
      expect(state.status === 'active' && state.tags).toEqual([{ key: 'team', value: 'ops' }]);
    });

    it('raises nothing for no change, refuses empty lists, and answers LimitExceeded beyond 50', () => {
      spec([created])
        .when({ type: 'TagRole', data: { roleName: 'deployer', tags: [{ key: 'Team', value: 'ci' }] } })
        .thenNothing();
      spec([created])
        .when({ type: 'UntagRole', data: { roleName: 'deployer', tagKeys: ['nope'] } })
        .thenNothing();
      spec([created])
        .when({ type: 'TagRole', data: { roleName: 'deployer', tags: [] } })
        .thenThrows('ValidationError');
      spec([created])
        .when({ type: 'UntagRole', data: { roleName: 'deployer', tagKeys: [] } })
        .thenThrows('ValidationError');
      const fifty = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
      spec([created])
        .when({ type: 'TagRole', data: { roleName: 'deployer', tags: fifty } })
        .thenThrows('LimitExceeded', /maximum limit of 50/);
    });
  });

  describe('DeleteRole', () => {
    it('deletes a role without policies', () => {
      spec([created])
        .when({ type: 'DeleteRole', data: { roleName: 'deployer' } })
        .then([deleted]);
    });

    it('answers DeleteConflict while policies remain', () => {
      spec([created])
        .when({ type: 'DeleteRole', data: { roleName: 'deployer', attachedManagedPolicyCount: 1 } })
        .thenThrows('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
      spec([created])
        .when({ type: 'DeleteRole', data: { roleName: 'deployer', inlinePolicyCount: 1 } })
        .thenThrows('DeleteConflict', 'Cannot delete entity, must delete policies first.');
    });
  });

  it.each([
    { type: 'UpdateRole', data: { roleName: 'deployer', description: 'x' } },
    { type: 'UpdateAssumeRolePolicy', data: { roleName: 'deployer', policyDocument: trust } },
    { type: 'TagRole', data: { roleName: 'deployer', tags: [{ key: 'a', value: 'b' }] } },
    { type: 'UntagRole', data: { roleName: 'deployer', tagKeys: ['a'] } },
    { type: 'DeleteRole', data: { roleName: 'deployer' } },
  ] as const)('$type on a missing, deleted or renamed role answers NoSuchEntity', (command) => {
    const message = 'The role with name deployer cannot be found.';
    spec([]).when(command).thenThrows('NoSuchEntity', message);
    spec([created, deleted]).when(command).thenThrows('NoSuchEntity', message);
    spec([{ ...created, payload: { ...created.payload, roleName: 'other' } } as RoleEvent])
      .when(command)
      .thenThrows('NoSuchEntity', message);
  });
});
