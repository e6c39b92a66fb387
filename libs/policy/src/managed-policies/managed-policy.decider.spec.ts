import { PolicyEventTypes as T, PolicySchemaVersion as v, type ManagedPolicyEvent } from '@iam/contracts';
import { deciderSpecification } from '@iam/testing';
import { managedPolicyDecider } from './managed-policy.decider';

const spec = deciderSpecification(managedPolicyDecider);

const accountId = '123456789012';
const policyId = 'ANPAABCDEFGHIJKLMNOPQ';
const policyArn = 'arn:aws:iam::123456789012:policy/team/ReadS3';
const at = '2026-01-01T00:00:00.000Z';
const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const ids = { policyId, policyArn, policyName: 'ReadS3' };

const created: ManagedPolicyEvent = {
  type: T.PolicyCreated,
  schemaVersion: v,
  payload: {
    policyId,
    accountId,
    policyName: 'ReadS3',
    path: '/team/',
    policyArn,
    description: 'read',
    tags: [{ key: 'team', value: 'blue' }],
    defaultVersionId: 'v1',
    document: doc('s3:Get*'),
    createDate: at,
  },
};
const versionCreated = (n: number, setAsDefault = false): ManagedPolicyEvent => ({
  type: T.PolicyVersionCreated,
  schemaVersion: v,
  payload: { ...ids, versionId: `v${n}`, document: doc(`s3:V${n}`), setAsDefault, createDate: at },
});
const versionDeleted = (n: number): ManagedPolicyEvent => ({
  type: T.PolicyVersionDeleted,
  schemaVersion: v,
  payload: { ...ids, versionId: `v${n}` },
});
const deleted: ManagedPolicyEvent = { type: T.PolicyDeleted, schemaVersion: v, payload: ids };

