import { PolicyEventTypes as T, PolicySchemaVersion as v, type PrincipalPolicyEvent } from '@iam/contracts';
import { deciderSpecification } from '@iam/testing';
import type { PrincipalTarget } from './principal-policy.commands';
import { principalPolicyDecider } from './principal-policy.decider';

const spec = deciderSpecification(principalPolicyDecider);
const accountId = '123456789012';

const alice: PrincipalTarget = {
  kind: 'user',
  accountId,
  id: 'AIDAABCDEFGHIJKLMNOPQ',
  name: 'alice',
  arn: 'arn:aws:iam::123456789012:user/alice',
};
const admins: PrincipalTarget = {
  kind: 'group',
  accountId,
  id: 'AGPAABCDEFGHIJKLMNOPQ',
  name: 'admins',
  arn: 'arn:aws:iam::123456789012:group/admins',
};
const deploy: PrincipalTarget = {
  kind: 'role',
  accountId,
  id: 'AROAABCDEFGHIJKLMNOPQ',
  name: 'deploy',
  arn: 'arn:aws:iam::123456789012:role/deploy',
};
const userRef = { accountId, userId: alice.id, userName: 'alice', userArn: alice.arn };
const policy = (n: number) => ({
  policyArn: `arn:aws:iam::123456789012:policy/P${n}`,
  policyId: `ANPAABCDEFGHIJKLMN${'ABCDEFGHIJKL'[n]}PQ`,
  policyName: `P${n}`,
});
const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

const attached = (n: number): PrincipalPolicyEvent => ({
  type: T.UserPolicyAttached,
  schemaVersion: v,
  payload: { ...userRef, ...policy(n) },
});
const detached = (n: number): PrincipalPolicyEvent => ({
  type: T.UserPolicyDetached,
  schemaVersion: v,
  payload: { ...userRef, ...policy(n) },
});
const put = (policyName: string, policyDocument: string): PrincipalPolicyEvent => ({
  type: T.UserPolicyPut,
  schemaVersion: v,
  payload: { ...userRef, policyName, policyDocument },
});

