import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuthModule, AuthorizationCache, SecretBox } from '@iam/auth';
import { IdentityModule } from '@iam/identity';
import { bootstrapService, type RunningApp } from '@iam/platform';
import {
  dropSchemas,
  eventually,
  randomRootKey,
  SignedClient,
  testInfrastructure,
  type TestInfrastructure,
} from '@iam/testing';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Readiness and the stale-data guard answer the same question: while the
 * in-memory authorization data has not caught up for longer than
 * IAM_MAX_STALENESS_MS, `/health/ready` is 503 (so a load balancer sends
 * requests elsewhere) exactly as requests are refused; once it catches up,
 * both recover. On real Postgres.
 */
describe('readiness follows the staleness limit requests are refused at', () => {
  let infra: TestInfrastructure;
  let app: RunningApp;
  let dataDir: string;
  const rootKey = randomRootKey();

  const ready = async () => {
    const response = await fetch(`${app.url}/health/ready`);
    return { status: response.status, body: (await response.json()) as Json };
  };

  beforeAll(async () => {
    infra = await testInfrastructure();
    dataDir = mkdtempSync(path.join(tmpdir(), 'iam-readiness-'));
    app = await bootstrapService({
      name: 'standalone',
      modules: [AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }), IdentityModule],
      env: {
        IAM_MODE: 'standalone',
        IAM_DATA_DIR: dataDir,
        DATABASE_URL: infra.databaseUrl,
        IAM_SCHEMA_PREFIX: infra.schemaPrefix,
        IAM_KEY_ENCRYPTION_KEYS: SecretBox.generateConfig('readiness'),
        IAM_ROOT_ACCESS_KEY_ID: rootKey.accessKeyId,
        IAM_ROOT_SECRET_ACCESS_KEY: rootKey.secretAccessKey,
        IAM_MAX_STALENESS_MS: '1000',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'fatal',
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is not ready while requests are refused for stale data, and ready again once it caught up', async () => {
    const root = new SignedClient(app.url, rootKey);
    await eventually(ready, (r) => r.status === 200);
    expect((await root.request('GET', '/v1/me')).status).toBe(200);

    // The authorization data stops catching up (as when its loads keep failing).
    const cache = app.app.get(AuthorizationCache);
    cache.stop();
    try {
      const notReady = await eventually(ready, (r) => r.status === 503);
      expect(notReady.body.error.projections).toMatchObject({ status: 'down', limitMs: 1000 });
      expect(notReady.body.error.projections.staleForMs).toBeGreaterThan(1000);
      const refused = await root.request<Json>('GET', '/v1/me');
      expect(refused.status).toBe(503);
    } finally {
      cache.start(() => undefined);
    }
    const recovered = await eventually(ready, (r) => r.status === 200);
    expect(recovered.body.info.projections).toEqual({ status: 'up' });
    expect((await root.request('GET', '/v1/me')).status).toBe(200);
  });
});