describe('managed policy decider', () => {
  describe('CreatePolicy', () => {
    const create = (overrides: Record<string, unknown> = {}) => ({
      type: 'CreatePolicy' as const,
      data: {
        accountId,
        policyId,
        policyName: 'ReadS3',
        path: '/team/',
        description: 'read',
        tags: [{ key: 'team', value: 'blue' }],
        policyDocument: doc('s3:Get*'),
        createDate: at,
        ...overrides,
      },
    });

    it('creates the policy with its ARN and v1 as the default version carrying the document', () => {
      spec([]).when(create()).then([created]);
    });

    it('defaults the path to / and the description to empty', () => {
      const [e] = spec([])
        .when(create({ path: undefined, description: undefined, tags: undefined }))
        .then([
          {
            ...created,
            payload: {
              ...created.payload,
              path: '/',
              description: '',
              tags: [],
              policyArn: 'arn:aws:iam::123456789012:policy/ReadS3',
            },
          } as ManagedPolicyEvent,
        ]);
      expect(e.type).toBe(T.PolicyCreated);
    });

    it.each([
      [{ policyName: 'has space' }, 'ValidationError', /policyName/],
      [{ policyName: 'x'.repeat(129) }, 'ValidationError', /policyName/],
      [{ path: 'nope' }, 'ValidationError', /path/],
      [{ description: 'd'.repeat(1001) }, 'ValidationError', /description/],
      [{ policyDocument: '{' }, 'MalformedPolicyDocument', /Syntax errors in policy/],
      [
        {
          policyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Resource: '*' }],
          }),
        },
        'MalformedPolicyDocument',
        /Policy statement must contain actions\. \(Statement\[0\]\.Action\)/,
      ],
      [
        {
          policyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
          }),
        },
        'MalformedPolicyDocument',
        /Statement\[0\]\.Principal/,
      ],
      [
        {
          policyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::' + 'x'.repeat(6200) }],
          }),
        },
        'LimitExceeded',
        /6144/,
      ],
    ])('refuses bad input %#', (overrides, code, message) => {
      spec([])
        .when(create(overrides))
        .thenThrows(code as 'ValidationError', message);
    });

    it('refuses a stream that already exists', () => {
      spec([created])
        .when(create())
        .thenThrows('EntityAlreadyExists', /ReadS3 already exists/);
    });
  });

  describe('CreatePolicyVersion', () => {
    const createVersion = (setAsDefault?: boolean, action = 's3:V2') => ({
      type: 'CreatePolicyVersion' as const,
      data: { policyDocument: doc(action), setAsDefault, createDate: at },
    });

    it('adds v2, not the default unless asked', () => {
      spec([created])
        .when(createVersion())
        .then([versionCreated(2)]);
      spec([created])
        .when(createVersion(true))
        .then([versionCreated(2, true)]);
    });

    it('never reuses a version id after a delete', () => {
      spec([created, versionCreated(2), versionDeleted(2)])
        .when(createVersion(false, 's3:V3'))
        .then([versionCreated(3)]);
    });

    it('allows at most 5 versions', () => {
      const four = [2, 3, 4, 5].map((n) => versionCreated(n));
      spec([created, ...four])
        .when(createVersion(false, 's3:V6'))
        .thenThrows('LimitExceeded', /up to 5 versions/);
      spec([created, ...four, versionDeleted(3)])
        .when(createVersion(false, 's3:V6'))
        .then([versionCreated(6)]);
    });

    it('validates the document and needs a live policy', () => {
      spec([created])
        .when({ type: 'CreatePolicyVersion', data: { policyDocument: '[]', createDate: at } })
        .thenThrows('MalformedPolicyDocument');
      spec([created, deleted]).when(createVersion()).thenThrows('NoSuchEntity', policyArn);
      spec([]).when(createVersion()).thenThrows('NoSuchEntity');
    });
  });

  describe('SetDefaultPolicyVersion', () => {
    it('carries the now-default document', () => {
      spec([created, versionCreated(2)])
        .when({ type: 'SetDefaultPolicyVersion', data: { versionId: 'v2' } })
        .then([
          {
            type: T.DefaultPolicyVersionSet,
            schemaVersion: v,
            payload: { ...ids, versionId: 'v2', previousVersionId: 'v1', document: doc('s3:V2') },
          },
        ]);
    });

    it('is a no-op for the current default, NoSuchEntity for an unknown version, 400 for a malformed id', () => {
      spec([created])
        .when({ type: 'SetDefaultPolicyVersion', data: { versionId: 'v1' } })
        .thenNothing();
      spec([created])
        .when({ type: 'SetDefaultPolicyVersion', data: { versionId: 'v7' } })
        .thenThrows('NoSuchEntity', /version v7 does not exist/);
      spec([created])
        .when({ type: 'SetDefaultPolicyVersion', data: { versionId: 'one' } })
        .thenThrows('ValidationError', /versionId/);
    });
  });

  describe('DeletePolicyVersion', () => {
    it('deletes a non-default version', () => {
      spec([created, versionCreated(2)])
        .when({ type: 'DeletePolicyVersion', data: { versionId: 'v2' } })
        .then([versionDeleted(2)]);
    });

    it('refuses to delete the default version', () => {
      spec([created, versionCreated(2, true)])
        .when({ type: 'DeletePolicyVersion', data: { versionId: 'v2' } })
        .thenThrows('DeleteConflict', 'Cannot delete the default version of a policy.');
    });
  });

  describe('DeletePolicy', () => {
    it('deletes an unused policy holding only its default version', () => {
      spec([created])
        .when({ type: 'DeletePolicy', data: { usageCount: 0 } })
        .then([deleted]);
      spec([created, versionCreated(2, true), versionDeleted(1)])
        .when({ type: 'DeletePolicy', data: { usageCount: 0 } })
        .then([deleted]);
    });

    it('refuses while attached or while it has other versions', () => {
      spec([created])
        .when({ type: 'DeletePolicy', data: { usageCount: 1 } })
        .thenThrows('DeleteConflict', 'Cannot delete a policy attached to entities.');
      spec([created, versionCreated(2)])
        .when({ type: 'DeletePolicy', data: { usageCount: 0 } })
        .thenThrows('DeleteConflict', /more than one version/);
    });

    it('is NoSuchEntity once deleted', () => {
      spec([created, deleted])
        .when({ type: 'DeletePolicy', data: { usageCount: 0 } })
        .thenThrows('NoSuchEntity');
    });
  });

  it('folds the default version through every change', () => {
    const state = [created, versionCreated(2, true), versionCreated(3)].reduce(
      managedPolicyDecider.evolve,
      managedPolicyDecider.initialState(),
    );
    expect(state).toMatchObject({ defaultVersionId: 'v2', nextVersionNumber: 4 });
  });
});