describe('principal policies decider', () => {
  describe('attachments', () => {
    it('attaches a managed policy to a user, naming both', () => {
      spec([])
        .when({ type: 'AttachPolicy', data: { principal: alice, policy: policy(1) } })
        .then([attached(1)]);
    });

    it('raises the event of the principal kind with AWS field names', () => {
      spec([])
        .when({ type: 'AttachPolicy', data: { principal: admins, policy: policy(1) } })
        .then([
          {
            type: T.GroupPolicyAttached,
            schemaVersion: v,
            payload: {
              accountId,
              groupId: admins.id,
              groupName: 'admins',
              groupArn: admins.arn,
              ...policy(1),
            },
          },
        ]);
      spec([])
        .when({ type: 'AttachPolicy', data: { principal: deploy, policy: policy(1) } })
        .then([
          {
            type: T.RolePolicyAttached,
            schemaVersion: v,
            payload: { accountId, roleId: deploy.id, roleName: 'deploy', roleArn: deploy.arn, ...policy(1) },
          },
        ]);
    });

    it('is idempotent for an attached policy', () => {
      spec([attached(1)])
        .when({ type: 'AttachPolicy', data: { principal: alice, policy: policy(1) } })
        .thenNothing();
    });

    it('allows at most 10 managed policies per principal', () => {
      const ten = Array.from({ length: 10 }, (_, i) => attached(i));
      spec(ten)
        .when({ type: 'AttachPolicy', data: { principal: alice, policy: policy(11) } })
        .thenThrows('LimitExceeded', 'Cannot exceed quota for PoliciesPerUser: 10');
      spec([...ten, detached(3)])
        .when({ type: 'AttachPolicy', data: { principal: alice, policy: policy(11) } })
        .then([attached(11)]);
    });

    it('detaches an attached policy; NoSuchEntity when it is not attached', () => {
      spec([attached(1)])
        .when({ type: 'DetachPolicy', data: { principal: alice, policyArn: policy(1).policyArn } })
        .then([detached(1)]);
      spec([])
        .when({ type: 'DetachPolicy', data: { principal: alice, policyArn: policy(1).policyArn } })
        .thenThrows('NoSuchEntity', `Policy ${policy(1).policyArn} was not found.`);
    });
  });

  describe('inline policies', () => {
    it('puts, replaces and deletes an inline policy with its document', () => {
      spec([])
        .when({
          type: 'PutInlinePolicy',
          data: { principal: alice, policyName: 'read', policyDocument: doc('s3:Get*') },
        })
        .then([put('read', doc('s3:Get*'))]);
      spec([put('read', doc('s3:Get*'))])
        .when({
          type: 'PutInlinePolicy',
          data: { principal: alice, policyName: 'read', policyDocument: doc('s3:*') },
        })
        .then([put('read', doc('s3:*'))]);
      spec([put('read', doc('s3:Get*'))])
        .when({ type: 'DeleteInlinePolicy', data: { principal: alice, policyName: 'read' } })
        .then([{ type: T.UserPolicyDeleted, schemaVersion: v, payload: { ...userRef, policyName: 'read' } }]);
    });

    it('answers NoSuchEntity for an unknown inline policy', () => {
      spec([])
        .when({ type: 'DeleteInlinePolicy', data: { principal: alice, policyName: 'read' } })
        .thenThrows('NoSuchEntity', 'The user policy with name read cannot be found.');
    });

    it('validates the name and the document for the principal kind', () => {
      spec([])
        .when({
          type: 'PutInlinePolicy',
          data: { principal: alice, policyName: 'bad name', policyDocument: doc('s3:*') },
        })
        .thenThrows('ValidationError', /policyName/);
      spec([])
        .when({
          type: 'PutInlinePolicy',
          data: {
            principal: alice,
            policyName: 'p',
            policyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:*' }],
            }),
          },
        })
        .thenThrows('MalformedPolicyDocument', /Statement\[0\]/);
      const big = doc(`s3:${'x'.repeat(2100)}`);
      spec([])
        .when({ type: 'PutInlinePolicy', data: { principal: alice, policyName: 'p', policyDocument: big } })
        .thenThrows('LimitExceeded');
      spec([])
        .when({ type: 'PutInlinePolicy', data: { principal: deploy, policyName: 'p', policyDocument: big } })
        .then([
          {
            type: T.RolePolicyPut,
            schemaVersion: v,
            payload: {
              accountId,
              roleId: deploy.id,
              roleName: 'deploy',
              roleArn: deploy.arn,
              policyName: 'p',
              policyDocument: big,
            },
          },
        ]);
    });

    it('caps the aggregate size of a principal’s inline policies (user: 2,048)', () => {
      const half = doc(`s3:${'x'.repeat(1000)}`);
      spec([put('a', half)])
        .when({ type: 'PutInlinePolicy', data: { principal: alice, policyName: 'b', policyDocument: half } })
        .thenThrows('LimitExceeded', 'Maximum policy size of 2048 bytes exceeded for user alice');
      // Replacing a policy counts its new size only.
      spec([put('a', half)])
        .when({ type: 'PutInlinePolicy', data: { principal: alice, policyName: 'a', policyDocument: half } })
        .then([put('a', half)]);
    });
  });

  describe('permissions boundaries', () => {
    it('sets, replaces and deletes a boundary on a user', () => {
      const set = (n: number, previous: string | null): PrincipalPolicyEvent => ({
        type: T.UserPermissionsBoundarySet,
        schemaVersion: v,
        payload: { ...userRef, policyArn: policy(n).policyArn, previousPolicyArn: previous },
      });
      spec([])
        .when({ type: 'PutPermissionsBoundary', data: { principal: alice, policy: policy(1) } })
        .then([set(1, null)]);
      spec([set(1, null)])
        .when({ type: 'PutPermissionsBoundary', data: { principal: alice, policy: policy(2) } })
        .then([set(2, policy(1).policyArn)]);
      spec([set(1, null)])
        .when({ type: 'PutPermissionsBoundary', data: { principal: alice, policy: policy(1) } })
        .thenNothing();
      spec([set(1, null)])
        .when({ type: 'DeletePermissionsBoundary', data: { principal: alice } })
        .then([
          {
            type: T.UserPermissionsBoundaryDeleted,
            schemaVersion: v,
            payload: { ...userRef, policyArn: policy(1).policyArn },
          },
        ]);
      spec([])
        .when({ type: 'DeletePermissionsBoundary', data: { principal: alice } })
        .thenNothing();
    });

    it('starts from the boundary the user was created with, until the stream sets or removes one', () => {
      const bounded = { ...alice, boundaryAtCreation: policy(1).policyArn };
      const deletedEvent: PrincipalPolicyEvent = {
        type: T.UserPermissionsBoundaryDeleted,
        schemaVersion: v,
        payload: { ...userRef, policyArn: policy(1).policyArn },
      };
      spec([])
        .when({ type: 'DeletePermissionsBoundary', data: { principal: bounded } })
        .then([deletedEvent]);
      spec([])
        .when({ type: 'PutPermissionsBoundary', data: { principal: bounded, policy: policy(1) } })
        .thenNothing();
      spec([])
        .when({ type: 'PutPermissionsBoundary', data: { principal: bounded, policy: policy(2) } })
        .then([
          {
            type: T.UserPermissionsBoundarySet,
            schemaVersion: v,
            payload: { ...userRef, policyArn: policy(2).policyArn, previousPolicyArn: policy(1).policyArn },
          },
        ]);
      // Removed since: the creation's boundary no longer counts.
      spec([deletedEvent])
        .when({ type: 'DeletePermissionsBoundary', data: { principal: bounded } })
        .thenNothing();
    });

    it('sets a boundary on a role but not on a group', () => {
      spec([])
        .when({ type: 'PutPermissionsBoundary', data: { principal: deploy, policy: policy(1) } })
        .then([
          {
            type: T.RolePermissionsBoundarySet,
            schemaVersion: v,
            payload: {
              accountId,
              roleId: deploy.id,
              roleName: 'deploy',
              roleArn: deploy.arn,
              policyArn: policy(1).policyArn,
              previousPolicyArn: null,
            },
          },
        ]);
      spec([])
        .when({ type: 'PutPermissionsBoundary', data: { principal: admins, policy: policy(1) } })
        .thenThrows('InvalidInput');
    });
  });
});
