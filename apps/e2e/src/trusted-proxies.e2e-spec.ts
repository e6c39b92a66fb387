import { request } from 'node:http';
import { eventually, signedHeaders, type Credentials } from '@iam/testing';
import { startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The caller's address behind the services' own forwarding (distributed, real
 * Postgres, Redis and Kafka): every service trusts the others' address
 * (IAM_TRUSTED_PROXIES=127.0.0.1 here), so a Query call passed from
 * identity's door to policy is judged on the client's address, not the
 * forwarding service's, while a client's own X-Forwarded-For is believed by
 * nobody. Clients send from other loopback addresses (127.0.0.2, 127.0.0.3)
 * to tell them apart.
 */
describe('aws:SourceIp through the AWS-protocol door (IAM_TRUSTED_PROXIES)', () => {
  let s: DistributedServices;
  let key: Credentials;

  /** A signed Query call `ListPolicies` from a local address, with extra headers. */
  async function listPolicies(base: string, from: string, extra: Record<string, string> = {}) {
    const url = new URL('/', base);
    const body = 'Action=ListPolicies&Version=2010-05-08&Scope=Local';
    const headers = await signedHeaders(key, 'POST', url, {
      body,
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    });
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = request(
        url,
        { method: 'POST', localAddress: from, headers: { ...headers, ...extra } },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += String(chunk)));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  beforeAll(async () => {
    s = await startDistributedServices({ IAM_TRUSTED_PROXIES: '127.0.0.1' });
    expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'from-two' })).status).toBe(201);
    key = (await s.rootIdentity.request<Json>('POST', '/v1/users/from-two/access-keys')).body.accessKey;
    await eventually(
      async () =>
        (
          await s.rootPolicy.request('PUT', '/v1/users/from-two/policies/OnlyFromTwo', {
            policyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'iam:ListPolicies',
                  Resource: '*',
                  Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.2/32' } },
                },
              ],
            }),
          })
        ).status,
      (status) => status === 204,
      { timeoutMs: 30_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await s?.stop();
  });

  it("judges a call forwarded by identity's door to policy on the client's address", async () => {
    // Policy learns the key and the policy from the topics: allowed from 127.0.0.2 once it has.
    const allowed = await eventually(
      () => listPolicies(s.identity.url, '127.0.0.2'),
      (r) => r.status === 200,
      { timeoutMs: 30_000 },
    );
    expect(allowed.body).toContain('<ListPoliciesResponse');
    const elsewhere = await listPolicies(s.identity.url, '127.0.0.3');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body).toContain('<Code>AccessDenied</Code>');
  });

  it("believes no client's own X-Forwarded-For, at the door or at the owner", async () => {
    await eventually(
      () => listPolicies(s.policy.url, '127.0.0.2'),
      (r) => r.status === 200,
      { timeoutMs: 30_000 },
    );
    for (const base of [s.identity.url, s.policy.url]) {
      const forged = await listPolicies(base, '127.0.0.3', { 'x-forwarded-for': '127.0.0.2' });
      expect([base, forged.status]).toEqual([base, 403]);
    }
  });
});
