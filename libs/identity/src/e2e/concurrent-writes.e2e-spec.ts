import { startIdentityTestApp, type IdentityTestApp } from './identity-test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Writers racing on one stream, on real Postgres: each loser of the version
 * race is retried with the fresh state instead of answering 409 (AWS accepts
 * all of them).
 */
describe('concurrent writes to one entity', () => {
  let t: IdentityTestApp;

  beforeAll(async () => {
    t = await startIdentityTestApp();
    expect((await t.root.request('POST', '/v1/users', { userName: 'racer' })).status).toBe(201);
    expect((await t.root.request('POST', '/v1/groups', { groupName: 'crowd' })).status).toBe(201);
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('applies twenty concurrent TagUser on one user, each one', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.root.request<Json>('POST', '/v1/users/racer/tags', { tags: [{ key: `k${i}`, value: `v${i}` }] }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(204));
    const user = await t.root.request<Json>('GET', '/v1/users/racer');
    const keys = (user.body.user.tags as { key: string }[]).map((tag) => tag.key).sort();
    expect(keys).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`).sort());
  });

  it('adds twenty users to one group concurrently, each one', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `member${i}`);
    for (const userName of names) await t.root.request('POST', '/v1/users', { userName });
    const answers = await Promise.all(
      names.map((userName) => t.root.request('PUT', `/v1/groups/crowd/members/${userName}`)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(204));
    const group = await t.root.request<Json>('GET', '/v1/groups/crowd?maxItems=100');
    expect((group.body.users as Json[]).map((u) => u.userName).sort()).toEqual([...names].sort());
  });
});
