import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditTrailQueries } from '@iam/audit';
import type { RunningApp } from '@iam/platform';
import { eventually, SignedClient } from '@iam/testing';
import { startStandalone } from './standalone-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Standalone mode (the dev server of `npm start`): all four services in one
 * process on PGlite, the in-process transport and the in-memory TTL store.
 * The walking skeleton's flow, and a restart that keeps everything.
 */
describe('standalone mode', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-standalone-'));
  let app: RunningApp | undefined;

  const start = () => startStandalone(dataDir);

  afterAll(async () => {
    await app?.close();
  });

  it('creates the management account once, keeps its root key in a 0600 file, and runs the event flow to audit', async () => {
    app = await start();
    const file = path.join(dataDir, 'root-credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const credentials = JSON.parse(readFileSync(file, 'utf8'));
    const root = new SignedClient(app.url, credentials);

    const created = await root.request<Json>('POST', '/v1/users', { userName: 'alice' });
    expect(created.status).toBe(201);
    const trail = app.app.get(AuditTrailQueries);
    const entries = await eventually(
      () => trail.list(credentials.accountId, 0, 100),
      (list) => list.some((e) => e.eventType === 'iam.identity.UserCreated'),
    );
    expect(entries.map((e) => e.sequence)).toEqual(entries.map((_, i) => i + 1));

    const policy = await root.request<Json>('POST', '/v1/policies', {
      policyName: 'ReadOnly',
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }],
      }),
    });
    expect(policy.status).toBe(201);
  });

  it('keeps everything across a restart and does not create a second management account', async () => {
    await app!.close();
    app = await start();
    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    const root = new SignedClient(app.url, credentials);
    const user = await root.request<Json>('GET', '/v1/users/alice');
    expect(user.status).toBe(200);
    const account = await root.request<Json>('GET', '/v1/account');
    expect(account.body.accountId).toBe(credentials.accountId);
    const policies = await root.request<Json>('GET', '/v1/policies?scope=Local');
    expect(policies.body.policies.map((p: Json) => p.policyName)).toEqual(['ReadOnly']);
  });
});
