import { AuthModule } from '@iam/auth';
import {
  IdentityEventTypes as I,
  IdentitySchemaVersion as iv,
  PolicyEventTypes as P,
  PolicySchemaVersion as pv,
  SecretReferenceSchemaVersion,
  Topics,
  type NewEvent,
} from '@iam/contracts';
import { InMemoryEventStore } from '@iam/event-store';
import {
  apiSpecification,
  existingStream,
  expectError,
  expectResponse,
  randomRootKey,
  request,
  signedHeaders,
  type ApiSpecification,
  type Credentials,
  type GivenStream,
  type TestAccount,
} from '@iam/testing';
import { PolicyModule, policyProjections } from '../policy.module';
import { PolicyStreamIds } from '../shared/policy-names';

const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const trust = (account: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: account }, Action: 'sts:AssumeRole' }],
  });
const readOnly = {
  policyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
  policyId: 'ANPAJKSO7NDY4T57MWDSQ',
  policyName: 'IAMReadOnlyAccess',
};
const created = '2026-01-02T03:04:05.000Z';

/** An account's users (alice in a group, bob), group, role and policy, and their policies. */
function accountEntities(account: TestAccount, accountId = account.accountId): GivenStream[] {
  const a = accountId;
  const ids = {
    alice: `AIDA${a}ALICE`,
    bob: `AIDA${a}BOB`,
    devs: `AGPA${a}DEVS`,
    deployer: `AROA${a}DEPLOY`,
  };
  const arn = (kind: string, name: string, path = '/') => `arn:aws:iam::${accountId}:${kind}${path}${name}`;
  const reports = {
    policyArn: arn('policy', 'ReadReports'),
    policyId: `ANPA${a}REPORTS`,
    policyName: 'ReadReports',
  };
  const alice = { accountId, userId: ids.alice, userName: 'alice', userArn: arn('user', 'alice', '/eng/') };
  const devs = { accountId, groupId: ids.devs, groupName: 'devs', groupArn: arn('group', 'devs') };
  const deployer = {
    accountId,
    roleId: ids.deployer,
    roleName: 'deployer',
    roleArn: arn('role', 'deployer'),
  };
  const identity = (streamId: string, events: NewEvent[]) => ({
    ...existingStream(streamId, events, Topics.identity),
    accountId,
  });
  const policy = (streamId: string, events: NewEvent[]) => ({
    ...existingStream(streamId, events),
    accountId,
  });
  return [
    identity(`group-${ids.devs}`, [
      {
        type: I.GroupCreated,
        schemaVersion: iv,
        payload: {
          groupId: ids.devs,
          accountId,
          groupName: 'devs',
          path: '/',
          arn: devs.groupArn,
          createDate: created,
        },
      },
    ]),
    identity(`user-${ids.alice}`, [
      {
        type: I.UserCreated,
        schemaVersion: iv,
        payload: {
          userId: ids.alice,
          accountId,
          userName: 'alice',
          path: '/eng/',
          arn: alice.userArn,
          tags: [{ key: 'team', value: 'red' }],
          createDate: created,
        },
      },
      {
        type: I.UserAddedToGroup,
        schemaVersion: iv,
        payload: { userId: ids.alice, userName: 'alice', groupId: ids.devs, groupName: 'devs' },
      },
    ]),
    identity(`user-${ids.bob}`, [
      {
        type: I.UserCreated,
        schemaVersion: iv,
        payload: {
          userId: ids.bob,
          accountId,
          userName: 'bob',
          path: '/',
          arn: arn('user', 'bob'),
          tags: [],
          createDate: created,
        },
      },
      {
        type: I.UserAddedToGroup,
        schemaVersion: iv,
        payload: { userId: ids.bob, userName: 'bob', groupId: ids.devs, groupName: 'devs' },
      },
      {
        type: I.UserRemovedFromGroup,
        schemaVersion: iv,
        payload: { userId: ids.bob, userName: 'bob', groupId: ids.devs, groupName: 'devs' },
      },
    ]),
    identity(`role-${ids.deployer}`, [
      {
        type: I.RoleCreated,
        schemaVersion: iv,
        payload: {
          roleId: ids.deployer,
          accountId,
          roleName: 'deployer',
          path: '/',
          arn: deployer.roleArn,
          assumeRolePolicyDocument: trust('111111111111'),
          description: '',
          maxSessionDuration: 3600,
          tags: [],
          createDate: created,
        },
      },
      {
        type: I.RoleTrustPolicyUpdated,
        schemaVersion: iv,
        payload: { roleId: ids.deployer, roleName: 'deployer', assumeRolePolicyDocument: trust(accountId) },
      },
    ]),
    policy(PolicyStreamIds.policy(reports.policyId), [
      {
        type: P.PolicyCreated,
        schemaVersion: pv,
        payload: {
          ...reports,
          accountId,
          path: '/',
          description: 'reports',
          tags: [],
          defaultVersionId: 'v1',
          document: doc('s3:GetObject'),
          createDate: created,
        },
      },
      {
        type: P.PolicyVersionCreated,
        schemaVersion: pv,
        payload: {
          ...reports,
          versionId: 'v2',
          document: doc('s3:*'),
          setAsDefault: true,
          createDate: created,
        },
      },
    ]),
    policy(PolicyStreamIds.principalPolicies('user', ids.alice), [
      {
        type: P.UserPolicyPut,
        schemaVersion: pv,
        payload: { ...alice, policyName: 'own', policyDocument: doc('iam:GetUser') },
      },
      { type: P.UserPolicyAttached, schemaVersion: pv, payload: { ...alice, ...reports } },
      {
        type: P.UserPermissionsBoundarySet,
        schemaVersion: pv,
        payload: { ...alice, policyArn: readOnly.policyArn, previousPolicyArn: null },
      },
    ]),
    policy(PolicyStreamIds.principalPolicies('group', ids.devs), [
      { type: P.GroupPolicyAttached, schemaVersion: pv, payload: { ...devs, ...readOnly } },
      {
        type: P.GroupPolicyPut,
        schemaVersion: pv,
        payload: { ...devs, policyName: 'team', policyDocument: doc('iam:List*') },
      },
    ]),
    policy(PolicyStreamIds.principalPolicies('role', ids.deployer), [
      {
        type: P.RolePolicyPut,
        schemaVersion: pv,
        payload: { ...deployer, policyName: 'deploy', policyDocument: doc('s3:PutObject') },
      },
    ]),
  ];
}

