import { startTcpProxy, type TcpProxy } from '@iam/testing';
import { startIdentityTestApp, type IdentityTestApp } from './identity-test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Redis lost under a running identity service (through a proxy the test
 * cuts; the shared Redis keeps running): what needs Redis answers a named
 * 503 the caller may retry, never a 500, and works again when it is back.
 */
describe('identity with Redis unreachable', () => {
  let proxy: TcpProxy;
  let t: IdentityTestApp;

  beforeAll(async () => {
    const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    proxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379));
    t = await startIdentityTestApp({ REDIS_URL: `redis://${proxy.address}` });
  });

  afterAll(async () => {
    await t?.stop();
    await proxy?.close();
  });

  it('answers GetAccessKeyLastUsed 503 ServiceUnavailable while Redis is cut, and 200 once it is back', async () => {
    await t.root.request('POST', '/v1/users', { userName: 'redis-outage' });
    const key = await t.root.request<Json>('POST', '/v1/users/redis-outage/access-keys');
    const accessKeyId = key.body.accessKey.accessKeyId as string;
    expect((await t.root.request('GET', `/v1/access-keys/${accessKeyId}/last-used`)).status).toBe(200);

    proxy.cut();
    const during = await t.root.request<Json>('GET', `/v1/access-keys/${accessKeyId}/last-used`);
    expect(during.status).toBe(503);
    expect(during.body.error.code).toBe('ServiceUnavailable');
    expect(JSON.stringify(during.body)).not.toMatch(/127\.0\.0\.1|ECONN|stack/);
    const ready = await fetch(`${t.app.url}/health/ready`);
    expect(ready.status).toBe(503);

    proxy.restore();
    const deadline = Date.now() + 15_000;
    let after = await t.root.request('GET', `/v1/access-keys/${accessKeyId}/last-used`);
    while (after.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = await t.root.request('GET', `/v1/access-keys/${accessKeyId}/last-used`);
    }
    expect(after.status).toBe(200);
  });
});
