import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { awsManagedPolicy } from '@iam/contracts';
import type { RunningApp } from '@iam/platform';
import { eventually, SignedClient } from '@iam/testing';
import { startStandalone } from './standalone-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const aws = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const enc = encodeURIComponent;
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const reads = [
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListPolicyVersions',
  'iam:ListEntitiesForPolicy',
];

/**
 * AWS managed policies are readable by every principal whose policies allow
 * the read on them, the root user of any account included, as in AWS ("AWS
 * managed policies … are available in every AWS account": IAM User Guide,
 * Managed policies and inline policies); ListEntitiesForPolicy names only
 * the caller account's entities. They stay read-only.
 */
describe('AWS managed policies are readable in every account', () => {
  let app: RunningApp;
  let root: SignedClient;
  let memberRoot: SignedClient;
  let managementId: string;

  /** GetPolicy, ListPolicyVersions, GetPolicyVersion and ListEntitiesForPolicy: their statuses. */
  const readAll = async (client: SignedClient, name: string) =>
    Promise.all(
      [
        `/v1/policies/${enc(aws(name))}`,
        `/v1/policies/${enc(aws(name))}/versions`,
        `/v1/policies/${enc(aws(name))}/versions/${awsManagedPolicy(aws(name))?.defaultVersionId}`,
        `/v1/policies/${enc(aws(name))}/entities`,
      ].map(async (route) => (await client.request('GET', route)).status),
    );

  async function userWith(client: SignedClient, userName: string, document: string) {
    expect((await client.request('POST', '/v1/users', { userName })).status).toBe(201);
    expect(
      (await client.request('PUT', `/v1/users/${userName}/policies/Reads`, { policyDocument: document }))
        .status,
    ).toBe(204);
    const key = await client.request<Json>('POST', `/v1/users/${userName}/access-keys`);
    return client.withCredentials(key.body.accessKey);
  }

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-aws-managed-'));
    app = await startStandalone(dataDir);
    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    managementId = credentials.accountId;
    root = new SignedClient(app.url, credentials);
    const member = await root.request<Json>('POST', '/v1/accounts', { accountName: 'member' });
    expect(member.status).toBe(201);
    memberRoot = root.withCredentials(member.body.rootAccessKey);
    await eventually(
      async () => (await memberRoot.request('GET', '/v1/account')).status,
      (status) => status === 200,
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lets the root user of every account read them: policy, versions, the document, entities', async () => {
    for (const client of [root, memberRoot]) {
      expect(await readAll(client, 'AdministratorAccess')).toEqual([200, 200, 200, 200]);
    }
    const policy = await memberRoot.request<Json>('GET', `/v1/policies/${enc(aws('AdministratorAccess'))}`);
    expect(policy.body.policy).toMatchObject({
      policyName: 'AdministratorAccess',
      arn: aws('AdministratorAccess'),
      defaultVersionId: 'v1',
      isAttachable: true,
    });
    const version = await memberRoot.request<Json>(
      'GET',
      `/v1/policies/${enc(aws('AdministratorAccess'))}/versions/v1`,
    );
    expect(JSON.parse(version.body.policyVersion.document)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    const unknown = await memberRoot.request<Json>('GET', `/v1/policies/${enc(aws('NoSuchPolicyAnywhere'))}`);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NoSuchEntity']);
  });

  it('lets a user read them exactly when its policies allow the read on them', async () => {
    const reader = await userWith(
      root,
      'aws-reader',
      doc({ Effect: 'Allow', Action: reads, Resource: 'arn:aws:iam::aws:policy/*' }),
    );
    expect(await readAll(reader, 'AdministratorAccess')).toEqual([200, 200, 200, 200]);

    // Allowed on its own account's policies only: AWS's ARNs do not match.
    const local = await userWith(
      root,
      'local-reader',
      doc({ Effect: 'Allow', Action: reads, Resource: `arn:aws:iam::${managementId}:policy/*` }),
    );
    expect(await readAll(local, 'AdministratorAccess')).toEqual([403, 403, 403, 403]);

    // An explicit deny on one of them wins; the others stay readable.
    const denied = await userWith(
      root,
      'denied-reader',
      doc(
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        { Effect: 'Deny', Action: reads, Resource: aws('AdministratorAccess') },
      ),
    );
    expect(await readAll(denied, 'AdministratorAccess')).toEqual([403, 403, 403, 403]);
    expect(await readAll(denied, 'IAMReadOnlyAccess')).toEqual([200, 200, 200, 200]);

    // In a member account too.
    const memberReader = await userWith(
      memberRoot,
      'member-reader',
      doc({ Effect: 'Allow', Action: reads, Resource: '*' }),
    );
    expect(await readAll(memberReader, 'IAMReadOnlyAccess')).toEqual([200, 200, 200, 200]);
  });

  it("lists only the caller account's entities for an AWS managed policy", async () => {
    for (const [client, userName] of [
      [root, 'management-admin'],
      [memberRoot, 'member-admin'],
    ] as const) {
      expect((await client.request('POST', '/v1/users', { userName })).status).toBe(201);
      const attached = await client.request(
        'PUT',
        `/v1/users/${userName}/attached-policies/${enc(aws('AdministratorAccess'))}`,
      );
      expect(attached.status).toBe(204);
    }
    const mine = await root.request<Json>('GET', `/v1/policies/${enc(aws('AdministratorAccess'))}/entities`);
    expect(mine.body.policyUsers.map((u: Json) => u.userName)).toEqual(['management-admin']);
    const theirs = await memberRoot.request<Json>(
      'GET',
      `/v1/policies/${enc(aws('AdministratorAccess'))}/entities`,
    );
    expect(theirs.body.policyUsers.map((u: Json) => u.userName)).toEqual(['member-admin']);
    const counted = await memberRoot.request<Json>('GET', `/v1/policies/${enc(aws('AdministratorAccess'))}`);
    expect(counted.body.policy.attachmentCount).toBe(1);
  });

  it('lists them with scope AWS and All, not Local, in every account', async () => {
    for (const client of [root, memberRoot]) {
      const names = async (scope: string) =>
        ((await client.request<Json>('GET', `/v1/policies?scope=${scope}`)).body.policies as Json[]).map(
          (p) => p.arn,
        );
      expect(await names('AWS')).toEqual(
        expect.arrayContaining([aws('AdministratorAccess'), aws('IAMReadOnlyAccess')]),
      );
      expect(await names('All')).toEqual(expect.arrayContaining([aws('AdministratorAccess')]));
      expect((await names('Local')).filter((arn) => arn.startsWith('arn:aws:iam::aws:'))).toEqual([]);
    }
  });

  it('keeps them read-only, for the root user too', async () => {
    const writes: [string, string, object?][] = [
      [
        'POST',
        `/v1/policies/${enc(aws('AdministratorAccess'))}/versions`,
        { policyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) },
      ],
      ['DELETE', `/v1/policies/${enc(aws('AdministratorAccess'))}`],
      ['DELETE', `/v1/policies/${enc(aws('AdministratorAccess'))}/versions/v1`],
      ['PUT', `/v1/policies/${enc(aws('AdministratorAccess'))}/default-version`, { versionId: 'v1' }],
    ];
    for (const [method, route, body] of writes) {
      const response = await memberRoot.request<Json>(method, route, body);
      expect([method, route, response.status, response.body.error.code]).toEqual([
        method,
        route,
        403,
        'AccessDenied',
      ]);
    }
  });
});
