import { createHash } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { eventually, type Credentials, type SignedClient } from '@iam/testing';
import { startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const enc = encodeURIComponent;

/** A request as a platform (`storage`) would receive it from an SDK: signed with SigV4 for its service. */
async function signedForPlatform(credentials: Credentials, method: string, path: string, body: string) {
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'storage', sha256: Sha256 });
  const signed = await signer.sign(
    {
      method,
      protocol: 'https:',
      hostname: 'storage.example.test',
      path,
      query: { versionId: '3' },
      headers: { host: 'storage.example.test', 'content-type': 'application/json' },
      body,
    },
    { signingDate: new Date() },
  );
  return {
    method,
    path,
    query: { versionId: '3' },
    headers: signed.headers as Record<string, string>,
    bodySha256: createHash('sha256').update(body).digest('hex'),
  };
}

/**
 * The decision API in distributed mode: policies written to the policy
 * service (and principals created in identity) decide platform requests once
 * their events have reached the policy service's authorization projection.
 */
describe('decision API (distributed, real Kafka)', () => {
  let s: DistributedServices;
  let reader: { policy: SignedClient; arn: string; credentials: Credentials };
  let policyArn: string;
  const reports = 'arn:aws:s3:::reports';

  const authorize = (body: object, client: SignedClient = s.rootPolicy) =>
    client.request<Json>('POST', '/v1/authorize', body);

  beforeAll(async () => {
    s = await startDistributedServices();
    const user = await s.rootIdentity.request<Json>('POST', '/v1/users', { userName: 'reader' });
    expect(user.status).toBe(201);
    const key = await s.rootIdentity.request<Json>('POST', '/v1/users/reader/access-keys');
    const credentials = key.body.accessKey as Credentials;
    reader = { policy: s.rootPolicy.withCredentials(credentials), arn: user.body.user.arn, credentials };
    const created = await s.rootPolicy.request<Json>('POST', '/v1/policies', {
      policyName: 'ReadReports',
      policyDocument: doc(
        { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: `${reports}/*` },
        { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:GetObject', Resource: `${reports}/secret/*` },
        {
          Sid: 'FromOffice',
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: reports,
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
        { Sid: 'Storage', Effect: 'Allow', Action: 'storage:GetObject', Resource: '*' },
      ),
    });
    expect(created.status).toBe(201);
    policyArn = created.body.policy.arn;
    await eventually(
      async () =>
        (await s.rootPolicy.request('PUT', `/v1/users/reader/attached-policies/${enc(policyArn)}`)).status,
      (status) => status === 204,
      { timeoutMs: 20_000 },
    );
    await eventually(
      async () =>
        (await authorize({ principalArn: reader.arn, action: 's3:GetObject', resource: `${reports}/a.csv` }))
          .body.decision,
      (decision) => decision === 'Allow',
      { timeoutMs: 20_000 },
    );
  });

  afterAll(async () => {
    await s?.stop();
  });

  it('decides allow, implicit deny and explicit deny, with the statements that matched', async () => {
    const allowed = await authorize({
      principalArn: reader.arn,
      action: 's3:GetObject',
      resource: `${reports}/q1.csv`,
    });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({
      decision: 'Allow',
      decidedBy: 'identity',
      matchedStatements: [{ policyId: policyArn, sid: 'Read', index: 0, effect: 'Allow' }],
      missingContextKeys: [],
    });

    const implicit = await authorize({ principalArn: reader.arn, action: 's3:PutObject', resource: '*' });
    expect(implicit.body).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'identity',
      matchedStatements: [],
    });

    const explicit = await authorize({
      principalArn: reader.arn,
      action: 's3:GetObject',
      resource: `${reports}/secret/salaries.csv`,
    });
    expect(explicit.body.decision).toBe('ExplicitDeny');
    expect(explicit.body.matchedStatements).toEqual(
      expect.arrayContaining([expect.objectContaining({ sid: 'NoSecrets', effect: 'Deny', index: 1 })]),
    );

    const root = await authorize({
      principalArn: `arn:aws:iam::${s.accountId}:root`,
      action: 's3:DeleteBucket',
      resource: `arn:aws:s3:::whatever`,
    });
    expect(root.body).toMatchObject({ decision: 'Allow', decidedBy: 'root' });
  });

  it('reports missing context keys, and decides with them when given', async () => {
    const without = await authorize({ principalArn: reader.arn, action: 's3:ListBucket', resource: reports });
    expect(without.body.decision).toBe('ImplicitDeny');
    expect(without.body.missingContextKeys).toContain('aws:SourceIp');
    const from = await authorize({
      principalArn: reader.arn,
      action: 's3:ListBucket',
      resource: reports,
      context: { 'aws:SourceIp': '10.1.2.3' },
    });
    expect(from.body).toMatchObject({ decision: 'Allow', missingContextKeys: [] });
    const outside = await authorize({
      principalArn: reader.arn,
      action: 's3:ListBucket',
      resource: reports,
      context: { 'aws:SourceIp': '192.0.2.1' },
    });
    expect(outside.body.decision).toBe('ImplicitDeny');
  });

  it('takes a resource-based policy of the platform into account', async () => {
    const bucketPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: reader.arn }, Action: 's3:PutObject', Resource: `${reports}/*` },
      ],
    });
    const allowed = await authorize({
      principalArn: reader.arn,
      action: 's3:PutObject',
      resource: `${reports}/new.csv`,
      resourcePolicy: bucketPolicy,
      resourceAccountId: s.accountId,
    });
    expect(allowed.body).toMatchObject({ decision: 'Allow', decidedBy: 'resource' });
    const malformed = await authorize({
      principalArn: reader.arn,
      action: 's3:PutObject',
      resource: `${reports}/new.csv`,
      resourcePolicy: doc({ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }),
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MalformedPolicyDocument');
    expect(malformed.body.error.message).toContain('resourcePolicy');
  });

  it('denies a cross-account request unless both the identity and the resource owner allow it', async () => {
    const otherAccount = '444455556666';
    const trusting = (principal: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:*', Resource: `${reports}/*` },
        ],
      });
    const ask = (action: string, resourcePolicy?: string) =>
      authorize({
        principalArn: reader.arn,
        action,
        resource: `${reports}/shared.csv`,
        resourceAccountId: otherAccount,
        ...(resourcePolicy ? { resourcePolicy } : {}),
      });
    // Identity allows s3:GetObject, the owner says nothing: denied.
    expect((await ask('s3:GetObject')).body).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'resource',
    });
    // The owner trusts the reader for s3:PutObject, its identity does not allow it: denied.
    expect((await ask('s3:PutObject', trusting(reader.arn))).body.decision).toBe('ImplicitDeny');
    // Both sides allow: allowed.
    expect((await ask('s3:GetObject', trusting(reader.arn))).body.decision).toBe('Allow');
    // The owner trusts the reader's whole account: still needs the identity side.
    expect((await ask('s3:GetObject', trusting(`arn:aws:iam::${s.accountId}:root`))).body.decision).toBe(
      'Allow',
    );
    expect((await ask('s3:DeleteObject', trusting(`arn:aws:iam::${s.accountId}:root`))).body.decision).toBe(
      'ImplicitDeny',
    );
  });

  it('answers an unknown principal with ImplicitDeny and a reason', async () => {
    const unknown = await authorize({
      principalArn: `arn:aws:iam::${s.accountId}:user/nobody`,
      action: 's3:GetObject',
      resource: '*',
    });
    expect(unknown.status).toBe(200);
    expect(unknown.body.decision).toBe('ImplicitDeny');
    expect(unknown.body.reason).toContain('nobody');
  });

  it('answers every bad input with a 400 naming the field', async () => {
    const noAction = await authorize({ principalArn: reader.arn, resource: '*' });
    expect(noAction.status).toBe(400);
    expect(noAction.body.error.message).toContain('action');
    const badArn = await authorize({ principalArn: 'alice', action: 's3:GetObject', resource: '*' });
    expect(badArn.status).toBe(400);
    expect(badArn.body.error.message).toContain('principalArn');
    const badContext = await authorize({
      principalArn: reader.arn,
      action: 's3:GetObject',
      resource: '*',
      context: { 'aws:SourceIp': { nested: true } },
    });
    expect(badContext.status).toBe(400);
    expect(badContext.body.error.message).toContain('context');
    const badItem = await s.rootPolicy.request<Json>('POST', '/v1/authorize/batch', {
      requests: [
        { principalArn: reader.arn, action: 's3:GetObject', resource: '*' },
        { principalArn: reader.arn },
      ],
    });
    expect(badItem.status).toBe(400);
    expect(badItem.body.error.message).toContain('requests[1].action');
  });

  it('decides a batch of 1,000 in order and refuses 1,001', async () => {
    const requests = Array.from({ length: 1000 }, (_, i) => ({
      principalArn: reader.arn,
      action: i % 2 === 0 ? 's3:GetObject' : 's3:PutObject',
      resource: `${reports}/file-${i}.csv`,
    }));
    const batch = await s.rootPolicy.request<Json>('POST', '/v1/authorize/batch', { requests });
    expect(batch.status).toBe(200);
    expect(batch.body.results).toHaveLength(1000);
    batch.body.results.forEach((result: Json, i: number) =>
      expect(result.decision).toBe(i % 2 === 0 ? 'Allow' : 'ImplicitDeny'),
    );
    expect(batch.body.results[0]).toEqual({ decision: 'Allow', decidedBy: 'identity' });
    const explained = await s.rootPolicy.request<Json>('POST', '/v1/authorize/batch', {
      requests: requests.slice(0, 2),
      explain: true,
    });
    expect(explained.body.results[0]).toMatchObject({
      decision: 'Allow',
      matchedStatements: [expect.objectContaining({ effect: 'Allow' })],
      summary: expect.stringContaining('allowed'),
    });
    const tooMany = await s.rootPolicy.request<Json>('POST', '/v1/authorize/batch', {
      requests: [...requests, requests[0]],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('requests');
  });

  it('authenticates and authorizes a request forwarded by a platform; a tampered one is not authenticated', async () => {
    const body = JSON.stringify({ hello: 'world' });
    const forwarded = await signedForPlatform(reader.credentials, 'POST', '/objects/q1.csv', body);
    const answer = await s.rootPolicy.request<Json>('POST', '/v1/authorize-request', {
      request: forwarded,
      service: 'storage',
      action: 'storage:GetObject',
      resource: 'arn:aws:storage:::reports/q1.csv',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      authenticated: true,
      principal: { arn: reader.arn, accountId: s.accountId, type: 'user' },
      decision: 'Allow',
      matchedStatements: [{ policyId: policyArn, sid: 'Storage', effect: 'Allow' }],
    });
    const notAllowed = await s.rootPolicy.request<Json>('POST', '/v1/authorize-request', {
      request: forwarded,
      action: 'storage:DeleteObject',
      resource: 'arn:aws:storage:::reports/q1.csv',
    });
    expect(notAllowed.body).toMatchObject({ authenticated: true, decision: 'ImplicitDeny' });

    const tampered = await s.rootPolicy.request<Json>('POST', '/v1/authorize-request', {
      request: { ...forwarded, path: '/objects/q2.csv' },
      action: 'storage:GetObject',
      resource: 'arn:aws:storage:::reports/q2.csv',
    });
    expect(tampered.status).toBe(200);
    expect(tampered.body).toMatchObject({ authenticated: false, error: { code: 'SignatureDoesNotMatch' } });
    expect(tampered.body.principal).toBeUndefined();

    const otherService = await s.rootPolicy.request<Json>('POST', '/v1/authorize-request', {
      request: forwarded,
      service: 'queue',
      action: 'storage:GetObject',
      resource: '*',
    });
    expect(otherService.body).toMatchObject({
      authenticated: false,
      error: { code: 'SignatureDoesNotMatch' },
    });
    const unsigned = await s.rootPolicy.request<Json>('POST', '/v1/authorize-request', {
      request: { ...forwarded, headers: { host: 'storage.example.test' } },
      action: 'storage:GetObject',
      resource: '*',
    });
    expect(unsigned.body).toMatchObject({
      authenticated: false,
      error: { code: 'MissingAuthenticationToken' },
    });
  });

  it('needs iam:Authorize, iam:SimulatePrincipalPolicy and access-analyzer:ValidatePolicy permissions', async () => {
    const self = await authorize(
      { principalArn: reader.arn, action: 's3:GetObject', resource: '*' },
      reader.policy,
    );
    expect(self.status).toBe(403);
    expect(self.body.error.message).toContain('iam:Authorize');
    const batch = await reader.policy.request<Json>('POST', '/v1/authorize/batch', {
      requests: [{ principalArn: reader.arn, action: 's3:GetObject', resource: '*' }],
    });
    // Refused item by item: each answer names the missing permission, none is decided.
    expect(batch.status).toBe(200);
    expect(batch.body.results).toEqual([
      { error: { code: 'AccessDenied', message: expect.stringContaining('iam:Authorize') } },
    ]);
    const simulate = await reader.policy.request<Json>('POST', '/v1/simulate-principal-policy', {
      policySourceArn: reader.arn,
      actionNames: ['s3:GetObject'],
    });
    expect(simulate.status).toBe(403);
    expect(simulate.body.error.message).toContain('iam:SimulatePrincipalPolicy');
    const validate = await reader.policy.request<Json>('POST', '/v1/validate-policy', {
      policyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
    });
    expect(validate.status).toBe(403);
  });

  it('simulates a principal’s policies (SimulatePrincipalPolicy)', async () => {
    const result = await s.rootPolicy.request<Json>('POST', '/v1/simulate-principal-policy', {
      policySourceArn: reader.arn,
      actionNames: ['s3:GetObject', 's3:ListBucket'],
      resourceArns: [`${reports}/a.csv`, `${reports}/secret/b.csv`],
    });
    expect(result.status).toBe(200);
    const [getA, getSecret, listA] = result.body.evaluationResults;
    expect(getA).toMatchObject({
      evalActionName: 's3:GetObject',
      evalResourceName: `${reports}/a.csv`,
      evalDecision: 'allowed',
      matchedStatements: [{ sourcePolicyId: policyArn, sourcePolicyType: 'user-managed', statementIndex: 0 }],
    });
    expect(getSecret.evalDecision).toBe('explicitDeny');
    expect(listA.evalDecision).toBe('implicitDeny');

    const withContext = await s.rootPolicy.request<Json>('POST', '/v1/simulate-principal-policy', {
      policySourceArn: reader.arn,
      actionNames: ['s3:ListBucket'],
      resourceArns: [reports],
      contextEntries: [
        { contextKeyName: 'aws:SourceIp', contextKeyValues: ['10.9.9.9'], contextKeyType: 'ip' },
      ],
      permissionsBoundaryPolicyInputList: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
    });
    expect(withContext.body.evaluationResults[0]).toMatchObject({
      evalDecision: 'allowed',
      missingContextValues: [],
      permissionsBoundaryDecisionDetail: { allowedByPermissionsBoundary: true },
    });
    const missing = await s.rootPolicy.request<Json>('POST', '/v1/simulate-principal-policy', {
      policySourceArn: reader.arn,
      actionNames: ['s3:ListBucket'],
      resourceArns: [reports],
    });
    expect(missing.body.evaluationResults[0].missingContextValues).toContain('aws:SourceIp');

    const unknown = await s.rootPolicy.request<Json>('POST', '/v1/simulate-principal-policy', {
      policySourceArn: `arn:aws:iam::${s.accountId}:user/nobody`,
      actionNames: ['s3:GetObject'],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NoSuchEntity');
  });

  it('simulates custom policies (SimulateCustomPolicy) and names the malformed one', async () => {
    const result = await s.rootPolicy.request<Json>('POST', '/v1/simulate-custom-policy', {
      policyInputList: [doc({ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' })],
      actionNames: ['iam:CreateUser', 'iam:DeleteUser'],
    });
    expect(result.status).toBe(200);
    expect(result.body.evaluationResults).toMatchObject([
      {
        evalActionName: 'iam:CreateUser',
        evalResourceName: '*',
        evalDecision: 'allowed',
        matchedStatements: [{ sourcePolicyId: 'PolicyInputList.1', sourcePolicyType: 'none' }],
      },
      { evalActionName: 'iam:DeleteUser', evalDecision: 'implicitDeny' },
    ]);
    const malformed = await s.rootPolicy.request<Json>('POST', '/v1/simulate-custom-policy', {
      policyInputList: [
        doc({ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' }),
        doc({ Effect: 'Allow', Resource: '*' }),
      ],
      actionNames: ['iam:CreateUser'],
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MalformedPolicyDocument');
    expect(malformed.body.error.message).toContain('policyInputList[1]');
    const badType = await s.rootPolicy.request<Json>('POST', '/v1/simulate-custom-policy', {
      policyInputList: [doc({ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*' })],
      actionNames: ['iam:CreateUser'],
      contextEntries: [{ contextKeyName: 'aws:SourceIp', contextKeyValues: ['x'], contextKeyType: 'ipv9' }],
    });
    expect(badType.status).toBe(400);
    expect(badType.body.error.message).toContain('contextEntries.0.contextKeyType');
  });

  it('validates a policy with Access Analyzer-style findings', async () => {
    const passRole = await s.rootPolicy.request<Json>('POST', '/v1/validate-policy', {
      policyDocument: doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }),
      policyType: 'IDENTITY_POLICY',
    });
    expect(passRole.status).toBe(200);
    expect(passRole.body.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          findingType: 'SECURITY_WARNING',
          issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
        }),
      ]),
    );
    const broken = await s.rootPolicy.request<Json>('POST', '/v1/validate-policy', {
      policyDocument: doc({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { StringEqualz: { 'aws:username': 'x' } },
      }),
    });
    expect(broken.status).toBe(200);
    const error = broken.body.findings.find((f: Json) => f.findingType === 'ERROR');
    expect(error.findingDetails).toContain('StringEqualz');
    expect(error.locations[0].path).toEqual(expect.arrayContaining([{ value: 'Statement' }, { index: 0 }]));
    const badType = await s.rootPolicy.request<Json>('POST', '/v1/validate-policy', {
      policyDocument: '{}',
      policyType: 'WHATEVER',
    });
    expect(badType.status).toBe(400);
    expect(badType.body.error.message).toContain('policyType');
  });

  it('keeps accounts apart: another account cannot ask about this account’s principals', async () => {
    const member = await s.rootIdentity.request<Json>('POST', '/v1/accounts', {
      accountName: 'platform-other',
    });
    const otherRoot = s.rootPolicy.withCredentials(member.body.rootAccessKey);
    const otherAccount = member.body.account.accountId as string;
    await eventually(
      async () => (await otherRoot.request('GET', '/v1/policies?scope=Local')).status,
      (status) => status === 200,
      { timeoutMs: 20_000 },
    );
    const asked = await authorize(
      { principalArn: reader.arn, action: 's3:GetObject', resource: '*' },
      otherRoot,
    );
    expect(asked.status).toBe(403);
    expect(asked.body.error.code).toBe('AccessDenied');
    const batch = await otherRoot.request<Json>('POST', '/v1/authorize/batch', {
      requests: [{ principalArn: reader.arn, action: 's3:GetObject', resource: '*' }],
    });
    expect(batch.body.results).toEqual([
      { error: { code: 'AccessDenied', message: expect.stringContaining('another account') } },
    ]);
    const simulate = await otherRoot.request<Json>('POST', '/v1/simulate-principal-policy', {
      policySourceArn: reader.arn,
      actionNames: ['s3:GetObject'],
    });
    expect(simulate.status).toBe(403);
    // authorize-request: this account's key is answered as a key that does not exist, whether
    // its signature is right or wrong, and its user is never named (issue 16, item 15).
    const forward = (request: object) =>
      otherRoot.request<Json>('POST', '/v1/authorize-request', {
        request,
        action: 'storage:GetObject',
        resource: '*',
      });
    const unknownKey = {
      accessKeyId: 'AKIAZZZZZZZZZZZZZZZZ',
      secretAccessKey: reader.credentials.secretAccessKey,
    };
    const wrongSecret = { ...reader.credentials, secretAccessKey: 'not-the-secret' };
    const answers = [
      await forward(await signedForPlatform(unknownKey, 'GET', '/objects/a', '')),
      await forward(await signedForPlatform(wrongSecret, 'GET', '/objects/a', '')),
      await forward(await signedForPlatform(reader.credentials, 'GET', '/objects/a', '')),
    ];
    for (const answer of answers) {
      expect(answer).toEqual({
        status: 200,
        body: {
          authenticated: false,
          error: {
            code: 'InvalidClientTokenId',
            message: 'The security token included in the request is invalid.',
          },
        },
      });
      expect(JSON.stringify(answer.body)).not.toContain(reader.arn);
    }
    const own = await authorize(
      { principalArn: `arn:aws:iam::${otherAccount}:root`, action: 's3:GetObject', resource: '*' },
      otherRoot,
    );
    expect(own.body.decision).toBe('Allow');
  });
});
