import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningApp } from '@iam/platform';
import { eventually, SignedClient, type Credentials } from '@iam/testing';
import { startStandalone } from './standalone-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/**
 * STS in standalone mode: sessions in the in-memory TTL store, the roles
 * projection fed by the in-process transport, on the one port.
 */
describe('standalone mode: STS', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-standalone-sts-'));
  let app: RunningApp | undefined;

  afterAll(async () => {
    await app?.close();
  });

  it('assumes a role and uses its credentials; revoking the role’s sessions ends them', async () => {
    app = await startStandalone(dataDir);
    const root: Credentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    const iam = new SignedClient(app.url, root);
    const me = await iam.request<Json>('GET', '/v1/me');
    const account = me.body.account as string;

    expect((await iam.request('POST', '/v1/users', { userName: 'alice' })).status).toBe(201);
    const key = (await iam.request<Json>('POST', '/v1/users/alice/access-keys')).body
      .accessKey as Credentials;
    await eventually(
      async () =>
        (
          await iam.request('PUT', '/v1/users/alice/policies/Assume', {
            policyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }),
          })
        ).status,
      (status) => status === 204,
    );
    const created = await iam.request('POST', '/v1/roles', {
      roleName: 'Reader',
      assumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'sts:AssumeRole',
      }),
    });
    expect(created.status).toBe(201);
    await eventually(
      async () =>
        (
          await iam.request('PUT', '/v1/roles/Reader/policies/Read', {
            policyDocument: doc({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }),
          })
        ).status,
      (status) => status === 204,
    );

    const sts = new SignedClient(app.url, key, { service: 'sts' });
    const assumed = await eventually(
      () =>
        sts.request<Json>('POST', '/v1/sts/assume-role', {
          roleArn: `arn:aws:iam::${account}:role/Reader`,
          roleSessionName: 'standalone',
        }),
      (r) => r.status === 200,
    );
    const session = assumed.body.credentials as Credentials;
    const asRole = new SignedClient(app.url, session);
    expect(
      (await sts.withCredentials(session).request<Json>('POST', '/v1/sts/caller-identity')).body.arn,
    ).toBe(`arn:aws:sts::${account}:assumed-role/Reader/standalone`);
    await eventually(
      async () => (await asRole.request('GET', '/v1/roles')).status,
      (status) => status === 200,
    );
    expect((await asRole.request('GET', '/v1/users')).status).toBe(403);

    expect((await iam.request('POST', '/v1/roles/Reader/revoke-sessions')).status).toBe(200);
    const refused = await asRole.request<Json>('GET', '/v1/roles');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('InvalidClientTokenId');
  });
});
