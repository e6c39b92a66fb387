import {
  AssumeRoleWithSAMLCommand,
  ExpiredTokenException,
  GetCallerIdentityCommand,
  InvalidIdentityTokenException,
  STSClient,
} from '@aws-sdk/client-sts';
import type { SqlDatabase } from '@iam/event-store';
import { SQL_DATABASE } from '@iam/platform';
import { eventually, SamlAttributes, SignedClient, TestSamlIdp, type Credentials } from '@iam/testing';
import { startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const enc = encodeURIComponent;

/**
 * SAML federation in distributed mode: a SAML provider created on identity
 * reaches sts through Kafka; a test IdP's signed responses are exchanged for
 * role credentials at the unauthenticated AssumeRoleWithSAML, which are then
 * used on identity and policy, signed as an SDK signs them. Every rejection
 * the issue lists is a 4xx with AWS's code.
 */
describe('SAML federation: SAML providers and AssumeRoleWithSAML (distributed)', () => {
  let s: DistributedServices;
  let A: string;
  let providerArn: string;
  let roleArn: string;
  const idp = new TestSamlIdp('https://idp.corp.test/saml');
  const intruder = new TestSamlIdp('https://idp.corp.test/saml');

  const on = (credentials: Credentials) => ({
    sts: new SignedClient(s.sts!.url, credentials, { service: 'sts' }),
    identity: new SignedClient(s.identity.url, credentials),
    policy: new SignedClient(s.policy.url, credentials),
  });
  const grant = (attributes: Record<string, string[]> = {}) => ({
    [SamlAttributes.role]: [`${roleArn},${providerArn}`],
    [SamlAttributes.roleSessionName]: ['alice'],
    ...attributes,
  });
  async function assumeWithSaml(body: Json): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${s.sts!.url}/v1/sts/assume-role-with-saml`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }
  const withResponse = (samlAssertion: string, extra: Json = {}) =>
    assumeWithSaml({ roleArn, principalArn: providerArn, samlAssertion, ...extra });
  const code = (r: { body: Json }) => r.body?.error?.code as string | undefined;

  beforeAll(async () => {
    s = await startDistributedServices({}, { sts: true });
    A = s.accountId;
    const created = await s.rootIdentity.request<Json>('POST', '/v1/saml-providers', {
      name: 'CorpIdP',
      samlMetadataDocument: idp.metadata(),
    });
    expect(created.status).toBe(201);
    providerArn = created.body.samlProviderArn;
    expect(providerArn).toBe(`arn:aws:iam::${A}:saml-provider/CorpIdP`);

    roleArn = `arn:aws:iam::${A}:role/SamlEngineers`;
    const role = await s.rootIdentity.request('POST', '/v1/roles', {
      roleName: 'SamlEngineers',
      maxSessionDuration: 7200,
      assumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
        Condition: {
          StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' },
          StringLike: { 'saml:sub': '*@corp.test' },
        },
      }),
    });
    expect(role.status).toBe(201);
    await eventually(
      async () =>
        (
          await s.rootPolicy.request('PUT', '/v1/roles/SamlEngineers/policies/Read', {
            policyDocument: doc(
              {
                Effect: 'Allow',
                Action: ['iam:ListUsers', 'iam:GetSAMLProvider', 'iam:ListPolicies'],
                Resource: '*',
              },
              // The session's later requests carry the provider and the assertion's saml: keys.
              {
                Effect: 'Allow',
                Action: 'iam:GetUser',
                Resource: '*',
                Condition: {
                  StringEquals: {
                    'aws:FederatedProvider': providerArn,
                    'saml:sub': 'alice@corp.test',
                    'saml:iss': idp.entityId,
                  },
                },
              },
              {
                Effect: 'Allow',
                Action: 'iam:ListGroups',
                Resource: '*',
                Condition: { StringEquals: { 'saml:sub': 'bob@corp.test' } },
              },
            ),
          })
        ).status,
      (status) => status === 204,
      { timeoutMs: 30_000 },
    );
    // Until sts has consumed the provider and the role from Kafka.
    await eventually(
      () => withResponse(idp.response({ attributes: grant() })),
      (r) => r.status === 200,
      { timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await s?.stop();
  });

  it('GetSAMLProvider and ListSAMLProviders answer the provider', async () => {
    const got = await s.rootIdentity.request<Json>('GET', `/v1/saml-providers/${enc(providerArn)}`);
    expect(got.status).toBe(200);
    expect(got.body.samlMetadataDocument).toBe(idp.metadata());
    const list = await s.rootIdentity.request<Json>('GET', '/v1/saml-providers');
    expect(list.body.samlProviderList).toEqual([expect.objectContaining({ arn: providerArn })]);
  });

  it('exchanges a signed response for role credentials that work on identity and policy, within the role policy', async () => {
    const r = await withResponse(
      idp.response({
        attributes: grant({ [SamlAttributes.principalTag('team')]: ['sso'] }),
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      assumedRoleUser: { arn: `arn:aws:sts::${A}:assumed-role/SamlEngineers/alice` },
      audience: 'https://signin.aws.amazon.com/saml',
      issuer: idp.entityId,
      subject: 'alice@corp.test',
      subjectType: 'persistent',
      nameQualifier: expect.any(String),
    });
    expect(r.body.assumedRoleUser.assumedRoleId).toMatch(/^AROA[A-Z2-7]+:alice$/);
    const credentials: Credentials = r.body.credentials;
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    const federated = on(credentials);
    await eventually(
      async () => (await federated.identity.request('GET', '/v1/users')).status,
      (status) => status === 200,
      { timeoutMs: 30_000 },
    );
    expect((await federated.identity.request('GET', `/v1/saml-providers/${enc(providerArn)}`)).status).toBe(
      200,
    );
    expect((await federated.policy.request('GET', '/v1/policies?scope=Local')).status).toBe(200);
    const denied = await federated.identity.request<Json>('POST', '/v1/users', { userName: 'mallory' });
    expect([denied.status, code(denied)]).toEqual([403, 'AccessDenied']);
    const me = await federated.sts.request<Json>('POST', '/v1/sts/caller-identity');
    expect(me.body).toMatchObject({ arn: `arn:aws:sts::${A}:assumed-role/SamlEngineers/alice` });
  });

  it("the session's later requests carry aws:FederatedProvider and saml:sub; SessionIssued names provider and subject", async () => {
    const r = await withResponse(idp.response({ attributes: grant() }));
    expect(r.status).toBe(200);
    const federated = on(r.body.credentials);
    // Allowed by the conditioned statement: the user does not exist (404), which only an allowed caller learns.
    const got = await eventually(
      () => federated.identity.request<Json>('GET', '/v1/users/nobody-here'),
      (x) => x.status === 404,
      { timeoutMs: 30_000 },
    );
    expect(got.body.error.code).toBe('NoSuchEntity');
    expect((await federated.identity.request<Json>('GET', '/v1/groups')).status).toBe(403);

    const db = s.sts!.app.get<SqlDatabase>(SQL_DATABASE);
    const { rows } = await db.query<{ data: Json }>(
      `SELECT data FROM "${s.infra.schemaPrefix}sts".events
       WHERE event_type = 'iam.sts.SessionIssued' AND data->>'accessKeyId' = $1`,
      [r.body.credentials.accessKeyId],
    );
    expect(rows.map((row) => row.data)).toEqual([
      expect.objectContaining({
        federatedProvider: providerArn,
        federatedSubject: 'alice@corp.test',
        roleArn,
      }),
    ]);
  });

  it('AssumeRoleWithSAML through the AWS SDK (STSClient, unsigned as it sends it), with its typed errors', async () => {
    const anonymous = new STSClient({ endpoint: s.sts!.url, region: 'us-east-1', maxAttempts: 1 });
    try {
      const response = idp.response({ attributes: grant() });
      const assumed = await anonymous.send(
        new AssumeRoleWithSAMLCommand({
          RoleArn: roleArn,
          PrincipalArn: providerArn,
          SAMLAssertion: response,
        }),
      );
      expect(assumed).toMatchObject({
        AssumedRoleUser: { Arn: `arn:aws:sts::${A}:assumed-role/SamlEngineers/alice` },
        Subject: 'alice@corp.test',
        SubjectType: 'persistent',
        Issuer: idp.entityId,
        Audience: 'https://signin.aws.amazon.com/saml',
        NameQualifier: expect.any(String),
      });
      expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      expect(assumed.Credentials?.Expiration).toBeInstanceOf(Date);
      const session = new STSClient({
        endpoint: s.sts!.url,
        region: 'us-east-1',
        maxAttempts: 1,
        credentials: {
          accessKeyId: assumed.Credentials!.AccessKeyId!,
          secretAccessKey: assumed.Credentials!.SecretAccessKey!,
          sessionToken: assumed.Credentials!.SessionToken!,
        },
      });
      expect((await session.send(new GetCallerIdentityCommand({}))).Arn).toBe(assumed.AssumedRoleUser!.Arn);
      session.destroy();

      const replayed = await anonymous
        .send(
          new AssumeRoleWithSAMLCommand({
            RoleArn: roleArn,
            PrincipalArn: providerArn,
            SAMLAssertion: response,
          }),
        )
        .catch((e: unknown) => e);
      expect(replayed).toBeInstanceOf(InvalidIdentityTokenException);
      const expired = await anonymous
        .send(
          new AssumeRoleWithSAMLCommand({
            RoleArn: roleArn,
            PrincipalArn: providerArn,
            SAMLAssertion: idp.response({
              notBefore: new Date(Date.now() - 3_900_000),
              notOnOrAfter: new Date(Date.now() - 3_600_000),
              attributes: grant(),
            }),
          }),
        )
        .catch((e: unknown) => e);
      expect(expired).toBeInstanceOf(ExpiredTokenException);
    } finally {
      anonymous.destroy();
    }
  });

  it('honours SessionDuration, capped by durationSeconds', async () => {
    const attrs = grant({ [SamlAttributes.sessionDuration]: ['1800'] });
    const long = await withResponse(idp.response({ attributes: attrs }));
    const seconds = (r: { body: Json }) => (Date.parse(r.body.credentials.expiration) - Date.now()) / 1000;
    expect(seconds(long)).toBeGreaterThan(1700);
    expect(seconds(long)).toBeLessThanOrEqual(1800);
    const short = await withResponse(idp.response({ attributes: attrs }), { durationSeconds: 900 });
    expect(seconds(short)).toBeLessThanOrEqual(900);
  });

  it('refuses a replayed assertion', async () => {
    const response = idp.response({ attributes: grant() });
    expect((await withResponse(response)).status).toBe(200);
    const again = await withResponse(response);
    expect([again.status, code(again)]).toEqual([400, 'InvalidIdentityToken']);
  });

  it.each([
    ['signed by a key not in the metadata', () => idp.response({ signer: intruder, attributes: grant() })],
    ['unsigned', () => idp.response({ sign: 'none', attributes: grant() })],
    [
      'wrapped: an unsigned assertion beside the signed one',
      () => {
        const signed = idp.responseXml({ attributes: grant() });
        const evil = idp
          .responseXml({ sign: 'none', attributes: grant({ [SamlAttributes.roleSessionName]: ['mallory'] }) })
          .match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
        return Buffer.from(signed.replace('<saml:Assertion', `${evil}<saml:Assertion`)).toString('base64');
      },
    ],
    [
      'not yet valid',
      () =>
        idp.response({
          notBefore: new Date(Date.now() + 3_600_000),
          notOnOrAfter: new Date(Date.now() + 3_900_000),
          attributes: grant(),
        }),
    ],
    ['for another audience', () => idp.response({ audience: 'https://sp.other.test', attributes: grant() })],
    [
      'for another recipient',
      () => idp.response({ recipient: 'https://sp.other.test/acs', attributes: grant() }),
    ],
    [
      'without RoleSessionName',
      () => idp.response({ attributes: { [SamlAttributes.role]: [`${roleArn},${providerArn}`] } }),
    ],
  ])('refuses a response %s with 400 InvalidIdentityToken', async (_, response) => {
    const r = await withResponse(response());
    expect([r.status, code(r)]).toEqual([400, 'InvalidIdentityToken']);
  });

  it('refuses an expired response with 400 ExpiredTokenException', async () => {
    const r = await withResponse(
      idp.response({
        notBefore: new Date(Date.now() - 3_900_000),
        notOnOrAfter: new Date(Date.now() - 3_600_000),
        attributes: grant(),
      }),
    );
    expect([r.status, code(r)]).toEqual([400, 'ExpiredTokenException']);
  });

  it.each([
    [
      'a Role attribute naming another role',
      () => ({ [SamlAttributes.role]: [`arn:aws:iam::${A}:role/Admin,${providerArn}`] }),
    ],
    [
      'a Role attribute naming another provider',
      () => ({ [SamlAttributes.role]: [`${roleArn},arn:aws:iam::${A}:saml-provider/Other`] }),
    ],
  ])('refuses %s with 403 AccessDenied', async (_, attributes) => {
    const r = await withResponse(idp.response({ attributes: grant(attributes()) }));
    expect([r.status, code(r)]).toEqual([403, 'AccessDenied']);
  });

  it('refuses a subject the trust policy does not allow, a comment in the NameID included', async () => {
    for (const nameIdXml of ['mallory@evil.test', 'alice@corp.test<!---->.evil.test']) {
      const r = await withResponse(idp.response({ nameIdXml, attributes: grant() }));
      expect([r.status, code(r)]).toEqual([403, 'AccessDenied']);
    }
  });

  it('refuses an unknown provider and a malformed request', async () => {
    const unknown = await assumeWithSaml({
      roleArn,
      principalArn: `arn:aws:iam::${A}:saml-provider/Nobody`,
      samlAssertion: idp.response({ attributes: grant() }),
    });
    expect([unknown.status, code(unknown)]).toEqual([400, 'InvalidIdentityToken']);
    const malformed = await assumeWithSaml({ roleArn, principalArn: 'nope', samlAssertion: 'abcd' });
    expect([malformed.status, code(malformed)]).toEqual([400, 'ValidationError']);
  });

  it('refuses everything once the provider is deleted', async () => {
    expect((await s.rootIdentity.request('DELETE', `/v1/saml-providers/${enc(providerArn)}`)).status).toBe(
      204,
    );
    await eventually(
      () => withResponse(idp.response({ attributes: grant() })),
      (r) => code(r) === 'InvalidIdentityToken',
      { timeoutMs: 30_000 },
    );
  });
});
