import { startIdentityTestApp, type IdentityTestApp } from './identity-test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const trust = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const ec2Trust = trust({
  Effect: 'Allow',
  Principal: { Service: 'ec2.amazonaws.com' },
  Action: 'sts:AssumeRole',
});

/** Roles and their trust policies over signed HTTP, on real Postgres, Redis and Kafka. */
describe('roles over signed HTTP', () => {
  let t: IdentityTestApp;

  beforeAll(async () => {
    t = await startIdentityTestApp();
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('creates, gets, lists, updates and deletes a role', async () => {
    const created = await t.root.request<Json>('POST', '/v1/roles', {
      roleName: 'deployer',
      path: '/service-role/',
      assumeRolePolicyDocument: ec2Trust,
      description: 'Deploys things',
      tags: [{ key: 'team', value: 'platform' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.role).toEqual({
      roleName: 'deployer',
      roleId: expect.stringMatching(/^AROA[A-Z2-7]{17}$/),
      arn: `arn:aws:iam::${t.rootAccountId}:role/service-role/deployer`,
      path: '/service-role/',
      createDate: expect.any(String),
      description: 'Deploys things',
      maxSessionDuration: 3600,
      assumeRolePolicyDocument: ec2Trust,
      tags: [{ key: 'team', value: 'platform' }],
    });
    await t.root.request('POST', '/v1/roles', {
      roleName: 'auditor',
      assumeRolePolicyDocument: ec2Trust,
      maxSessionDuration: 43200,
    });

    expect((await t.root.request<Json>('GET', '/v1/roles/DEPLOYER')).body).toEqual({
      role: created.body.role,
    });
    const listed = await t.root.request<Json>('GET', '/v1/roles');
    expect(listed.body.roles.map((r: Json) => r.roleName)).toEqual(['auditor', 'deployer']);
    expect(listed.body.roles[0]).toMatchObject({ maxSessionDuration: 43200, description: '' });
    const byPath = await t.root.request<Json>('GET', '/v1/roles?pathPrefix=/service-role/');
    expect(byPath.body.roles.map((r: Json) => r.roleName)).toEqual(['deployer']);
    const paged = await t.root.request<Json>('GET', '/v1/roles?maxItems=1');
    expect([paged.body.roles.map((r: Json) => r.roleName), paged.body.isTruncated]).toEqual([
      ['auditor'],
      true,
    ]);

    const updated = await t.root.request<Json>('PATCH', '/v1/roles/deployer', { maxSessionDuration: 7200 });
    expect(updated.status).toBe(200);
    // A field left out keeps its value, as AWS UpdateRole does.
    expect(updated.body.role).toMatchObject({ description: 'Deploys things', maxSessionDuration: 7200 });
    const described = await t.root.request<Json>('PATCH', '/v1/roles/deployer', { description: '' });
    expect(described.body.role).toMatchObject({ description: '', maxSessionDuration: 7200 });

    const lambdaTrust = trust({
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    const replaced = await t.root.request('PUT', '/v1/roles/deployer/trust-policy', {
      policyDocument: lambdaTrust,
    });
    expect(replaced.status).toBe(204);
    expect((await t.root.request<Json>('GET', '/v1/roles/deployer')).body.role.assumeRolePolicyDocument).toBe(
      lambdaTrust,
    );

    expect((await t.root.request('DELETE', '/v1/roles/deployer')).status).toBe(204);
    const gone = await t.root.request<Json>('GET', '/v1/roles/deployer');
    expect([gone.status, gone.body.error]).toEqual([
      404,
      expect.objectContaining({
        code: 'NoSuchEntity',
        message: 'The role with name deployer cannot be found.',
      }),
    ]);
    // The name is free again.
    expect(
      (
        await t.root.request('POST', '/v1/roles', {
          roleName: 'Deployer',
          assumeRolePolicyDocument: ec2Trust,
        })
      ).status,
    ).toBe(201);
  });

  it('keeps a trust policy with white space as given', async () => {
    const pretty = JSON.stringify(JSON.parse(ec2Trust), null, 2);
    const created = await t.root.request<Json>('POST', '/v1/roles', {
      roleName: 'pretty',
      assumeRolePolicyDocument: pretty,
    });
    expect(created.body.role.assumeRolePolicyDocument).toBe(pretty);
  });

  it('refuses duplicate names case-insensitively', async () => {
    const duplicate = await t.root.request<Json>('POST', '/v1/roles', {
      roleName: 'AUDITOR',
      assumeRolePolicyDocument: ec2Trust,
    });
    expect([duplicate.status, duplicate.body.error]).toEqual([
      409,
      expect.objectContaining({
        code: 'EntityAlreadyExists',
        message: 'Role with name AUDITOR already exists.',
      }),
    ]);
  });

  it('answers MalformedPolicyDocument naming the element for a bad trust policy', async () => {
    const cases: [string, RegExp][] = [
      [trust({ Effect: 'Allow', Action: 'sts:AssumeRole' }), /Principal/],
      [
        trust({
          Effect: 'Allow',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Condition: { StringEqualz: { a: 'b' } },
        }),
        /StringEqualz/,
      ],
      [trust({ Effect: 'Permit', Principal: '*', Action: 'sts:AssumeRole' }), /Permit/],
      ['{"Version": ', /Syntax errors/],
      [trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }), /Resource/],
    ];
    for (const [document, message] of cases) {
      const response = await t.root.request<Json>('POST', '/v1/roles', {
        roleName: 'bad',
        assumeRolePolicyDocument: document,
      });
      expect([response.status, response.body.error.code]).toEqual([400, 'MalformedPolicyDocument']);
      expect(response.body.error.message).toMatch(message);
      const update = await t.root.request<Json>('PUT', '/v1/roles/auditor/trust-policy', {
        policyDocument: document,
      });
      expect([update.status, update.body.error.code]).toEqual([400, 'MalformedPolicyDocument']);
    }
    const missingPrincipal = await t.root.request<Json>('POST', '/v1/roles', {
      roleName: 'bad',
      assumeRolePolicyDocument: cases[0][0],
    });
    // IAM's words first, then the element.
    expect(missingPrincipal.body.error.message).toBe(
      'Missing required field Principal (Statement[0].Principal)',
    );
    expect((await t.root.request<Json>('GET', '/v1/roles/bad')).status).toBe(404);
  });

  it('answers LimitExceeded for a trust policy over 2,048 characters', async () => {
    const principals = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::${100000000000 + i}:root`);
    const response = await t.root.request<Json>('POST', '/v1/roles', {
      roleName: 'big',
      assumeRolePolicyDocument: trust({
        Effect: 'Allow',
        Principal: { AWS: principals },
        Action: 'sts:AssumeRole',
      }),
    });
    expect([response.status, response.body.error.code]).toEqual([409, 'LimitExceeded']);
    expect(response.body.error.message).toContain('2048');
  });

  it('answers 400 naming the field for bad input', async () => {
    const cases: [Json, string][] = [
      [{ roleName: 'r', assumeRolePolicyDocument: ec2Trust, maxSessionDuration: 3599 }, 'maxSessionDuration'],
      [
        { roleName: 'r', assumeRolePolicyDocument: ec2Trust, maxSessionDuration: 43201 },
        'maxSessionDuration',
      ],
      [
        { roleName: 'r', assumeRolePolicyDocument: ec2Trust, maxSessionDuration: 'long' },
        'maxSessionDuration',
      ],
      [{ roleName: 'has space', assumeRolePolicyDocument: ec2Trust }, 'roleName'],
      [{ roleName: 'r'.repeat(65), assumeRolePolicyDocument: ec2Trust }, 'roleName'],
      [{ roleName: 'r', assumeRolePolicyDocument: ec2Trust, path: 'x' }, 'path'],
      [{ roleName: 'r', assumeRolePolicyDocument: ec2Trust, description: 'd'.repeat(1001) }, 'description'],
      [{ roleName: 'r' }, 'assumeRolePolicyDocument'],
      [{ roleName: 'r', assumeRolePolicyDocument: JSON.parse(ec2Trust) }, 'assumeRolePolicyDocument'],
    ];
    for (const [body, field] of cases) {
      const response = await t.root.request<Json>('POST', '/v1/roles', body);
      expect({ field, status: response.status, code: response.body.error?.code }).toEqual({
        field,
        status: 400,
        code: 'ValidationError',
      });
      expect(response.body.error.message).toContain(field);
    }
    const update = await t.root.request<Json>('PATCH', '/v1/roles/auditor', { maxSessionDuration: 60 });
    expect([update.status, update.body.error.code]).toEqual([400, 'ValidationError']);
    expect(update.body.error.message).toContain('maxSessionDuration');
  });

  it('tags and untags a role', async () => {
    expect(
      (
        await t.root.request('POST', '/v1/roles/auditor/tags', {
          tags: [
            { key: 'team', value: 'security' },
            { key: 'env', value: 'prod' },
          ],
        })
      ).status,
    ).toBe(204);
    // Keys are case-insensitive: TEAM replaces team.
    await t.root.request('POST', '/v1/roles/auditor/tags', { tags: [{ key: 'TEAM', value: 'audit' }] });
    expect((await t.root.request<Json>('GET', '/v1/roles/auditor')).body.role.tags).toEqual([
      { key: 'env', value: 'prod' },
      { key: 'TEAM', value: 'audit' },
    ]);
    expect((await t.root.request('DELETE', '/v1/roles/auditor/tags?tagKeys=team,missing')).status).toBe(204);
    expect((await t.root.request<Json>('GET', '/v1/roles/auditor')).body.role.tags).toEqual([
      { key: 'env', value: 'prod' },
    ]);
    const tooMany = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    const limited = await t.root.request<Json>('POST', '/v1/roles/auditor/tags', { tags: tooMany });
    expect([limited.status, limited.body.error.code]).toEqual([409, 'LimitExceeded']);
    const badTag = await t.root.request<Json>('POST', '/v1/roles/auditor/tags', {
      tags: [{ key: '', value: 'v' }],
    });
    expect([badTag.status, badTag.body.error.code]).toEqual([400, 'ValidationError']);
  });

  it('answers NoSuchEntity for a missing role', async () => {
    for (const [method, path, body] of [
      ['GET', '/v1/roles/nobody', undefined],
      ['PATCH', '/v1/roles/nobody', { description: 'x' }],
      ['DELETE', '/v1/roles/nobody', undefined],
      ['PUT', '/v1/roles/nobody/trust-policy', { policyDocument: ec2Trust }],
      ['POST', '/v1/roles/nobody/tags', { tags: [{ key: 'a', value: 'b' }] }],
      ['DELETE', '/v1/roles/nobody/tags?tagKeys=a', undefined],
    ] as const) {
      const response = await t.root.request<Json>(method, path, body);
      expect({ method, path, status: response.status, code: response.body.error?.code }).toEqual({
        method,
        path,
        status: 404,
        code: 'NoSuchEntity',
      });
    }
  });

  it('documents every role route with its errors in the OpenAPI document', async () => {
    const response = await fetch(`${t.app.url}/docs-json`);
    expect(response.status).toBe(200);
    const paths = ((await response.json()) as Json).paths;
    for (const [path, method] of [
      ['/v1/roles', 'post'],
      ['/v1/roles', 'get'],
      ['/v1/roles/{roleName}', 'get'],
      ['/v1/roles/{roleName}', 'patch'],
      ['/v1/roles/{roleName}', 'delete'],
      ['/v1/roles/{roleName}/trust-policy', 'put'],
      ['/v1/roles/{roleName}/tags', 'post'],
      ['/v1/roles/{roleName}/tags', 'delete'],
    ]) {
      expect(Object.keys(paths[path]?.[method]?.responses ?? {})).toEqual(
        expect.arrayContaining(['400', '403', '404', '409']),
      );
    }
  });

  it('keeps accounts apart: a member account cannot see or change the management account roles', async () => {
    const created = await t.root.request<Json>('POST', '/v1/accounts', { accountName: 'member' });
    expect(created.status).toBe(201);
    const memberRoot = t.root.withCredentials(created.body.rootAccessKey);

    expect((await memberRoot.request<Json>('GET', '/v1/roles')).body.roles).toEqual([]);
    expect((await memberRoot.request<Json>('GET', '/v1/roles/auditor')).status).toBe(404);
    expect((await memberRoot.request<Json>('PATCH', '/v1/roles/auditor', { description: 'x' })).status).toBe(
      404,
    );
    expect(
      (await memberRoot.request<Json>('PUT', '/v1/roles/auditor/trust-policy', { policyDocument: ec2Trust }))
        .status,
    ).toBe(404);
    expect((await memberRoot.request<Json>('DELETE', '/v1/roles/auditor')).status).toBe(404);
    expect(
      (
        await memberRoot.request('POST', '/v1/roles', {
          roleName: 'auditor',
          assumeRolePolicyDocument: ec2Trust,
        })
      ).status,
    ).toBe(201);
    expect((await t.root.request<Json>('GET', '/v1/roles/auditor')).body.role.maxSessionDuration).toBe(43200);
  });
});
