import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import type { RunningApp } from '@iam/platform';
import { eventually, signedHeaders, SignedClient, TestSamlIdp, type Credentials } from '@iam/testing';
import { startStandalone } from './standalone-app';

type Json = Record<string, unknown>;

/**
 * The 2xx response schemas of the OpenAPI document say what the routes
 * really answer: each call below is checked against its operation's schema
 * from /docs-json, made strict (no property the schema does not name), so a
 * field missing from the answer or from the schema fails here. The two trail
 * streams (SSE, JSON Lines) are checked for their documented media type, and
 * an export line for fields its description does not name.
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
    expect(`${operationId}: ${response.status}`).toMatch(/: 2\d\d$/);
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
    conforms(operationId, schema as Json, response.body);
    return response.body;
  }

  function conforms(operationId: string, schema: Json, body: unknown): void {
    const validate = ajv.compile(strict(schema));
    const valid = validate(body);
    expect({ operationId, errors: valid ? [] : validate.errors }).toEqual({ operationId, errors: [] });
    checked.add(operationId);
  }

  function schemaOperation(operationId: string): Json {
    const operation = Object.values(document.paths as Record<string, Record<string, Json>>)
      .flatMap((item) => Object.values(item))
      .find((candidate) => candidate.operationId === operationId);
    expect(operation).toBeDefined();
    return operation as Json;
  }

  /** The 200 JSON schema documented for an operation. */
  function schemaOf(operationId: string): Json {
    const ok = (
      schemaOperation(operationId).responses as Record<string, { content: Record<string, { schema: Json }> }>
    )['200'];
    return ok.content['application/json'].schema;
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
    await call(
      'GetAccessKeyInfo',
      'POST',
      '/v1/sts/access-key-info',
      { accessKeyId: credentials.accessKeyId },
      signedForSts,
    );

    // A user without permissions is denied; the sealed explanation decodes.
    expect((await root.request('POST', '/v1/users', { userName: 'doc-nobody' })).status).toBe(201);
    const { accessKey } = (await root.request<Json>('POST', '/v1/users/doc-nobody/access-keys')).body;
    const denied = await new SignedClient(app.url, accessKey as Credentials).request<Json>(
      'GET',
      '/v1/users',
    );
    expect(denied.status).toBe(403);
    await call(
      'DecodeAuthorizationMessage',
      'POST',
      '/v1/sts/decode-authorization-message',
      { encodedMessage: (denied.body.error as Json).encodedAuthorizationMessage },
      signedForSts,
    );
    await call('RevokeRoleSessions', 'POST', '/v1/roles/doc-role/revoke-sessions');

    // SignIn is unsigned: the password is the credential (doc-alicia's login profile, above).
    const account = (await root.request<Json>('GET', '/v1/me')).body.account as string;
    const signIn = () =>
      fetch(`${app.url}/v1/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ account, userName: 'doc-alicia', password: 'Another-Horse-8-Battery!' }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
    const signedIn = await eventually(signIn, (r) => r.status === 200, { timeoutMs: 10_000 });
    conforms('SignIn', schemaOf('SignIn'), signedIn.body);
  });

  it('answers account and provider routes as documented', async () => {
    await call('GetAccountSummary', 'GET', '/v1/account');
    expect((await root.request('PUT', '/v1/account/alias', { accountAlias: 'doc-corp' })).status).toBe(204);
    await call('ListAccountAliases', 'GET', '/v1/account/aliases');
    expect((await root.request('PUT', '/v1/account/password-policy', { maxPasswordAge: 90 })).status).toBe(
      204,
    );
    await call('GetAccountPasswordPolicy', 'GET', '/v1/account/password-policy');
    await call('CreateAccount', 'POST', '/v1/accounts', { accountName: 'doc-member' });

    const { openIDConnectProviderArn } = await call(
      'CreateOpenIDConnectProvider',
      'POST',
      '/v1/oidc-providers',
      {
        url: 'https://oidc.doc.example.com',
        clientIDList: ['doc-app'],
        thumbprintList: ['a'.repeat(40)],
        tags: [{ key: 'team', value: 'a' }],
      },
    );
    const oidc = encodeURIComponent(openIDConnectProviderArn as string);
    await call('ListOpenIDConnectProviders', 'GET', '/v1/oidc-providers');
    await call('GetOpenIDConnectProvider', 'GET', `/v1/oidc-providers/${oidc}`);
    await call('ListOpenIDConnectProviderTags', 'GET', `/v1/oidc-providers/${oidc}/tags`);

    const idp = new TestSamlIdp();
    const { samlProviderArn } = await call('CreateSAMLProvider', 'POST', '/v1/saml-providers', {
      name: 'DocIdP',
      samlMetadataDocument: idp.metadata({ validUntil: new Date(Date.now() + 86_400_000) }),
    });
    const saml = encodeURIComponent(samlProviderArn as string);
    await call('ListSAMLProviders', 'GET', '/v1/saml-providers');
    await call('GetSAMLProvider', 'GET', `/v1/saml-providers/${saml}`);
    await call('UpdateSAMLProvider', 'PUT', `/v1/saml-providers/${saml}`, {
      samlMetadataDocument: idp.metadata(),
    });
    await call('ListSAMLProviderTags', 'GET', `/v1/saml-providers/${saml}/tags`);
  });

  it('answers principal-policy, simulation and validation routes as documented', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }],
    });
    const { policy: managed } = (
      await root.request<Json>('POST', '/v1/policies', {
        policyName: 'doc-boundary',
        policyDocument: policy,
        tags: [{ key: 'team', value: 'a' }],
      })
    ).body;
    const arn = (managed as Json).arn as string;
    await call('ListPolicyTags', 'GET', `/v1/policies/${encodeURIComponent(arn)}/tags`);
    expect((await root.request('POST', '/v1/users', { userName: 'doc-bea' })).status).toBe(201);
    expect((await root.request('POST', '/v1/groups', { groupName: 'doc-readers' })).status).toBe(201);
    for (const principal of ['users/doc-bea', 'groups/doc-readers', 'roles/doc-role']) {
      expect(
        (await root.request('PUT', `/v1/${principal}/policies/read`, { policyDocument: policy })).status,
      ).toBe(204);
      expect(
        (await root.request('PUT', `/v1/${principal}/attached-policies/${encodeURIComponent(arn)}`)).status,
      ).toBe(204);
    }
    for (const [noun, principal] of [
      ['User', 'users/doc-bea'],
      ['Group', 'groups/doc-readers'],
      ['Role', 'roles/doc-role'],
    ]) {
      await call(`Get${noun}Policy`, 'GET', `/v1/${principal}/policies/read`);
      await call(`List${noun}Policies`, 'GET', `/v1/${principal}/policies`);
      await call(`ListAttached${noun}Policies`, 'GET', `/v1/${principal}/attached-policies`);
    }
    // A role without a boundary (null), a user with one.
    await call('GetRolePermissionsBoundary', 'GET', '/v1/roles/doc-role/permissions-boundary');
    expect(
      (await root.request('PUT', '/v1/users/doc-bea/permissions-boundary', { policyArn: arn })).status,
    ).toBe(204);
    await call('GetUserPermissionsBoundary', 'GET', '/v1/users/doc-bea/permissions-boundary');

    const userArn = (await root.request<Json>('GET', '/v1/users/doc-bea')).body.user as Json;
    const simulated = await eventually(
      () =>
        root.request<Json>('POST', '/v1/simulate-principal-policy', {
          policySourceArn: userArn.arn,
          actionNames: ['iam:GetUser', 'iam:DeleteUser'],
        }),
      (r) => r.status === 200 && JSON.stringify(r.body).includes('"allowed"'),
    );
    conforms('SimulatePrincipalPolicy', schemaOf('SimulatePrincipalPolicy'), simulated.body);
    await call('SimulateCustomPolicy', 'POST', '/v1/simulate-custom-policy', {
      policyInputList: [policy],
      actionNames: ['iam:GetUser'],
    });
    await call('ValidatePolicy', 'POST', '/v1/validate-policy', {
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }],
      }),
    });
  });

  it('answers audit routes as documented', async () => {
    const lookup = await eventually(
      () => root.request<Json>('GET', '/v1/audit/events?maxItems=5'),
      (r) => r.status === 200 && (r.body.Events as Json[]).length > 0,
    );
    conforms('LookupEvents', schemaOf('LookupEvents'), lookup.body);
    // doc-bea's inline policy is a finding.
    const findings = await call('ListFindings', 'GET', '/v1/findings');
    expect((findings.findings as Json[]).length).toBeGreaterThan(0);
    // doc-bea uses iam:GetUser (its inline policy and boundary allow it), so the advisor has a service to show.
    const { accessKey } = (await root.request<Json>('POST', '/v1/users/doc-bea/access-keys')).body;
    expect(
      (await new SignedClient(app.url, accessKey as Credentials).request('GET', '/v1/users/doc-bea')).status,
    ).toBe(200);
    const me = (await root.request<Json>('GET', '/v1/me')).body;
    const bea = encodeURIComponent(`arn:aws:iam::${me.account}:user/doc-bea`);
    const lastAccessed = await eventually(
      () => root.request<Json>('GET', `/v1/last-accessed?arn=${bea}&granularity=ACTION_LEVEL`),
      (r) => r.status === 200 && (r.body.ServicesLastAccessed as Json[]).length > 0,
    );
    conforms('ServiceLastAccessedDetails', schemaOf('ServiceLastAccessedDetails'), lastAccessed.body);
    await call('GenerateCredentialReport', 'POST', '/v1/credential-report');
    await call('GetCredentialReport', 'GET', '/v1/credential-report');
  });

  it('answers the trail streams in the media types documented, with the fields described', async () => {
    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    const documented = (operationId: string) => {
      const ok = (
        schemaOperation(operationId).responses as Record<string, { content: Record<string, Json> }>
      )['200'];
      const [[media, { schema }]] = Object.entries(ok.content) as [string, { schema: Json }][];
      return { media, description: String(schema.description) };
    };
    const get = async (route: string, signal?: AbortSignal) => {
      const url = new URL(route, app.url);
      return fetch(url, { headers: await signedHeaders(credentials, 'GET', url, {}), signal });
    };

    // A call of its own, so the trail has a row in the range whatever ran before.
    expect((await root.request('GET', '/v1/users')).status).toBe(200);
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const exportDoc = documented('ExportEvents');
    const exported = await eventually(
      async () => {
        const response = await get(
          `/v1/audit/export?startTime=${hourAgo}&endTime=${new Date(Date.now() + 60_000).toISOString()}`,
        );
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          text: await response.text(),
        };
      },
      (r) => r.status !== 200 || r.text.trim() !== '',
    );
    expect(exported.status).toBe(200);
    expect(exported.type?.split(';')[0]).toBe(exportDoc.media);
    const lines = exported.text.trim().split('\n');
    const named = (description: string) => new Set(description.match(/\b[a-zA-Z]+\b/g));
    expect(Object.keys(JSON.parse(lines[0])).filter((key) => !named(exportDoc.description).has(key))).toEqual(
      [],
    );

    const aborted = new AbortController();
    const stream = await get('/v1/audit/stream', aborted.signal);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')?.split(';')[0]).toBe(documented('StreamEvents').media);
    aborted.abort();
    await stream.body?.cancel().catch(() => undefined);
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
