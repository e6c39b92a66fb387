import { startIdentityTestApp, type IdentityTestApp } from './identity-test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The caller's account over signed HTTP: summary, alias (unique across accounts) and member accounts. */
describe('accounts over signed HTTP', () => {
  let t: IdentityTestApp;

  beforeAll(async () => {
    t = await startIdentityTestApp();
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('summarizes the caller account with its counts', async () => {
    const before = await t.root.request<Json>('GET', '/v1/account');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      accountId: t.rootAccountId,
      accountName: 'management',
      accountAlias: null,
      managementAccount: true,
    });
    expect((await t.root.request('POST', '/v1/users', { userName: 'counted' })).status).toBe(201);
    expect((await t.root.request('POST', '/v1/groups', { groupName: 'counted' })).status).toBe(201);
    const after = await t.root.request<Json>('GET', '/v1/account');
    expect(after.body.summaryMap).toMatchObject({
      Users: before.body.summaryMap.Users + 1,
      Groups: before.body.summaryMap.Groups + 1,
      UsersQuota: 5000,
    });
  });

  it('sets, replaces and deletes the alias, which no other account may take meanwhile', async () => {
    const created = await t.root.request<Json>('POST', '/v1/accounts', { accountName: 'aliased-member' });
    expect(created.status).toBe(201);
    const member = t.root.withCredentials(created.body.rootAccessKey);
    const memberSummary = await member.request<Json>('GET', '/v1/account');
    expect(memberSummary.body).toMatchObject({
      accountId: created.body.account.accountId,
      accountName: 'aliased-member',
      managementAccount: false,
    });

    expect((await t.root.request('PUT', '/v1/account/alias', { accountAlias: 'first-alias' })).status).toBe(
      204,
    );
    expect((await t.root.request<Json>('GET', '/v1/account')).body.accountAlias).toBe('first-alias');
    const taken = await member.request<Json>('PUT', '/v1/account/alias', { accountAlias: 'first-alias' });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'EntityAlreadyExists']);

    // Replacing frees the old alias for the other account.
    expect((await t.root.request('PUT', '/v1/account/alias', { accountAlias: 'second-alias' })).status).toBe(
      204,
    );
    expect((await member.request('PUT', '/v1/account/alias', { accountAlias: 'first-alias' })).status).toBe(
      204,
    );
    expect((await member.request<Json>('GET', '/v1/account')).body.accountAlias).toBe('first-alias');

    expect((await t.root.request('DELETE', '/v1/account/alias')).status).toBe(204);
    expect((await t.root.request<Json>('GET', '/v1/account')).body.accountAlias).toBeNull();
    const none = await t.root.request<Json>('DELETE', '/v1/account/alias');
    expect([none.status, none.body.error.code]).toEqual([404, 'NoSuchEntity']);
  });

  it('lets only the management account create accounts', async () => {
    const created = await t.root.request<Json>('POST', '/v1/accounts', { accountName: 'plain-member' });
    const member = t.root.withCredentials(created.body.rootAccessKey);
    const refused = await member.request<Json>('POST', '/v1/accounts', { accountName: 'nested' });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'AccessDenied']);
    expect(refused.body.error.message).toContain('only the management account can create accounts');
  });
});