/** The same entities in the next account (ids of their own): never in this account's answer. */
const otherAccount = (account: TestAccount): GivenStream[] =>
  accountEntities(account, String(Number(account.accountId) + 1));

/**
 * GetAccountAuthorizationDetails on the in-memory event store: identity's
 * events reach the policy service's consumers as its relay would publish
 * them; policy's own are its store's.
 */
describe('GetAccountAuthorizationDetails (slice)', () => {
  let spec: ApiSpecification;

  beforeAll(async () => {
    spec = await apiSpecification({
      service: 'policy',
      modules: [AuthModule.forRoot({ service: 'policy', consumeIdentityEvents: true }), PolicyModule],
      store: (database, schema) =>
        new InMemoryEventStore({
          topic: Topics.policy,
          database,
          inlineProjections: policyProjections(schema),
        }),
    });
  });

  afterAll(() => spec?.close());

  const get = async (credentials: Credentials, path: string) => {
    const url = new URL(path, 'http://slice.test');
    const headers = await signedHeaders(credentials, 'GET', url, {});
    const response = await spec.slice.app.inject({
      method: 'GET',
      url: `${url.pathname}${url.search}`,
      headers: { ...headers, host: url.host },
    });
    return { status: response.statusCode, body: JSON.parse(response.body) };
  };

  it("answers the account's users, groups, roles and policies with their policies, and nothing of another account", async () => {
    const outcome = await spec
      .given(accountEntities, otherAccount)
      .when(() => request.get('/v1/account-authorization-details'))
      .then(expectResponse(200));
    const { accountId } = outcome.account;
    const a = accountId;
    const body = outcome.body;
    expect(body.isTruncated).toBe(false);
    expect(body.userDetailList).toEqual([
      {
        path: '/eng/',
        userName: 'alice',
        userId: `AIDA${a}ALICE`,
        arn: `arn:aws:iam::${a}:user/eng/alice`,
        createDate: created,
        userPolicyList: [{ policyName: 'own', policyDocument: doc('iam:GetUser') }],
        groupList: ['devs'],
        attachedManagedPolicies: [
          { policyName: 'ReadReports', policyArn: `arn:aws:iam::${a}:policy/ReadReports` },
        ],
        permissionsBoundary: {
          permissionsBoundaryType: 'PermissionsBoundaryPolicy',
          permissionsBoundaryArn: readOnly.policyArn,
        },
        tags: [{ key: 'team', value: 'red' }],
      },
      expect.objectContaining({
        userName: 'bob',
        userPolicyList: [],
        groupList: [],
        attachedManagedPolicies: [],
      }),
    ]);
    expect(body.userDetailList[1].permissionsBoundary).toBeUndefined();
    expect(body.groupDetailList).toEqual([
      {
        path: '/',
        groupName: 'devs',
        groupId: `AGPA${a}DEVS`,
        arn: `arn:aws:iam::${a}:group/devs`,
        createDate: created,
        groupPolicyList: [{ policyName: 'team', policyDocument: doc('iam:List*') }],
        attachedManagedPolicies: [{ policyName: 'IAMReadOnlyAccess', policyArn: readOnly.policyArn }],
      },
    ]);
    expect(body.roleDetailList).toEqual([
      expect.objectContaining({
        roleName: 'deployer',
        roleId: `AROA${a}DEPLOY`,
        assumeRolePolicyDocument: trust(a),
        instanceProfileList: [],
        rolePolicyList: [{ policyName: 'deploy', policyDocument: doc('s3:PutObject') }],
        attachedManagedPolicies: [],
        tags: [],
      }),
    ]);
    // The AWS managed policy the account uses (attached to devs, alice's boundary), then its own.
    expect(body.policies.map((p: { arn: string }) => p.arn)).toEqual([
      readOnly.policyArn,
      `arn:aws:iam::${a}:policy/ReadReports`,
    ]);
    expect(body.policies[0]).toMatchObject({ attachmentCount: 1, permissionsBoundaryUsageCount: 1 });
    expect(body.policies[0].policyVersionList).toEqual([
      expect.objectContaining({
        versionId: 'v4',
        isDefaultVersion: true,
        document: expect.stringContaining('iam:List*'),
      }),
    ]);
    expect(body.policies[1]).toMatchObject({
      policyName: 'ReadReports',
      defaultVersionId: 'v2',
      attachmentCount: 1,
      permissionsBoundaryUsageCount: 0,
      isAttachable: true,
      description: 'reports',
      policyVersionList: [
        { versionId: 'v2', isDefaultVersion: true, document: doc('s3:*'), createDate: created },
        { versionId: 'v1', isDefaultVersion: false, document: doc('s3:GetObject'), createDate: created },
      ],
    });
  });

  it('pages across the combined lists with maxItems and marker, and filters by entity type', async () => {
    const first = await spec
      .given(accountEntities)
      .when(() => request.get('/v1/account-authorization-details?maxItems=2'))
      .then(expectResponse(200));
    const { root } = first.account;
    const names = (
      body: Record<
        string,
        { userName?: string; groupName?: string; roleName?: string; policyName?: string }[]
      >,
    ) => [
      ...body.userDetailList.map((u) => u.userName),
      ...body.groupDetailList.map((g) => g.groupName),
      ...body.roleDetailList.map((r) => r.roleName),
      ...body.policies.map((p) => p.policyName),
    ];
    expect(first.body.isTruncated).toBe(true);
    const seen = [...names(first.body)];
    let marker: string | undefined = first.body.marker;
    while (marker) {
      const page = await get(
        root,
        `/v1/account-authorization-details?maxItems=2&marker=${encodeURIComponent(marker)}`,
      );
      expect(page.status).toBe(200);
      expect(names(page.body).length).toBeLessThanOrEqual(2);
      seen.push(...names(page.body));
      marker = page.body.isTruncated ? page.body.marker : undefined;
    }
    expect(seen).toEqual(['alice', 'bob', 'devs', 'deployer', 'IAMReadOnlyAccess', 'ReadReports']);

    const filtered = await get(
      root,
      '/v1/account-authorization-details?filter=Role&filter=LocalManagedPolicy',
    );
    expect(names(filtered.body)).toEqual(['deployer', 'ReadReports']);
    const users = await get(root, '/v1/account-authorization-details?filter=User&maxItems=1');
    expect([names(users.body), users.body.isTruncated]).toEqual([['alice'], true]);
    const aws = await get(root, '/v1/account-authorization-details?filter=AWSManagedPolicy');
    expect(names(aws.body)).toEqual(['IAMReadOnlyAccess']);

    const badFilter = await get(root, '/v1/account-authorization-details?filter=Robot');
    expect([badFilter.status, badFilter.body.error.code]).toEqual([400, 'ValidationError']);
    const badSize = await get(root, '/v1/account-authorization-details?maxItems=1001');
    expect([badSize.status, badSize.body.error.code]).toEqual([400, 'ValidationError']);
    const badMarker = await get(root, '/v1/account-authorization-details?marker=nonsense!');
    expect([badMarker.status, badMarker.body.error.code]).toEqual([400, 'ValidationError']);
  });

  it('refuses a caller without iam:GetAccountAuthorizationDetails', async () => {
    const key = randomRootKey();
    const secretId = await spec.slice.sealSecret('access-key-secret', key.accessKeyId, key.secretAccessKey);
    const userId = `AIDA${key.accessKeyId.slice(4)}`;
    await spec
      .given((account) => [
        existingStream(
          `user-${userId}`,
          [
            {
              type: I.UserCreated,
              schemaVersion: iv,
              payload: {
                userId,
                accountId: account.accountId,
                userName: 'nobody',
                path: '/',
                arn: `arn:aws:iam::${account.accountId}:user/nobody`,
                tags: [],
                createDate: created,
              },
            },
            {
              type: I.AccessKeyCreated,
              schemaVersion: SecretReferenceSchemaVersion,
              payload: {
                userId,
                userName: 'nobody',
                accessKeyId: key.accessKeyId,
                status: 'Active',
                createDate: created,
                secretId,
              },
            },
          ],
          Topics.identity,
        ),
      ])
      .when(() => request.get('/v1/account-authorization-details'), { as: () => key })
      .then(expectError(403, 'AccessDenied', /iam:GetAccountAuthorizationDetails/));
  });
});
