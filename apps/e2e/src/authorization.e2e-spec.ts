import type { SqlDatabase } from '@iam/event-store';
import { SQL_DATABASE } from '@iam/platform';
import { eventually, type SignedClient } from '@iam/testing';
import { startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const enc = encodeURIComponent;

/**
 * Authorization across services in distributed mode: policies written to the
 * policy service govern requests to the identity service once their events
 * have crossed Kafka into identity's authorization projection.
 */
describe('policies govern every service (distributed, real Kafka)', () => {
  let s: DistributedServices;
  let dev: { identity: SignedClient; policy: SignedClient; arn: string };

  /** A user with an access key, signed clients for identity and policy. */
  async function newUser(userName: string) {
    const user = await s.rootIdentity.request<Json>('POST', '/v1/users', { userName });
    expect(user.status).toBe(201);
    const key = await s.rootIdentity.request<Json>('POST', `/v1/users/${userName}/access-keys`);
    const credentials = key.body.accessKey;
    return {
      identity: s.rootIdentity.withCredentials(credentials),
      policy: s.rootPolicy.withCredentials(credentials),
      arn: user.body.user.arn as string,
    };
  }

  /** Waits until the status of a request is the one expected (propagation is asynchronous). */
  const becomes = (request: () => Promise<{ status: number }>, status: number) =>
    eventually(
      async () => (await request()).status,
      (got) => got === status,
      // Generous: a new consumer group first replays its topics (long on a broker kept up across runs).
      { timeoutMs: 30_000 },
    );

  beforeAll(async () => {
    s = await startDistributedServices();
    dev = await newUser('dev');
    expect((await s.rootIdentity.request('POST', '/v1/groups', { groupName: 'developers' })).status).toBe(
      201,
    );
    expect((await s.rootIdentity.request('PUT', '/v1/groups/developers/members/dev')).status).toBe(204);
  });

  afterAll(async () => {
    await s?.stop();
  });

  it('lets a user in a group with a managed policy do exactly what it allows', async () => {
    const created = await s.rootPolicy.request<Json>('POST', '/v1/policies', {
      policyName: 'ReadUsers',
      policyDocument: doc({ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers'], Resource: '*' }),
    });
    expect(created.status).toBe(201);
    const policyArn = created.body.policy.arn as string;
    await becomes(
      () => s.rootPolicy.request('PUT', `/v1/groups/developers/attached-policies/${enc(policyArn)}`),
      204,
    );

    // Reaches identity through Kafka (how fast: npm run bench:propagation, not a timed test).
    await becomes(() => dev.identity.request('GET', '/v1/users/dev'), 200);
    expect((await dev.identity.request('GET', '/v1/users')).status).toBe(200);

    const denied = await dev.identity.request<Json>('POST', '/v1/users', { userName: 'intruder' });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      code: 'AccessDenied',
      message: `User: ${dev.arn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${s.accountId}:user/intruder because no identity-based policy allows the iam:CreateUser action`,
    });
    // The policy service itself is governed too.
    expect((await dev.policy.request('GET', '/v1/policies')).status).toBe(403);
  });

  it('lets an explicit deny win over an allow', async () => {
    await s.rootIdentity.request('POST', '/v1/users', { userName: 'secret-agent' });
    expect((await dev.identity.request('GET', '/v1/users/secret-agent')).status).toBe(200);
    const put = await s.rootPolicy.request('PUT', '/v1/users/dev/policies/NoSecrets', {
      policyDocument: doc({
        Effect: 'Deny',
        Action: 'iam:GetUser',
        Resource: `arn:aws:iam::${s.accountId}:user/secret-*`,
      }),
    });
    expect(put.status).toBe(204);
    await becomes(() => dev.identity.request('GET', '/v1/users/secret-agent'), 403);
    const denied = await dev.identity.request<Json>('GET', '/v1/users/secret-agent');
    expect(denied.body.error.message).toContain('with an explicit deny in an identity-based policy');
    expect((await dev.identity.request('GET', '/v1/users/dev')).status).toBe(200);
  });

  it('caps an administrator with a permissions boundary', async () => {
    const admin = await newUser('boxed-admin');
    // The policy service learns of the new user from identity's events: retry until it knows it.
    await becomes(
      () =>
        s.rootPolicy.request(
          'PUT',
          `/v1/users/boxed-admin/attached-policies/${enc('arn:aws:iam::aws:policy/AdministratorAccess')}`,
        ),
      204,
    );
    await becomes(() => admin.identity.request('POST', '/v1/groups', { groupName: 'made-by-admin' }), 201);

    const bounded = await s.rootPolicy.request('PUT', '/v1/users/boxed-admin/permissions-boundary', {
      policyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
    });
    expect(bounded.status).toBe(204);
    await becomes(() => admin.identity.request('POST', '/v1/groups', { groupName: 'blocked' }), 403);
    const denied = await admin.identity.request<Json>('POST', '/v1/groups', { groupName: 'blocked' });
    expect(denied.body.error.message).toContain(
      'because no permissions boundary allows the iam:CreateGroup action',
    );
    expect((await admin.identity.request('GET', '/v1/groups')).status).toBe(200);
  });

  it('evaluates conditions on request context: aws:SourceIp and aws:RequestTag', async () => {
    const ip = await newUser('ip-bound');
    const office = () =>
      s.rootPolicy.request('PUT', '/v1/users/ip-bound/policies/FromOffice', {
        policyDocument: doc(
          {
            Effect: 'Allow',
            Action: 'iam:ListGroups',
            Resource: '*',
            Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
          },
          {
            Effect: 'Allow',
            Action: 'iam:ListRoles',
            Resource: '*',
            Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } },
          },
          {
            Effect: 'Allow',
            Action: 'iam:CreateUser',
            Resource: '*',
            Condition: { StringEquals: { 'aws:RequestTag/team': 'payments' } },
          },
        ),
      });
    await becomes(office, 204);
    await becomes(() => ip.identity.request('GET', '/v1/roles'), 200);
    expect((await ip.identity.request('GET', '/v1/groups')).status).toBe(403);
    const untagged = await ip.identity.request('POST', '/v1/users', { userName: 'no-tag' });
    expect(untagged.status).toBe(403);
    const tagged = await ip.identity.request('POST', '/v1/users', {
      userName: 'tagged',
      tags: [{ key: 'team', value: 'payments' }],
    });
    expect(tagged.status).toBe(201);
  });

  it('fills aws:RequestedRegion and aws:UserAgent, so conditions on them work on this API', async () => {
    const tool = await newUser('deploy-tool');
    const policy = () =>
      s.rootPolicy.request('PUT', '/v1/users/deploy-tool/policies/FromTheTool', {
        policyDocument: doc(
          {
            Effect: 'Allow',
            Action: 'iam:ListRoles',
            Resource: '*',
            Condition: {
              StringLike: { 'aws:UserAgent': 'deploy-tool/*' },
              StringEquals: { 'aws:RequestedRegion': 'us-east-1' },
            },
          },
          {
            Effect: 'Allow',
            Action: 'iam:ListGroups',
            Resource: '*',
            Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
          },
        ),
      });
    await becomes(policy, 204);
    const asTool = {
      tamper: (headers: Record<string, string>) => (headers['user-agent'] = 'deploy-tool/2.1'),
    };
    await becomes(() => tool.identity.request('GET', '/v1/roles', undefined, asTool), 200);
    expect((await tool.identity.request('GET', '/v1/roles')).status).toBe(403);
    expect((await tool.identity.request('GET', '/v1/groups', undefined, asTool)).status).toBe(403);
  });

  it('takes a detachment into effect', async () => {
    const listed = await s.rootPolicy.request<Json>('GET', '/v1/groups/developers/attached-policies');
    const policyArn = listed.body.attachedPolicies[0].policyArn as string;
    expect(
      (await s.rootPolicy.request('DELETE', `/v1/groups/developers/attached-policies/${enc(policyArn)}`))
        .status,
    ).toBe(204);
    await becomes(() => dev.identity.request('GET', '/v1/users/dev'), 403);
  });

  it('keeps accounts apart: another account cannot use or see this account’s policies', async () => {
    const member = await s.rootIdentity.request<Json>('POST', '/v1/accounts', { accountName: 'other' });
    const otherRoot = s.rootPolicy.withCredentials(member.body.rootAccessKey);
    await becomes(() => otherRoot.request('GET', '/v1/policies?scope=Local'), 200);
    const theirs = await otherRoot.request<Json>('GET', '/v1/policies?scope=Local');
    expect(theirs.body.policies).toEqual([]);
    const ours = await s.rootPolicy.request<Json>('GET', '/v1/policies?scope=Local');
    const arn = ours.body.policies[0].arn as string;
    expect([403, 404]).toContain((await otherRoot.request('GET', `/v1/policies/${enc(arn)}`)).status);
    expect([403, 404]).toContain(
      (await otherRoot.request('PUT', `/v1/users/dev/attached-policies/${enc(arn)}`)).status,
    );
  });

  it('rejects every bad document, ARN or name with a 400 that names the problem', async () => {
    const bad = await s.rootPolicy.request<Json>('POST', '/v1/policies', {
      policyName: 'Broken',
      policyDocument: doc({
        Effect: 'Allow',
        Action: 'iam:GetUser',
        Resource: '*',
        Condition: { StringEqualz: { 'aws:username': 'x' } },
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('MalformedPolicyDocument');
    expect(bad.body.error.message).toContain('StringEqualz');
    const notJson = await s.rootPolicy.request<Json>('PUT', '/v1/users/dev/policies/x', {
      policyDocument: '{not json',
    });
    expect(notJson.status).toBe(400);
    const badName = await s.rootPolicy.request<Json>('POST', '/v1/policies', {
      policyName: 'bad name!',
      policyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
    });
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toContain('policyName');
    const badArn = await s.rootPolicy.request<Json>('GET', `/v1/policies/${enc('not-an-arn')}`);
    expect([400, 404]).toContain(badArn.status);
  });

  it('makes identity refuse to delete a principal that still has policies (DeleteConflict)', async () => {
    await s.rootIdentity.request('POST', '/v1/roles', {
      roleName: 'with-policy',
      assumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${s.accountId}:root` },
        Action: 'sts:AssumeRole',
      }),
    });
    await becomes(
      () =>
        s.rootPolicy.request(
          'PUT',
          `/v1/roles/with-policy/attached-policies/${enc('arn:aws:iam::aws:policy/IAMReadOnlyAccess')}`,
        ),
      204,
    );
    // Identity learns of the attachment from the policy service's events; wait for its projection.
    const role = await s.rootIdentity.request<Json>('GET', '/v1/roles/with-policy');
    await eventually(
      async () => {
        const { rows } = await s.identity.app
          .get<SqlDatabase>(SQL_DATABASE)
          .query<{ attached: string[] }>(
            `SELECT attached FROM "${s.infra.schemaPrefix}identity".authz_principals WHERE principal_key = $1`,
            [`role:${role.body.role.roleId}`],
          );
        return rows[0]?.attached.length ?? 0;
      },
      (n) => n === 1,
    );
    const conflict = await s.rootIdentity.request<Json>('DELETE', '/v1/roles/with-policy');
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('DeleteConflict');
    expect(conflict.body.error.message).toMatch(/polic/);
    await s.rootPolicy.request(
      'DELETE',
      `/v1/roles/with-policy/attached-policies/${enc('arn:aws:iam::aws:policy/IAMReadOnlyAccess')}`,
    );
    await becomes(() => s.rootIdentity.request('DELETE', '/v1/roles/with-policy'), 204);
  });

  it('names resources with their path, so path-scoped policies match as in AWS', async () => {
    await s.rootIdentity.request('POST', '/v1/users', { userName: 'pathed', path: '/division/' });
    const viewer = await newUser('division-viewer');
    const grant = () =>
      s.rootPolicy.request('PUT', '/v1/users/division-viewer/policies/Division', {
        policyDocument: doc({
          Effect: 'Allow',
          Action: 'iam:GetUser',
          Resource: `arn:aws:iam::${s.accountId}:user/division/*`,
        }),
      });
    await becomes(grant, 204);
    await becomes(() => viewer.identity.request('GET', '/v1/users/pathed'), 200);
    const outside = await viewer.identity.request<Json>('GET', '/v1/users/dev');
    expect(outside.status).toBe(403);
    expect(outside.body.error.message).toContain(`on resource: arn:aws:iam::${s.accountId}:user/dev `);
  });

  it('holds a path-scoped deny on an entity from its first moment, before its event has crossed Kafka', async () => {
    const admin = await newUser('guarded-admin');
    const policy = () =>
      s.rootPolicy.request('PUT', '/v1/users/guarded-admin/policies/AllButProtected', {
        policyDocument: doc(
          { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
          { Effect: 'Deny', Action: 'iam:TagUser', Resource: `arn:aws:iam::${s.accountId}:user/protected/*` },
        ),
      });
    await becomes(policy, 204);
    await becomes(() => admin.identity.request('GET', '/v1/users/dev'), 200);
    for (const n of [1, 2, 3]) {
      const userName = `protected-${n}`;
      const created = await admin.identity.request('POST', '/v1/users', { userName, path: '/protected/' });
      expect(created.status).toBe(201);
      // At once: identity names the new user with its path from its own tables.
      const tagged = await admin.identity.request<Json>('POST', `/v1/users/${userName}/tags`, {
        tags: [{ key: 'k', value: 'v' }],
      });
      expect(tagged.status).toBe(403);
      expect(tagged.body.error.message).toBe(
        `User: ${admin.arn} is not authorized to perform: iam:TagUser on resource: arn:aws:iam::${s.accountId}:user/protected/${userName} with an explicit deny in an identity-based policy`,
      );
    }
  });
});
