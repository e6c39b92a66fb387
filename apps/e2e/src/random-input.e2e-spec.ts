import { eventually, formatFuzzReport, fuzzRoutes, plausibleValues, type Credentials } from '@iam/testing';
import { startDistributedServices, rootKey, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The bounded random-input run of issue 16 ("Done means"): every route of
 * identity and policy, called by root, by a user with no permissions and
 * unsigned, with random and hostile path parameters, query parameters and
 * bodies. Not one 5xx. `npm run fuzz:routes` runs a longer one on
 * standalone; FUZZ_REQUESTS, FUZZ_SECONDS and FUZZ_SEED tune both.
 */
describe('random and hostile input on every route (distributed, real Postgres)', () => {
  let s: DistributedServices;
  let nobody: Credentials;
  const plausible: Record<string, unknown> = {};

  beforeAll(async () => {
    s = await startDistributedServices();
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    });
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 'sts:AssumeRole' },
      ],
    });
    await s.rootIdentity.request('POST', '/v1/users', { userName: 'alice' });
    await s.rootIdentity.request('POST', '/v1/groups', { groupName: 'admins' });
    await s.rootIdentity.request('POST', '/v1/roles', {
      roleName: 'deployer',
      assumeRolePolicyDocument: trust,
    });
    const key = await s.rootIdentity.request<Json>('POST', '/v1/users/alice/access-keys');
    const policy = await s.rootPolicy.request<Json>('POST', '/v1/policies', {
      policyName: 'Read',
      policyDocument: doc,
    });
    await s.rootIdentity.request('POST', '/v1/users', { userName: 'nobody' });
    nobody = (await s.rootIdentity.request<Json>('POST', '/v1/users/nobody/access-keys')).body.accessKey;
    await eventually(
      () => s.rootPolicy.withCredentials(nobody).request('GET', '/v1/policies'),
      (r) => r.status === 403,
    );
    Object.assign(
      plausible,
      plausibleValues({
        accountId: s.accountId,
        policyArn: policy.body.policy.arn,
        accessKeyId: key.body.accessKey.accessKeyId,
        policyDocument: doc,
        assumeRolePolicyDocument: trust,
      }),
    );
  });

  afterAll(async () => {
    await s?.stop();
  });

  it('answers every request with a status below 500', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const targets = [];
    for (const url of [s.identity.url, s.policy.url]) {
      targets.push({ baseUrl: url, document: await (await fetch(`${url}/docs-json`)).json() });
    }
    const report = await fuzzRoutes({
      targets,
      callers: [
        { name: 'root', credentials: rootKey },
        { name: 'nobody', credentials: nobody },
      ],
      maxRequests: Number(process.env.FUZZ_REQUESTS ?? 1500),
      maxMs: Number(process.env.FUZZ_SECONDS ?? 40) * 1000,
      seed,
      plausible,
    });
    console.log(`seed ${seed}\n${formatFuzzReport(report)}`);
    expect(report.sent).toBeGreaterThan(report.operations);
    expect(report.serverErrors).toEqual([]);
    expect(report.transportErrors).toEqual([]);
  }, 120_000);
});
