import { eventually, type SignedClient } from '@iam/testing';
import { startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const enc = encodeURIComponent;
const AdministratorAccess = 'arn:aws:iam::aws:policy/AdministratorAccess';
const IAMFullAccess = 'arn:aws:iam::aws:policy/IAMFullAccess';
const IAMReadOnlyAccess = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';

/**
 * Authorizing the IAM API itself as AWS does, across services in distributed
 * mode: a rename or move needs the action on the old and the new ARN, and
 * the condition keys of delegated administration (iam:PermissionsBoundary,
 * iam:PolicyARN, aws:ResourceTag/…) are in the request context, so AWS's
 * pattern for delegating user administration safely can be written.
 */
describe('authorization of the IAM API (distributed, real Kafka)', () => {
  let s: DistributedServices;

  /** A user with an access key, signed clients for identity and policy. */
  async function newUser(userName: string, client?: SignedClient, extra: Json = {}) {
    const user = await (client ?? s.rootIdentity).request<Json>('POST', '/v1/users', { userName, ...extra });
    expect(user.status).toBe(201);
    const key = await s.rootIdentity.request<Json>('POST', `/v1/users/${userName}/access-keys`);
    expect(key.status).toBe(201);
    const credentials = key.body.accessKey;
    return {
      identity: s.rootIdentity.withCredentials(credentials),
      policy: s.rootPolicy.withCredentials(credentials),
      arn: user.body.user.arn as string,
      body: user.body.user as Json,
    };
  }

  /** Waits until the status of a request is the one expected (propagation is asynchronous). */
  const becomes = (request: () => Promise<{ status: number }>, status: number) =>
    eventually(
      async () => (await request()).status,
      (got) => got === status,
      { timeoutMs: 30_000 },
    );

  /** Gives a user an inline policy through the policy service, once it knows the user. */
  const grant = (userName: string, ...statements: object[]) =>
    becomes(
      () =>
        s.rootPolicy.request('PUT', `/v1/users/${userName}/policies/Grant`, {
          policyDocument: doc(...statements),
        }),
      204,
    );

  beforeAll(async () => {
    s = await startDistributedServices();
  });

  afterAll(async () => {
    await s?.stop();
  });

  describe('renames and moves need the action on both the source and the target ARN', () => {
    // AWS UpdateUser/UpdateGroup: "the person making the request ... must have permission on both
    // the source object and the target object".
    let sandbox: Awaited<ReturnType<typeof newUser>>;
    let sandboxUser: (name: string) => string;

    beforeAll(async () => {
      sandboxUser = (name) => `arn:aws:iam::${s.accountId}:user/sandbox/${name}`;
      sandbox = await newUser('sandbox-admin');
      await grant(
        'sandbox-admin',
        {
          Effect: 'Allow',
          Action: ['iam:CreateUser', 'iam:UpdateUser', 'iam:GetUser', 'iam:GetAccessKeyLastUsed'],
          Resource: `arn:aws:iam::${s.accountId}:user/sandbox/*`,
        },
        {
          Effect: 'Allow',
          Action: ['iam:CreateGroup', 'iam:UpdateGroup'],
          Resource: `arn:aws:iam::${s.accountId}:group/sandbox/*`,
        },
        { Effect: 'Deny', Action: 'iam:*', Resource: sandboxUser('break-glass*') },
      );
      await becomes(
        () => sandbox.identity.request('POST', '/v1/users', { userName: 'temp', path: '/sandbox/' }),
        201,
      );
    });

    it('refuses to rename a user into a name an explicit deny protects', async () => {
      const renamed = await sandbox.identity.request<Json>('PATCH', '/v1/users/temp', {
        newUserName: 'break-glass',
      });
      expect(renamed.status).toBe(403);
      expect(renamed.body.error.message).toBe(
        `User: ${sandbox.arn} is not authorized to perform: iam:UpdateUser on resource: ${sandboxUser('break-glass')} with an explicit deny in an identity-based policy`,
      );
      expect((await s.rootIdentity.request('GET', '/v1/users/break-glass')).status).toBe(404);
    });

    it('refuses to move a user out of the paths it may act on', async () => {
      const moved = await sandbox.identity.request<Json>('PATCH', '/v1/users/temp', { newPath: '/admin/' });
      expect(moved.status).toBe(403);
      expect(moved.body.error.message).toContain(`on resource: arn:aws:iam::${s.accountId}:user/admin/temp `);
      const still = await s.rootIdentity.request<Json>('GET', '/v1/users/temp');
      expect(still.body.user.path).toBe('/sandbox/');
    });

    it('renames within the paths it may act on', async () => {
      const renamed = await sandbox.identity.request<Json>('PATCH', '/v1/users/temp', {
        newUserName: 'temp2',
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body.user.arn).toBe(sandboxUser('temp2'));
    });

    it('refuses to move a group into /admin/', async () => {
      const created = await sandbox.identity.request('POST', '/v1/groups', {
        groupName: 'sandbox-group',
        path: '/sandbox/',
      });
      expect(created.status).toBe(201);
      const moved = await sandbox.identity.request<Json>('PATCH', '/v1/groups/sandbox-group', {
        newPath: '/admin/',
      });
      expect(moved.status).toBe(403);
      expect(moved.body.error.message).toContain(
        `iam:UpdateGroup on resource: arn:aws:iam::${s.accountId}:group/admin/sandbox-group `,
      );
      const renamed = await sandbox.identity.request('PATCH', '/v1/groups/sandbox-group', {
        newGroupName: 'sandbox-group-2',
      });
      expect(renamed.status).toBe(200);
    });

    it('authorizes GetAccessKeyLastUsed on the user the key belongs to (AWS: resource type user)', async () => {
      const keyOf = async (userName: string, path: string) => {
        expect((await s.rootIdentity.request('POST', '/v1/users', { userName, path })).status).toBe(201);
        const key = await s.rootIdentity.request<Json>('POST', `/v1/users/${userName}/access-keys`);
        return key.body.accessKey.accessKeyId as string;
      };
      const inside = await keyOf('keyed-inside', '/sandbox/');
      const outside = await keyOf('keyed-outside', '/');
      await becomes(() => sandbox.identity.request('GET', `/v1/access-keys/${inside}/last-used`), 200);
      const denied = await sandbox.identity.request<Json>('GET', `/v1/access-keys/${outside}/last-used`);
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toContain(
        `on resource: arn:aws:iam::${s.accountId}:user/keyed-outside `,
      );
    });
  });

  describe('the delegation pattern of AWS "Permissions boundaries for IAM entities"', () => {
    let boundaryArn: string;
    let delegate: Awaited<ReturnType<typeof newUser>>;

    beforeAll(async () => {
      // The boundary delegated users get: reading users and groups only.
      const boundary = await s.rootPolicy.request<Json>('POST', '/v1/policies', {
        policyName: 'DelegatedUserBoundary',
        policyDocument: doc({
          Effect: 'Allow',
          Action: ['iam:ListGroups', 'iam:GetUser', 'iam:CreateGroup'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': 'nowhere' } },
        }),
      });
      expect(boundary.status).toBe(201);
      boundaryArn = boundary.body.policy.arn;
      delegate = await newUser('delegate');
      // As the AWS example's delegate policy, plus a statement denying one policy by iam:PolicyARN.
      await grant(
        'delegate',
        {
          Sid: 'CreateOrChangeOnlyWithBoundary',
          Effect: 'Allow',
          Action: [
            'iam:CreateUser',
            'iam:CreateRole',
            'iam:DeleteUserPolicy',
            'iam:AttachUserPolicy',
            'iam:DetachUserPolicy',
            'iam:PutUserPermissionsBoundary',
            'iam:PutUserPolicy',
          ],
          Resource: '*',
          Condition: { StringEquals: { 'iam:PermissionsBoundary': boundaryArn } },
        },
        {
          Sid: 'OtherIAMTasks',
          Effect: 'Allow',
          Action: [
            'iam:GetUser',
            'iam:ListUsers',
            'iam:DeleteUser',
            'iam:CreateAccessKey',
            'iam:GetPolicy',
            'iam:CreatePolicyVersion',
            'iam:DeletePolicy',
            'iam:SetDefaultPolicyVersion',
            'iam:DeleteUserPermissionsBoundary',
            'iam:UntagUser',
          ],
          Resource: '*',
        },
        {
          Sid: 'KeepTheProtectedTag',
          Effect: 'Deny',
          Action: 'iam:UntagUser',
          Resource: '*',
          Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['protected'] } },
        },
        {
          Sid: 'NoBoundaryPolicyEdit',
          Effect: 'Deny',
          Action: [
            'iam:CreatePolicyVersion',
            'iam:DeletePolicy',
            'iam:DeletePolicyVersion',
            'iam:SetDefaultPolicyVersion',
          ],
          Resource: boundaryArn,
        },
        {
          Sid: 'NoBoundaryUserDelete',
          Effect: 'Deny',
          Action: 'iam:DeleteUserPermissionsBoundary',
          Resource: '*',
        },
        {
          Sid: 'NotThisPolicy',
          Effect: 'Deny',
          Action: 'iam:AttachUserPolicy',
          Resource: '*',
          Condition: { ArnEquals: { 'iam:PolicyARN': IAMFullAccess } },
        },
        {
          Sid: 'NotGuardedPolicies',
          Effect: 'Deny',
          Action: 'iam:GetPolicy',
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceTag/guarded': 'yes' } },
        },
        {
          Sid: 'KeepProtectedUsers',
          Effect: 'Deny',
          Action: 'iam:DeleteUser',
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceTag/protected': 'true' } },
        },
      );
      await becomes(() => delegate.identity.request('GET', '/v1/users/delegate'), 200);
    });

    it('cannot create an unbounded user, nor one with another boundary', async () => {
      const unbounded = await delegate.identity.request<Json>('POST', '/v1/users', { userName: 'free' });
      expect(unbounded.status).toBe(403);
      expect(unbounded.body.error.message).toContain('iam:CreateUser');
      const other = await delegate.identity.request<Json>('POST', '/v1/users', {
        userName: 'free',
        permissionsBoundary: IAMReadOnlyAccess,
      });
      expect(other.status).toBe(403);
    });

    it('creates roles only with the boundary too (iam:PermissionsBoundary on CreateRole)', async () => {
      const role = (roleName: string, extra: Json = {}) =>
        delegate.identity.request<Json>('POST', '/v1/roles', {
          roleName,
          assumeRolePolicyDocument: doc({
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${s.accountId}:root` },
            Action: 'sts:AssumeRole',
          }),
          ...extra,
        });
      expect((await role('free-role')).status).toBe(403);
      expect((await role('free-role', { permissionsBoundary: AdministratorAccess })).status).toBe(403);
      const bounded = await role('delegated-role', { permissionsBoundary: boundaryArn });
      expect(bounded.status).toBe(201);
      expect(bounded.body.role.permissionsBoundary.permissionsBoundaryArn).toBe(boundaryArn);
    });

    it('creates a user with the boundary, set in the same call', async () => {
      const created = await delegate.identity.request<Json>('POST', '/v1/users', {
        userName: 'bounded',
        permissionsBoundary: boundaryArn,
      });
      expect(created.status).toBe(201);
      expect(created.body.user.permissionsBoundary).toEqual({
        permissionsBoundaryType: 'PermissionsBoundaryPolicy',
        permissionsBoundaryArn: boundaryArn,
      });
      const shown = await eventually(
        () => s.rootPolicy.request<Json>('GET', '/v1/users/bounded/permissions-boundary'),
        (r) => r.status === 200,
      );
      expect(shown.body.permissionsBoundary.permissionsBoundaryArn).toBe(boundaryArn);
    });

    it('cannot remove or change the boundary of the users it created', async () => {
      const removed = await delegate.policy.request<Json>('DELETE', '/v1/users/bounded/permissions-boundary');
      expect(removed.status).toBe(403);
      expect(removed.body.error.message).toContain('with an explicit deny');
      const changed = await delegate.policy.request<Json>('PUT', '/v1/users/bounded/permissions-boundary', {
        policyArn: AdministratorAccess,
      });
      expect(changed.status).toBe(403);
      // Setting the same boundary is allowed (and changes nothing).
      expect(
        (
          await delegate.policy.request('PUT', '/v1/users/bounded/permissions-boundary', {
            policyArn: boundaryArn,
          })
        ).status,
      ).toBe(204);
    });

    it('cannot edit the boundary policy', async () => {
      const version = await delegate.policy.request<Json>(
        'POST',
        `/v1/policies/${enc(boundaryArn)}/versions`,
        {
          policyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
          setAsDefault: true,
        },
      );
      expect(version.status).toBe(403);
      expect(version.body.error.message).toContain('with an explicit deny');
      expect((await delegate.policy.request('DELETE', `/v1/policies/${enc(boundaryArn)}`)).status).toBe(403);
      expect(
        (
          await delegate.policy.request('PUT', `/v1/policies/${enc(boundaryArn)}/default-version`, {
            versionId: 'v1',
          })
        ).status,
      ).toBe(403);
    });

    it('attaches policies only to users with the boundary, and never the one iam:PolicyARN denies', async () => {
      await s.rootIdentity.request('POST', '/v1/users', { userName: 'not-delegated' });
      await becomes(() => s.rootPolicy.request('GET', '/v1/users/not-delegated/attached-policies'), 200);
      const toUnbounded = await delegate.policy.request<Json>(
        'PUT',
        `/v1/users/not-delegated/attached-policies/${enc(AdministratorAccess)}`,
      );
      expect(toUnbounded.status).toBe(403);
      expect(
        (await delegate.policy.request('PUT', `/v1/users/bounded/attached-policies/${enc(IAMFullAccess)}`))
          .status,
      ).toBe(403);
      await becomes(
        () =>
          delegate.policy.request('PUT', `/v1/users/bounded/attached-policies/${enc(AdministratorAccess)}`),
        204,
      );
    });

    it('a user created with the boundary is limited by it', async () => {
      const key = await delegate.identity.request<Json>('POST', '/v1/users/bounded/access-keys');
      expect(key.status).toBe(201);
      const bounded = s.rootIdentity.withCredentials(key.body.accessKey);
      // AdministratorAccess is attached, the boundary allows ListGroups and CreateGroup only.
      await becomes(() => bounded.request('GET', '/v1/groups'), 200);
      const denied = await bounded.request<Json>('GET', '/v1/users');
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toContain(
        'because no permissions boundary allows the iam:ListUsers action',
      );
    });

    it('cannot delete a user whose tag a deny names (aws:ResourceTag), nor remove that tag (aws:TagKeys)', async () => {
      const created = await delegate.identity.request('POST', '/v1/users', {
        userName: 'keeper',
        permissionsBoundary: boundaryArn,
        tags: [
          { key: 'protected', value: 'true' },
          { key: 'note', value: 'x' },
        ],
      });
      expect(created.status).toBe(201);
      // aws:TagKeys of an untag request are the keys in its query.
      const untagProtected = await delegate.identity.request<Json>(
        'DELETE',
        '/v1/users/keeper/tags?tagKeys=note,protected',
      );
      expect(untagProtected.status).toBe(403);
      expect(untagProtected.body.error.message).toContain('iam:UntagUser');
      expect((await delegate.identity.request('DELETE', '/v1/users/keeper/tags?tagKeys=note')).status).toBe(
        204,
      );
      const deleted = await delegate.identity.request<Json>('DELETE', '/v1/users/keeper');
      expect(deleted.status).toBe(403);
      expect(deleted.body.error.message).toContain('with an explicit deny');
      await delegate.identity.request('POST', '/v1/users', {
        userName: 'temporary',
        permissionsBoundary: boundaryArn,
      });
      expect((await delegate.identity.request('DELETE', '/v1/users/temporary')).status).toBe(204);
    });

    it("reads a managed policy's tags as aws:ResourceTag", async () => {
      const guarded = await s.rootPolicy.request<Json>('POST', '/v1/policies', {
        policyName: 'Guarded',
        policyDocument: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }),
        tags: [{ key: 'guarded', value: 'yes' }],
      });
      expect(guarded.status).toBe(201);
      const arn = guarded.body.policy.arn as string;
      // At once: a policy created a moment ago has its tags from the policy service's own tables.
      const denied = await delegate.policy.request<Json>('GET', `/v1/policies/${enc(arn)}`);
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toContain('with an explicit deny');
      expect((await delegate.policy.request('GET', `/v1/policies/${enc(boundaryArn)}`)).status).toBe(200);
    });

    it('refuses a boundary that is no policy ARN or names no policy, as AWS does', async () => {
      const malformed = await s.rootIdentity.request<Json>('POST', '/v1/users', {
        userName: 'x1',
        permissionsBoundary: 'arn:aws:iam::123456789012:role/not-a-policy',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('InvalidInput');
      const missing = `arn:aws:iam::${s.accountId}:policy/NoSuchPolicy`;
      const unknown = await s.rootIdentity.request<Json>('POST', '/v1/users', {
        userName: 'x1',
        permissionsBoundary: missing,
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatchObject({
        code: 'NoSuchEntity',
        message: `Policy ${missing} does not exist or is not attachable.`,
      });
      expect((await s.rootIdentity.request('GET', '/v1/users/x1')).status).toBe(404);
    });

    it('creates a role with a boundary, which then counts as a use of the policy', async () => {
      const created = await s.rootIdentity.request<Json>('POST', '/v1/roles', {
        roleName: 'bounded-role',
        assumeRolePolicyDocument: doc({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${s.accountId}:root` },
          Action: 'sts:AssumeRole',
        }),
        permissionsBoundary: boundaryArn,
      });
      expect(created.status).toBe(201);
      expect(created.body.role.permissionsBoundary.permissionsBoundaryArn).toBe(boundaryArn);
      const shown = await eventually(
        () => s.rootPolicy.request<Json>('GET', '/v1/roles/bounded-role/permissions-boundary'),
        (r) => r.status === 200,
      );
      expect(shown.body.permissionsBoundary.permissionsBoundaryArn).toBe(boundaryArn);
      // In use as a boundary: AWS refuses to delete the policy until no entity uses it.
      const inUse = await s.rootPolicy.request<Json>('DELETE', `/v1/policies/${enc(boundaryArn)}`);
      expect(inUse.status).toBe(409);
      expect(inUse.body.error.code).toBe('DeleteConflict');
      // The root may remove it: the boundary given at creation is the one removed.
      expect(
        (await s.rootPolicy.request('DELETE', '/v1/roles/bounded-role/permissions-boundary')).status,
      ).toBe(204);
      const gone = await s.rootPolicy.request<Json>('GET', '/v1/roles/bounded-role/permissions-boundary');
      expect(gone.body.permissionsBoundary).toBeNull();
    });
  });
});
