import { startIdentityTestApp, type IdentityTestApp } from './identity-test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Groups and memberships over signed HTTP, on real Postgres, Redis and Kafka. */
describe('groups over signed HTTP', () => {
  let t: IdentityTestApp;
  const names = (items: Json[], field: string) => items.map((item) => item[field]);

  beforeAll(async () => {
    t = await startIdentityTestApp();
    for (const userName of ['alice', 'bob', 'carol'])
      expect((await t.root.request('POST', '/v1/users', { userName })).status).toBe(201);
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('creates, gets, lists, renames and deletes a group', async () => {
    const created = await t.root.request<Json>('POST', '/v1/groups', { groupName: 'admins', path: '/ops/' });
    expect(created.status).toBe(201);
    expect(created.body.group).toEqual({
      groupName: 'admins',
      groupId: expect.stringMatching(/^AGPA[A-Z2-7]{17}$/),
      arn: `arn:aws:iam::${t.rootAccountId}:group/ops/admins`,
      path: '/ops/',
      createDate: expect.any(String),
    });
    await t.root.request('POST', '/v1/groups', { groupName: 'auditors' });

    const got = await t.root.request<Json>('GET', '/v1/groups/ADMINS');
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ group: created.body.group, users: [], isTruncated: false });

    const listed = await t.root.request<Json>('GET', '/v1/groups');
    expect(names(listed.body.groups, 'groupName')).toEqual(['admins', 'auditors']);
    expect(listed.body.isTruncated).toBe(false);
    const byPath = await t.root.request<Json>('GET', '/v1/groups?pathPrefix=/ops/');
    expect(names(byPath.body.groups, 'groupName')).toEqual(['admins']);
    const paged = await t.root.request<Json>('GET', '/v1/groups?maxItems=1');
    expect([names(paged.body.groups, 'groupName'), paged.body.isTruncated]).toEqual([['admins'], true]);
    const next = await t.root.request<Json>('GET', `/v1/groups?maxItems=1&marker=${paged.body.marker}`);
    expect(names(next.body.groups, 'groupName')).toEqual(['auditors']);

    const renamed = await t.root.request<Json>('PATCH', '/v1/groups/auditors', {
      newGroupName: 'reviewers',
      newPath: '/compliance/',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.group).toMatchObject({
      groupName: 'reviewers',
      path: '/compliance/',
      arn: `arn:aws:iam::${t.rootAccountId}:group/compliance/reviewers`,
    });
    expect((await t.root.request<Json>('GET', '/v1/groups/auditors')).status).toBe(404);
    // The old name is free again; the new one is taken.
    expect((await t.root.request('POST', '/v1/groups', { groupName: 'auditors' })).status).toBe(201);
    const clash = await t.root.request<Json>('PATCH', '/v1/groups/auditors', { newGroupName: 'Reviewers' });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'EntityAlreadyExists']);

    expect((await t.root.request('DELETE', '/v1/groups/auditors')).status).toBe(204);
    expect((await t.root.request('DELETE', '/v1/groups/reviewers')).status).toBe(204);
    const gone = await t.root.request<Json>('GET', '/v1/groups/reviewers');
    expect([gone.status, gone.body.error]).toEqual([
      404,
      expect.objectContaining({
        code: 'NoSuchEntity',
        message: 'The group with name reviewers cannot be found.',
      }),
    ]);
  });

  it('refuses duplicate names case-insensitively and bad input with the field named', async () => {
    const duplicate = await t.root.request<Json>('POST', '/v1/groups', { groupName: 'Admins' });
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, 'EntityAlreadyExists']);
    expect(duplicate.body.error.message).toBe('Group with name Admins already exists.');
    for (const [body, field] of [
      [{ groupName: 'has space' }, 'groupName'],
      [{ groupName: 'g'.repeat(129) }, 'groupName'],
      [{ groupName: 'ok', path: 'no-slashes' }, 'path'],
      [{ groupName: 7 }, 'groupName'],
    ] as const) {
      const response = await t.root.request<Json>('POST', '/v1/groups', body);
      expect([response.status, response.body.error.code]).toEqual([400, 'ValidationError']);
      expect(response.body.error.message).toContain(field);
    }
  });

  it('adds, lists and removes members, in GetGroup and ListGroupsForUser', async () => {
    expect((await t.root.request('PUT', '/v1/groups/admins/members/alice')).status).toBe(204);
    expect((await t.root.request('PUT', '/v1/groups/ADMINS/members/BOB')).status).toBe(204);
    // Adding a member again succeeds and changes nothing, as AWS answers.
    expect((await t.root.request('PUT', '/v1/groups/admins/members/alice')).status).toBe(204);

    const group = await t.root.request<Json>('GET', '/v1/groups/admins');
    expect(names(group.body.users, 'userName')).toEqual(['alice', 'bob']);
    expect(group.body.users[0]).toEqual({
      userName: 'alice',
      userId: expect.stringMatching(/^AIDA/),
      arn: `arn:aws:iam::${t.rootAccountId}:user/alice`,
      path: '/',
      createDate: expect.any(String),
    });
    const firstMember = await t.root.request<Json>('GET', '/v1/groups/admins?maxItems=1');
    expect([names(firstMember.body.users, 'userName'), firstMember.body.isTruncated]).toEqual([
      ['alice'],
      true,
    ]);

    const forAlice = await t.root.request<Json>('GET', '/v1/users/alice/groups');
    expect(forAlice.status).toBe(200);
    expect(forAlice.body).toEqual({ groups: [group.body.group], isTruncated: false });

    // A renamed group keeps its members.
    await t.root.request('PATCH', '/v1/groups/admins', { newGroupName: 'operators' });
    expect(
      names((await t.root.request<Json>('GET', '/v1/users/alice/groups')).body.groups, 'groupName'),
    ).toEqual(['operators']);
    expect(names((await t.root.request<Json>('GET', '/v1/groups/operators')).body.users, 'userName')).toEqual(
      ['alice', 'bob'],
    );

    expect((await t.root.request('DELETE', '/v1/groups/operators/members/bob')).status).toBe(204);
    const notMember = await t.root.request<Json>('DELETE', '/v1/groups/operators/members/bob');
    expect([notMember.status, notMember.body.error.code]).toEqual([404, 'NoSuchEntity']);
    expect((await t.root.request<Json>('GET', '/v1/users/bob/groups')).body.groups).toEqual([]);
  });

  it('answers NoSuchEntity for a missing group or user', async () => {
    for (const [method, path] of [
      ['GET', '/v1/groups/nobody'],
      ['PATCH', '/v1/groups/nobody'],
      ['DELETE', '/v1/groups/nobody'],
      ['PUT', '/v1/groups/nobody/members/alice'],
      ['PUT', '/v1/groups/operators/members/nobody'],
      ['DELETE', '/v1/groups/operators/members/nobody'],
      ['GET', '/v1/users/nobody/groups'],
    ] as const) {
      const response = await t.root.request<Json>(method, path, method === 'PATCH' ? {} : undefined);
      expect({ method, path, status: response.status, code: response.body.error?.code }).toEqual({
        method,
        path,
        status: 404,
        code: 'NoSuchEntity',
      });
    }
  });

  it('answers DeleteConflict for a group with members and for a user in a group', async () => {
    const group = await t.root.request<Json>('DELETE', '/v1/groups/operators');
    expect([group.status, group.body.error]).toEqual([
      409,
      expect.objectContaining({
        code: 'DeleteConflict',
        message: 'Cannot delete entity, must remove users from group first.',
      }),
    ]);
    const user = await t.root.request<Json>('DELETE', '/v1/users/alice');
    expect([user.status, user.body.error.code]).toEqual([409, 'DeleteConflict']);
    expect(user.body.error.message).toContain('group');

    expect((await t.root.request('DELETE', '/v1/groups/operators/members/alice')).status).toBe(204);
    expect((await t.root.request('DELETE', '/v1/users/alice')).status).toBe(204);
    expect((await t.root.request('DELETE', '/v1/groups/operators')).status).toBe(204);
  });

  it('never both deletes a group and adds a member to it when the two race', async () => {
    await t.root.request('POST', '/v1/users', { userName: 'racer' });
    for (let i = 0; i < 5; i += 1) {
      await t.root.request('POST', '/v1/groups', { groupName: `race${i}` });
      const [added, deleted] = await Promise.all([
        t.root.request<Json>('PUT', `/v1/groups/race${i}/members/racer`),
        t.root.request<Json>('DELETE', `/v1/groups/race${i}`),
      ]);
      const outcome = [added.status, deleted.status];
      expect([
        [204, 409],
        [404, 204],
      ]).toContainEqual(outcome);
      const groups = (await t.root.request<Json>('GET', '/v1/users/racer/groups')).body.groups as Json[];
      expect(groups.some((g) => g.groupName === `race${i}`)).toBe(added.status === 204);
      if (added.status === 204) await t.root.request('DELETE', `/v1/groups/race${i}/members/racer`);
    }
    expect((await t.root.request('DELETE', '/v1/users/racer')).status).toBe(204);
  });

  it('documents every group route with its errors in the OpenAPI document', async () => {
    const paths = ((await (await fetch(`${t.app.url}/docs-json`)).json()) as Json).paths;
    for (const [path, method] of [
      ['/v1/groups', 'post'],
      ['/v1/groups', 'get'],
      ['/v1/groups/{groupName}', 'get'],
      ['/v1/groups/{groupName}', 'patch'],
      ['/v1/groups/{groupName}', 'delete'],
      ['/v1/groups/{groupName}/members/{userName}', 'put'],
      ['/v1/groups/{groupName}/members/{userName}', 'delete'],
      ['/v1/users/{userName}/groups', 'get'],
    ]) {
      expect(Object.keys(paths[path]?.[method]?.responses ?? {})).toEqual(
        expect.arrayContaining(['400', '403', '404', '409']),
      );
    }
  });

  it('holds a user to 10 groups (LimitExceeded)', async () => {
    for (let i = 0; i < 11; i += 1) await t.root.request('POST', '/v1/groups', { groupName: `q${i}` });
    for (let i = 0; i < 10; i += 1)
      expect((await t.root.request('PUT', `/v1/groups/q${i}/members/carol`)).status).toBe(204);
    const eleventh = await t.root.request<Json>('PUT', '/v1/groups/q10/members/carol');
    expect([eleventh.status, eleventh.body.error]).toEqual([
      409,
      expect.objectContaining({
        code: 'LimitExceeded',
        message: 'Cannot exceed quota for GroupsPerUser: 10',
      }),
    ]);
    expect((await t.root.request<Json>('GET', '/v1/users/carol/groups')).body.groups).toHaveLength(10);
    expect((await t.root.request<Json>('GET', '/v1/groups/q10')).body.users).toEqual([]);
  });

  it('keeps accounts apart: a member account cannot see or change the management account groups', async () => {
    const created = await t.root.request<Json>('POST', '/v1/accounts', { accountName: 'member' });
    expect(created.status).toBe(201);
    const memberRoot = t.root.withCredentials(created.body.rootAccessKey);

    expect((await memberRoot.request<Json>('GET', '/v1/groups')).body.groups).toEqual([]);
    expect((await memberRoot.request<Json>('GET', '/v1/groups/q0')).status).toBe(404);
    expect((await memberRoot.request<Json>('PATCH', '/v1/groups/q0', { newGroupName: 'x' })).status).toBe(
      404,
    );
    expect((await memberRoot.request<Json>('DELETE', '/v1/groups/q0')).status).toBe(404);
    expect((await memberRoot.request<Json>('PUT', '/v1/groups/q10/members/carol')).status).toBe(404);
    expect((await memberRoot.request<Json>('GET', '/v1/users/carol/groups')).status).toBe(404);

    // The same names in another account are other entities; a member of one account's group cannot join another's.
    expect((await memberRoot.request('POST', '/v1/groups', { groupName: 'q0' })).status).toBe(201);
    expect((await memberRoot.request('POST', '/v1/users', { userName: 'carol' })).status).toBe(201);
    expect((await memberRoot.request('PUT', '/v1/groups/q0/members/carol')).status).toBe(204);
    const memberAccount = (await memberRoot.request<Json>('GET', '/v1/me')).body.account;
    expect(names((await memberRoot.request<Json>('GET', '/v1/groups/q0')).body.users, 'arn')).toEqual([
      `arn:aws:iam::${memberAccount}:user/carol`,
    ]);
    expect(names((await t.root.request<Json>('GET', '/v1/groups/q0')).body.users, 'userName')).toEqual([
      'carol',
    ]);
    expect((await t.root.request<Json>('GET', '/v1/users/carol/groups')).body.groups).toHaveLength(10);
  });
});
