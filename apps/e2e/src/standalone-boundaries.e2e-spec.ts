import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningApp } from '@iam/platform';
import { eventually, SignedClient } from '@iam/testing';
import { startStandalone } from './standalone-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const enc = encodeURIComponent;

/**
 * A permissions boundary set by CreateUser in standalone mode (PGlite, the
 * in-process transport): the policy service shows it and the user is
 * limited by it; a rename is authorized on the new ARN too.
 */
describe('standalone mode: boundaries at creation and renames', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-standalone-boundaries-'));
  let app: RunningApp | undefined;

  afterAll(async () => {
    await app?.close();
  });

  it('creates a bounded user, limited by its boundary', async () => {
    app = await startStandalone(dataDir);
    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    const root = new SignedClient(app.url, credentials);

    const boundary = await root.request<Json>('POST', '/v1/policies', {
      policyName: 'OnlyListGroups',
      policyDocument: doc({ Effect: 'Allow', Action: ['iam:ListGroups', 'iam:UpdateUser'], Resource: '*' }),
    });
    expect(boundary.status).toBe(201);
    const boundaryArn = boundary.body.policy.arn as string;
    const created = await eventually(
      () =>
        root.request<Json>('POST', '/v1/users', { userName: 'bounded', permissionsBoundary: boundaryArn }),
      (r) => r.status !== 404,
    );
    expect(created.status).toBe(201);
    const shown = await eventually(
      () => root.request<Json>('GET', '/v1/users/bounded/permissions-boundary'),
      (r) => r.status === 200,
    );
    expect(shown.body.permissionsBoundary.permissionsBoundaryArn).toBe(boundaryArn);

    await root.request(
      'PUT',
      `/v1/users/bounded/attached-policies/${enc('arn:aws:iam::aws:policy/AdministratorAccess')}`,
    );
    const key = await root.request<Json>('POST', '/v1/users/bounded/access-keys');
    const bounded = root.withCredentials(key.body.accessKey);
    await eventually(
      () => bounded.request('GET', '/v1/groups'),
      (r) => r.status === 200,
    );
    expect((await bounded.request('GET', '/v1/users')).status).toBe(403);

    // A rename is authorized on the new ARN too: an explicit deny there holds. (The deny of
    // ListGroups in the same document shows when the policy is in effect.)
    await root.request('PUT', '/v1/users/bounded/policies/NoAdmins', {
      policyDocument: doc(
        {
          Effect: 'Deny',
          Action: 'iam:UpdateUser',
          Resource: `arn:aws:iam::${credentials.accountId}:user/admin/*`,
        },
        { Effect: 'Deny', Action: 'iam:ListGroups', Resource: '*' },
      ),
    });
    await eventually(
      () => bounded.request('GET', '/v1/groups'),
      (r) => r.status === 403,
    );
    const moved = await bounded.request<Json>('PATCH', '/v1/users/bounded', { newPath: '/admin/' });
    expect(moved.status).toBe(403);
    expect((await root.request<Json>('GET', '/v1/users/bounded')).body.user.path).toBe('/');
  });
});
