import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import type { RunningApp } from '@iam/platform';
import { eventually, SignedClient } from '@iam/testing';
import { startStandalone } from './standalone-app';

type Json = Record<string, unknown>;

/**
 * The 2xx response schemas of the OpenAPI document say what the routes
 * really answer: each call below is checked against its operation's schema
 * from /docs-json, made strict (no property the schema does not name), so a
 * field missing from the answer or from the schema fails here.
 */
describe('OpenAPI response schemas against real answers (standalone)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-openapi-'));
  let app: RunningApp;
  let root: SignedClient;
  let document: Json;
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    // ISO 8601 date-times as the routes write them (Date#toISOString).
    formats: { 'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/ },
  });
  const checked = new Set<string>();

  beforeAll(async () => {
    app = await startStandalone(dataDir);
    root = new SignedClient(
      app.url,
      JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8')),
    );
    document = (await (await fetch(`${app.url}/docs-json`)).json()) as Json;
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Calls one route and checks its answer against the schema its operation documents for that status. */
  async function call(
    operationId: string,
    method: string,
    route: string,
    body?: unknown,
    client: SignedClient = root,
  ): Promise<Json> {
    const response = await client.request<Json>(method, route, body);
    const operation = Object.values(document.paths as Record<string, Record<string, Json>>)
      .flatMap((item) => Object.values(item))
      .find((candidate) => candidate.operationId === operationId);
    const responses = operation?.responses as Record<string, Json> | undefined;
    const schema = (responses?.[String(response.status)]?.content as Record<string, Json> | undefined)?.[
      'application/json'
    ]?.schema;
    expect(`${operationId}: ${response.status} documented with a schema: ${schema !== undefined}`).toBe(
      `${operationId}: ${response.status} documented with a schema: true`,
    );
    const validate = ajv.compile(strict(schema as Json));
    const valid = validate(response.body);
    expect({ operationId, errors: valid ? [] : validate.errors }).toEqual({ operationId, errors: [] });
    checked.add(operationId);
    return response.body;
  }

  it('answers identity routes as documented', async () => {
    await call('CreateUser', 'POST', '/v1/users', {
      userName: 'doc-alice',
      tags: [{ key: 'team', value: 'a' }],
    });
    await call('ListUsers', 'GET', '/v1/users');
    await call('GetUser', 'GET', '/v1/users/doc-alice');
    await call('UpdateUser', 'PATCH', '/v1/users/doc-alice', { newUserName: 'doc-alicia' });
    await call('ListUserTags', 'GET', '/v1/users/doc-alicia/tags');
    await call('CreateGroup', 'POST', '/v1/groups', { groupName: 'doc-team' });
    expect((await root.request('PUT', '/v1/groups/doc-team/members/doc-alicia')).status).toBe(204);
    await call('ListGroups', 'GET', '/v1/groups');
    await call('GetGroup', 'GET', '/v1/groups/doc-team');
    await call('UpdateGroup', 'PATCH', '/v1/groups/doc-team', { newGroupName: 'doc-crew' });
    await call('ListGroupsForUser', 'GET', '/v1/users/doc-alicia/groups');
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
      ],
    });
    await call('CreateRole', 'POST', '/v1/roles', { roleName: 'doc-role', assumeRolePolicyDocument: trust });
    await call('ListRoles', 'GET', '/v1/roles');
    await call('GetRole', 'GET', '/v1/roles/doc-role');
    await call('UpdateRole', 'PATCH', '/v1/roles/doc-role', { description: 'documented' });
    await call('UpdateRoleDescription', 'PUT', '/v1/roles/doc-role/description', { description: 'again' });
    await call('ListRoleTags', 'GET', '/v1/roles/doc-role/tags');
    const { accessKey } = await call('CreateAccessKey', 'POST', '/v1/users/doc-alicia/access-keys');
    await call('ListAccessKeys', 'GET', '/v1/users/doc-alicia/access-keys');
    await call('GetAccessKeyLastUsed', 'GET', `/v1/access-keys/${(accessKey as Json).accessKeyId}/last-used`);
    await call('CreateLoginProfile', 'PUT', '/v1/users/doc-alicia/login-profile', {
      password: 'Correct-Horse-9-Battery!',
    });
    await call('CreateLoginProfile', 'PUT', '/v1/users/doc-alicia/login-profile', {
      password: 'Another-Horse-8-Battery!',
    });
    await call('GetLoginProfile', 'GET', '/v1/users/doc-alicia/login-profile');
    await call('CreateVirtualMFADevice', 'POST', '/v1/mfa-devices', { virtualMfaDeviceName: 'doc-phone' });
    await call('ListVirtualMFADevices', 'GET', '/v1/mfa-devices');
    await call('ListMFADevices', 'GET', '/v1/users/doc-alicia/mfa-devices');
    await call('GetCaller', 'GET', '/v1/me');
    expect(checked.size).toBe(25);
  });

  it('answers managed-policy routes as documented', async () => {
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }],
    });
    const { policy } = await call('CreatePolicy', 'POST', '/v1/policies', {
      policyName: 'doc-policy',
      policyDocument: document,
    });
    const arn = encodeURIComponent((policy as Json).arn as string);
    await call('GetPolicy', 'GET', `/v1/policies/${arn}`);
    await call('ListPolicies', 'GET', '/v1/policies?maxItems=5');
    await call('CreatePolicyVersion', 'POST', `/v1/policies/${arn}/versions`, { policyDocument: document });
    await call('ListPolicyVersions', 'GET', `/v1/policies/${arn}/versions`);
    await call('GetPolicyVersion', 'GET', `/v1/policies/${arn}/versions/v1`);
    expect((await root.request('PUT', `/v1/users/doc-alicia/attached-policies/${arn}`)).status).toBe(204);
    await call('ListEntitiesForPolicy', 'GET', `/v1/policies/${arn}/entities`);
    await call('GetAccountAuthorizationDetails', 'GET', '/v1/account-authorization-details');
  });

  it('answers the access advisor routes as documented', async () => {
    const { accountId } = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    const arn = `arn:aws:iam::${accountId}:user/doc-alicia`;
    // The audit service learns of the user from identity's events.
    await eventually(
      () => root.request('GET', `/v1/last-accessed?arn=${encodeURIComponent(arn)}`),
      (r) => r.status === 200,
    );
    const { jobId } = await call('GenerateServiceLastAccessedDetails', 'POST', '/v1/last-accessed/jobs', {
      arn,
      granularity: 'ACTION_LEVEL',
    });
    await call('GetServiceLastAccessedDetails', 'GET', `/v1/last-accessed/jobs/${String(jobId)}?maxItems=5`);
    await call('ServiceLastAccessedDetails', 'GET', `/v1/last-accessed?arn=${encodeURIComponent(arn)}`);
  });

  it('answers STS routes as documented', async () => {
    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    const signedForSts = new SignedClient(app.url, credentials, { service: 'sts' });
    await call('GetSessionToken', 'POST', '/v1/sts/session-token', {}, signedForSts);
    await call('GetCallerIdentity', 'POST', '/v1/sts/caller-identity', {}, signedForSts);
    await call('GetFederationToken', 'POST', '/v1/sts/federation-token', { name: 'doc-fed' }, signedForSts);
  });
});

/** The schema with `additionalProperties: false` on every object that names its properties. */
function strict(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map((item) => strict(item)) as unknown as Json;
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Json = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, strict(value as Json)]),
  );
  if (copy.type === 'object' && copy.properties && copy.additionalProperties === undefined)
    copy.additionalProperties = false;
  return copy;
}
