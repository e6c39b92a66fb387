import { PolicyTestApp, untilKnown, type TestAccount } from './policy-test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const enc = encodeURIComponent;
const doc = (...actions: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
const aws = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/**
 * The policy service over signed HTTP on real Postgres, Redis and Kafka,
 * with identity's principals arriving as identity events through Kafka.
 */
describe('policy service over signed HTTP', () => {
  let t: PolicyTestApp;
  let a: TestAccount;
  const policyArn = (name: string, path = '/') => `arn:aws:iam::${a.accountId}:policy${path}${name}`;

  beforeAll(async () => {
    t = await PolicyTestApp.start();
    a = await t.account();
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('creates, gets and lists a customer managed policy; names are unique case-insensitively', async () => {
    const created = await a.root.request<Json>('POST', '/v1/policies', {
      policyName: 'ReadReports',
      path: '/reports/',
      description: 'read the reports',
      policyDocument: doc('s3:GetObject'),
      tags: [{ key: 'team', value: 'blue' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.policy).toMatchObject({
      policyName: 'ReadReports',
      arn: policyArn('ReadReports', '/reports/'),
      path: '/reports/',
      defaultVersionId: 'v1',
      attachmentCount: 0,
      isAttachable: true,
      tags: [{ key: 'team', value: 'blue' }],
    });
    expect(created.body.policy.policyId).toMatch(/^ANPA[A-Z2-7]{17}$/);

    const got = await a.root.request<Json>(
      'GET',
      `/v1/policies/${enc(policyArn('ReadReports', '/reports/'))}`,
    );
    expect(got).toEqual({ status: 200, body: { policy: created.body.policy } });

    const dup = await a.root.request<Json>('POST', '/v1/policies', {
      policyName: 'readreports',
      policyDocument: doc('s3:GetObject'),
    });
    expect([dup.status, dup.body.error.code, dup.body.error.message]).toEqual([
      409,
      'EntityAlreadyExists',
      'A policy called readreports already exists. Duplicate names are not allowed.',
    ]);

    const local = await a.root.request<Json>('GET', '/v1/policies?scope=Local&pathPrefix=/reports/');
    expect(local.body.policies.map((p: Json) => p.policyName)).toEqual(['ReadReports']);
    const missing = await a.root.request<Json>('GET', `/v1/policies/${enc(policyArn('Nope'))}`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NoSuchEntity']);
  });

  it('answers malformed documents and bad input with 400 naming the element', async () => {
    const cases: [unknown, string, RegExp][] = [
      [
        { policyName: 'p1', policyDocument: '{"Version":' },
        'MalformedPolicyDocument',
        /Syntax errors in policy/,
      ],
      [
        {
          policyName: 'p2',
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
          policyName: 'p3',
          policyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 's3:*',
                Resource: '*',
                Condition: { StringEqualz: { 'aws:username': 'x' } },
              },
            ],
          }),
        },
        'MalformedPolicyDocument',
        /^Syntax errors in policy\. \(Statement\[0\]\.Condition\.StringEqualz: Invalid Condition type : StringEqualz\)$/,
      ],
      [
        {
          policyName: 'p4',
          policyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
          }),
        },
        'MalformedPolicyDocument',
        /Statement\[0\]\.Principal/,
      ],
      [{ policyName: 'bad name', policyDocument: doc('s3:*') }, 'ValidationError', /policyName/],
      [{ policyName: 'p5', path: 'nope', policyDocument: doc('s3:*') }, 'ValidationError', /path/],
      [{ policyName: 'p6', policyDocument: 42 }, 'ValidationError', /policyDocument/],
      [{ policyName: 'p7', policyDocument: doc('s3:*'), extra: 1 }, 'ValidationError', /extra/],
    ];
    for (const [body, code, message] of cases) {
      const response = await a.root.request<Json>('POST', '/v1/policies', body);
      expect([response.status, response.body.error.code]).toEqual([400, code]);
      expect(response.body.error.message).toMatch(message);
    }
    const badArn = await a.root.request<Json>('GET', `/v1/policies/${enc('arn:aws:iam::nope')}`);
    expect(badArn.status).toBe(400);
  });

  it('keeps at most 5 versions, one default; sets and deletes versions; refuses to delete the default', async () => {
    const arn = policyArn('Versioned');
    const path = `/v1/policies/${enc(arn)}`;
    await a.root.request('POST', '/v1/policies', { policyName: 'Versioned', policyDocument: doc('s3:V1') });
    for (const n of [2, 3, 4, 5]) {
      const v = await a.root.request<Json>('POST', `${path}/versions`, { policyDocument: doc(`s3:V${n}`) });
      expect([v.status, v.body.policyVersion.versionId, v.body.policyVersion.isDefaultVersion]).toEqual([
        201,
        `v${n}`,
        false,
      ]);
    }
    const sixth = await a.root.request<Json>('POST', `${path}/versions`, { policyDocument: doc('s3:V6') });
    expect([sixth.status, sixth.body.error.code]).toEqual([409, 'LimitExceeded']);
    expect(sixth.body.error.message).toMatch(/up to 5 versions/);

    expect((await a.root.request('PUT', `${path}/default-version`, { versionId: 'v3' })).status).toBe(204);
    const v3 = await a.root.request<Json>('GET', `${path}/versions/v3`);
    expect(v3.body.policyVersion).toMatchObject({
      versionId: 'v3',
      isDefaultVersion: true,
      document: doc('s3:V3'),
    });
    expect((await a.root.request<Json>('GET', path)).body.policy.defaultVersionId).toBe('v3');

    const delDefault = await a.root.request<Json>('DELETE', `${path}/versions/v3`);
    expect([delDefault.status, delDefault.body.error.code, delDefault.body.error.message]).toEqual([
      409,
      'DeleteConflict',
      'Cannot delete the default version of a policy.',
    ]);
    const withVersions = await a.root.request<Json>('DELETE', path);
    expect([withVersions.status, withVersions.body.error.code]).toEqual([409, 'DeleteConflict']);
    expect(withVersions.body.error.message).toMatch(/more than one version/);

    for (const v of ['v1', 'v2', 'v4', 'v5']) {
      expect((await a.root.request('DELETE', `${path}/versions/${v}`)).status).toBe(204);
    }
    const next = await a.root.request<Json>('POST', `${path}/versions`, {
      policyDocument: doc('s3:V6'),
      setAsDefault: true,
    });
    expect(next.body.policyVersion).toMatchObject({ versionId: 'v6', isDefaultVersion: true });
    const versions = await a.root.request<Json>('GET', `${path}/versions`);
    expect(versions.body.versions.map((v: Json) => [v.versionId, v.isDefaultVersion])).toEqual([
      ['v6', true],
      ['v3', false],
    ]);
    const unknown = await a.root.request<Json>('GET', `${path}/versions/v9`);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NoSuchEntity']);
    expect((await a.root.request('DELETE', `${path}/versions/v3`)).status).toBe(204);
    expect((await a.root.request('DELETE', path)).status).toBe(204);
    expect((await a.root.request('GET', path)).status).toBe(404);
  });

  it('attaches managed policies to users, groups and roles that identity knows; at most 10; DeleteConflict while attached', async () => {
    const unknown = await a.root.request<Json>(
      'PUT',
      `/v1/users/ghost/attached-policies/${enc(aws('IAMReadOnlyAccess'))}`,
    );
    expect([unknown.status, unknown.body.error.code, unknown.body.error.message]).toEqual([
      404,
      'NoSuchEntity',
      'The user with name ghost cannot be found.',
    ]);

    await t.principal(a.accountId, 'user', 'alice', '/division/');
    await t.principal(a.accountId, 'group', 'admins');
    await t.principal(a.accountId, 'role', 'deploy');
    await untilKnown(a.root, '/v1/users/alice/attached-policies');
    await untilKnown(a.root, '/v1/groups/admins/attached-policies');
    await untilKnown(a.root, '/v1/roles/deploy/attached-policies');

    await a.root.request('POST', '/v1/policies', {
      policyName: 'Shared',
      policyDocument: doc('s3:ListBucket'),
    });
    const shared = policyArn('Shared');
    for (const p of ['users/alice', 'groups/admins', 'roles/deploy']) {
      expect((await a.root.request('PUT', `/v1/${p}/attached-policies/${enc(shared)}`)).status).toBe(204);
    }
    // Attaching again changes nothing.
    expect((await a.root.request('PUT', `/v1/users/ALICE/attached-policies/${enc(shared)}`)).status).toBe(
      204,
    );
    const policy = await a.root.request<Json>('GET', `/v1/policies/${enc(shared)}`);
    expect(policy.body.policy.attachmentCount).toBe(3);
    const entities = await a.root.request<Json>('GET', `/v1/policies/${enc(shared)}/entities`);
    expect(entities.body).toMatchObject({
      policyUsers: [{ userName: 'alice' }],
      policyGroups: [{ groupName: 'admins' }],
      policyRoles: [{ roleName: 'deploy' }],
    });
    const onlyRoles = await a.root.request<Json>(
      'GET',
      `/v1/policies/${enc(shared)}/entities?entityFilter=Role`,
    );
    expect([onlyRoles.body.policyUsers.length, onlyRoles.body.policyRoles.length]).toEqual([0, 1]);

    const conflict = await a.root.request<Json>('DELETE', `/v1/policies/${enc(shared)}`);
    expect([conflict.status, conflict.body.error.code, conflict.body.error.message]).toEqual([
      409,
      'DeleteConflict',
      'Cannot delete a policy attached to entities.',
    ]);

    const notAttachable = await a.root.request<Json>(
      'PUT',
      `/v1/users/alice/attached-policies/${enc(policyArn('Nope'))}`,
    );
    expect([notAttachable.status, notAttachable.body.error.code]).toEqual([404, 'NoSuchEntity']);
    expect(notAttachable.body.error.message).toBe(
      `Policy ${policyArn('Nope')} does not exist or is not attachable.`,
    );

    for (let i = 0; i < 9; i++) {
      await a.root.request('POST', '/v1/policies', {
        policyName: `Many${i}`,
        policyDocument: doc(`s3:M${i}`),
      });
      expect(
        (await a.root.request('PUT', `/v1/users/alice/attached-policies/${enc(policyArn(`Many${i}`))}`))
          .status,
      ).toBe(204);
    }
    const eleventh = await a.root.request<Json>(
      'PUT',
      `/v1/users/alice/attached-policies/${enc(aws('IAMReadOnlyAccess'))}`,
    );
    expect([eleventh.status, eleventh.body.error.code, eleventh.body.error.message]).toEqual([
      409,
      'LimitExceeded',
      'Cannot exceed quota for PoliciesPerUser: 10',
    ]);
    const listed = await a.root.request<Json>('GET', '/v1/users/alice/attached-policies?maxItems=4');
    expect([listed.body.attachedPolicies.length, listed.body.isTruncated]).toEqual([4, true]);
    const rest = await a.root.request<Json>(
      'GET',
      `/v1/users/alice/attached-policies?marker=${enc(listed.body.marker)}`,
    );
    expect(rest.body.attachedPolicies.length).toBe(6);

    for (const p of ['users/alice', 'groups/admins', 'roles/deploy']) {
      expect((await a.root.request('DELETE', `/v1/${p}/attached-policies/${enc(shared)}`)).status).toBe(204);
    }
    const notAttached = await a.root.request<Json>(
      'DELETE',
      `/v1/roles/deploy/attached-policies/${enc(shared)}`,
    );
    expect([notAttached.status, notAttached.body.error.code]).toEqual([404, 'NoSuchEntity']);
    expect((await a.root.request('DELETE', `/v1/policies/${enc(shared)}`)).status).toBe(204);
  });

  it('puts, gets, lists and deletes inline policies, with the aggregate size quota', async () => {
    await t.principal(a.accountId, 'user', 'bob');
    await untilKnown(a.root, '/v1/users/bob/policies');
    const put = await a.root.request('PUT', '/v1/users/bob/policies/read', {
      policyDocument: doc('s3:Get*'),
    });
    expect(put.status).toBe(204);
    await a.root.request('PUT', '/v1/users/bob/policies/list', { policyDocument: doc('s3:List*') });
    expect((await a.root.request<Json>('GET', '/v1/users/bob/policies')).body).toEqual({
      policyNames: ['list', 'read'],
      isTruncated: false,
    });
    expect((await a.root.request<Json>('GET', '/v1/users/bob/policies/read')).body).toEqual({
      userName: 'bob',
      policyName: 'read',
      policyDocument: doc('s3:Get*'),
    });
    const tooBig = await a.root.request<Json>('PUT', '/v1/users/bob/policies/big', {
      policyDocument: doc(`s3:${'x'.repeat(1990)}`),
    });
    expect([tooBig.status, tooBig.body.error.code]).toEqual([409, 'LimitExceeded']);
    const malformed = await a.root.request<Json>('PUT', '/v1/users/bob/policies/bad', {
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Maybe', Action: 's3:*', Resource: '*' }],
      }),
    });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'MalformedPolicyDocument']);
    expect(malformed.body.error.message).toMatch(/Statement\[0\]\.Effect/);

    expect((await a.root.request('DELETE', '/v1/users/bob/policies/read')).status).toBe(204);
    const gone = await a.root.request<Json>('GET', '/v1/users/bob/policies/read');
    expect([gone.status, gone.body.error.message]).toEqual([
      404,
      'The user policy with name read cannot be found.',
    ]);
  });

  it('sets and deletes permissions boundaries on users and roles', async () => {
    await t.principal(a.accountId, 'user', 'carol');
    await t.principal(a.accountId, 'role', 'builder');
    await untilKnown(a.root, '/v1/users/carol/permissions-boundary');
    await untilKnown(a.root, '/v1/roles/builder/permissions-boundary');
    const set = await a.root.request('PUT', '/v1/users/carol/permissions-boundary', {
      policyArn: aws('IAMReadOnlyAccess'),
    });
    expect(set.status).toBe(204);
    expect((await a.root.request<Json>('GET', '/v1/users/carol/permissions-boundary')).body).toEqual({
      permissionsBoundary: {
        permissionsBoundaryType: 'PermissionsBoundaryPolicy',
        permissionsBoundaryArn: aws('IAMReadOnlyAccess'),
      },
    });
    const missing = await a.root.request<Json>('PUT', '/v1/roles/builder/permissions-boundary', {
      policyArn: policyArn('NoBoundary'),
    });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NoSuchEntity']);
    await a.root.request('POST', '/v1/policies', { policyName: 'Boundary', policyDocument: doc('s3:*') });
    expect(
      (
        await a.root.request('PUT', '/v1/roles/builder/permissions-boundary', {
          policyArn: policyArn('Boundary'),
        })
      ).status,
    ).toBe(204);
    const inUse = await a.root.request<Json>('GET', `/v1/policies/${enc(policyArn('Boundary'))}`);
    expect(inUse.body.policy.permissionsBoundaryUsageCount).toBe(1);
    expect((await a.root.request<Json>('DELETE', `/v1/policies/${enc(policyArn('Boundary'))}`)).status).toBe(
      409,
    );
    expect((await a.root.request('DELETE', '/v1/users/carol/permissions-boundary')).status).toBe(204);
    expect((await a.root.request('DELETE', '/v1/roles/builder/permissions-boundary')).status).toBe(204);
    expect((await a.root.request<Json>('GET', '/v1/users/carol/permissions-boundary')).body).toEqual({
      permissionsBoundary: null,
    });
  });

  it('lists the built-in AWS managed policies, attaches them and refuses to modify them', async () => {
    const listed = await a.root.request<Json>('GET', '/v1/policies?scope=AWS');
    expect(listed.body.policies.map((p: Json) => p.arn)).toEqual(
      expect.arrayContaining([
        aws('AdministratorAccess'),
        aws('IAMFullAccess'),
        aws('IAMReadOnlyAccess'),
        aws('IAMUserChangePassword'),
      ]),
    );
    await t.principal(a.accountId, 'user', 'dave');
    await untilKnown(a.root, '/v1/users/dave/attached-policies');
    expect(
      (await a.root.request('PUT', `/v1/users/dave/attached-policies/${enc(aws('IAMUserChangePassword'))}`))
        .status,
    ).toBe(204);
    const attached = await a.root.request<Json>('GET', '/v1/policies?scope=AWS&onlyAttached=true');
    expect(attached.body.policies.map((p: Json) => [p.policyName, p.attachmentCount])).toEqual([
      ['IAMUserChangePassword', 1],
    ]);
    const all = await a.root.request<Json>('GET', '/v1/policies?maxItems=2');
    expect([all.body.policies.length, all.body.isTruncated]).toEqual([2, true]);

    // AWS managed policies live in account `aws`: whether the caller may act
    // on them is the authorizer's call first; the service refuses writes anyway.
    const modify = await a.root.request<Json>(
      'POST',
      `/v1/policies/${enc(aws('AdministratorAccess'))}/versions`,
      {
        policyDocument: doc('s3:*'),
      },
    );
    expect(modify.status).toBe(403);
    expect(modify.body.error.code).toBe('AccessDenied');
  });

  it('keeps tenants apart: another account sees none of these policies or principals', async () => {
    const b = await t.account();
    const theirs = await b.root.request<Json>('GET', '/v1/policies?scope=Local');
    expect(theirs.body.policies).toEqual([]);
    const alice = await b.root.request<Json>('GET', '/v1/users/alice/attached-policies');
    expect([alice.status, alice.body.error.code]).toEqual([404, 'NoSuchEntity']);

    // Attaching another account's policy: the route acts on b's user, the policy is unknown to b.
    await t.principal(b.accountId, 'user', 'erin');
    await untilKnown(b.root, '/v1/users/erin/attached-policies');
    await a.root.request('POST', '/v1/policies', { policyName: 'Private', policyDocument: doc('s3:*') });
    const foreign = await b.root.request<Json>(
      'PUT',
      `/v1/users/erin/attached-policies/${enc(policyArn('Private'))}`,
    );
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'NoSuchEntity']);
    const asBoundary = await b.root.request<Json>('PUT', '/v1/users/erin/permissions-boundary', {
      policyArn: policyArn('Private'),
    });
    expect([asBoundary.status, asBoundary.body.error.code]).toEqual([404, 'NoSuchEntity']);
    // Reading it directly is refused (the authorizer denies another account's resource, or the service answers 404).
    const read = await b.root.request<Json>('GET', `/v1/policies/${enc(policyArn('Private'))}`);
    expect([403, 404]).toContain(read.status);
  });

  it('forgets a deleted principal and its attachments', async () => {
    const frank = await t.principal(a.accountId, 'user', 'frank');
    await untilKnown(a.root, '/v1/users/frank/attached-policies');
    await a.root.request('POST', '/v1/policies', { policyName: 'ForFrank', policyDocument: doc('s3:*') });
    await a.root.request('PUT', `/v1/users/frank/attached-policies/${enc(policyArn('ForFrank'))}`);
    await t.deleteUser(a.accountId, frank.id, 'frank');
    const { eventually } = await import('@iam/testing');
    await eventually(
      () => a.root.request<Json>('GET', '/v1/users/frank/attached-policies'),
      (r) => r.status === 404,
    );
    expect(
      (await a.root.request<Json>('GET', `/v1/policies/${enc(policyArn('ForFrank'))}`)).body.policy
        .attachmentCount,
    ).toBe(0);
  });

  it('answers every policy route of users, groups and roles through its own use case', async () => {
    const readOnly = aws('IAMReadOnlyAccess');
    for (const kind of ['user', 'group', 'role'] as const) {
      const name = `every-route-${kind}`;
      const base = `/v1/${kind}s/${name}`;
      await t.principal(a.accountId, kind, name);
      await untilKnown(a.root, `${base}/attached-policies`);

      const put = await a.root.request('PUT', `${base}/policies/Inline`, {
        policyDocument: doc('s3:GetObject'),
      });
      const got = await a.root.request<Json>('GET', `${base}/policies/Inline`);
      const listed = await a.root.request<Json>('GET', `${base}/policies`);
      const attached = await a.root.request('PUT', `${base}/attached-policies/${enc(readOnly)}`);
      const listedAttached = await a.root.request<Json>('GET', `${base}/attached-policies`);
      const detached = await a.root.request('DELETE', `${base}/attached-policies/${enc(readOnly)}`);
      const deleted = await a.root.request('DELETE', `${base}/policies/Inline`);
      const gone = await a.root.request<Json>('GET', `${base}/policies/Inline`);
      expect([put.status, attached.status, detached.status, deleted.status]).toEqual([204, 204, 204, 204]);
      expect(got.body).toEqual({
        [`${kind}Name`]: name,
        policyName: 'Inline',
        policyDocument: doc('s3:GetObject'),
      });
      expect(listed.body).toEqual({ policyNames: ['Inline'], isTruncated: false });
      expect(listedAttached.body.attachedPolicies).toEqual([
        { policyName: 'IAMReadOnlyAccess', policyArn: readOnly },
      ]);
      expect([gone.status, gone.body.error.code]).toEqual([404, 'NoSuchEntity']);
      expect((await a.root.request<Json>('GET', `${base}/attached-policies`)).body.attachedPolicies).toEqual(
        [],
      );

      if (kind === 'group') continue;
      const setBoundary = await a.root.request('PUT', `${base}/permissions-boundary`, {
        policyArn: readOnly,
      });
      const boundary = await a.root.request<Json>('GET', `${base}/permissions-boundary`);
      const removed = await a.root.request('DELETE', `${base}/permissions-boundary`);
      const none = await a.root.request<Json>('GET', `${base}/permissions-boundary`);
      expect([setBoundary.status, removed.status]).toEqual([204, 204]);
      expect(boundary.body.permissionsBoundary).toEqual({
        permissionsBoundaryType: 'PermissionsBoundaryPolicy',
        permissionsBoundaryArn: readOnly,
      });
      expect(none.body).toEqual({ permissionsBoundary: null });
    }
  });
});
