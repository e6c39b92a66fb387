import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SecretBox } from '@iam/auth';
import {
  dropSchemas,
  randomRootKey,
  SignedClient,
  testInfrastructure,
  type TestInfrastructure,
  TEST_EVENT_KEYS,
} from '@iam/testing';

const root = path.resolve(__dirname, '../../..');

interface Outcome {
  sentAt: number;
  status?: number;
  connectionClose?: boolean;
  error?: string;
}

/**
 * SIGTERM to a real identity process (`node dist/apps/identity/src/main.js`)
 * while clients keep sending: every request sent gets a response (or, once
 * the listener is closed, a refused connection), nothing is accepted after
 * the signal, and the process exits 0 once in-flight work is done.
 */
describe('identity shutting down under load', () => {
  let infra: TestInfrastructure;
  let child: ChildProcess;
  let url: string;
  let out = '';
  const key = randomRootKey();

  beforeAll(async () => {
    const build = spawnSync('node', ['tools/build.js'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
    infra = await testInfrastructure();
    child = spawn('node', ['dist/apps/identity/src/main.js'], {
      cwd: root,
      env: {
        ...process.env,
        IAM_MODE: 'distributed',
        DATABASE_URL: infra.databaseUrl,
        REDIS_URL: infra.redisUrl,
        KAFKA_BROKERS: infra.kafkaBrokers,
        IAM_SCHEMA_PREFIX: infra.schemaPrefix,
        IAM_KEY_ENCRYPTION_KEYS: SecretBox.generateConfig('shutdown'),
        IAM_EVENT_KEYS: TEST_EVENT_KEYS,
        IAM_ROOT_ACCESS_KEY_ID: key.accessKeyId,
        IAM_ROOT_SECRET_ACCESS_KEY: key.secretAccessKey,
        IAM_SHUTDOWN_DRAIN_MS: '2000',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`identity did not start: ${out}`)), 60_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const match = /"url":"(http:\/\/[^"]+)".*identity listening/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`identity exited with ${code}: ${out}`)));
    });
  }, 90_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  it('answers every request it received, accepts none after SIGTERM, and exits 0', async () => {
    const client = new SignedClient(url, key);
    const outcomes: Outcome[] = [];
    let stop = false;
    const worker = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const outcome: Outcome = { sentAt: Date.now() };
        outcomes.push(outcome);
        try {
          const response =
            i % 2 === 0
              ? await client.request('POST', '/v1/users', { userName: `w${n}-${i}` })
              : await client.request('GET', '/v1/users?maxItems=5');
          outcome.status = response.status;
          // As a client behind a load balancer: a 503 sends it to another replica.
          if (response.status === 503) return;
        } catch (error) {
          outcome.error = String((error as { cause?: { code?: string } }).cause?.code ?? error);
          if (outcome.error === 'ECONNREFUSED') return;
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, n) => worker(n));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const signalledAt = Date.now();
    child.kill('SIGTERM');

    const noticed = Date.now() + 10_000;
    while (!out.includes('shutting down') && Date.now() < noticed) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(out).toContain('identity shutting down');
    const ready = await fetch(`${url}/health/ready`).catch(() => undefined);
    expect(ready?.status).toBe(503);
    // A new client during the drain: refused politely, told to close.
    const late = await fetch(`${url}/v1/users`, { headers: { connection: 'keep-alive' } });
    expect(late.status).toBe(503);
    expect(late.headers.get('connection')).toBe('close');
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('ServiceUnavailable');

    expect(await exited).toBe(0);
    stop = true;
    await Promise.all(workers);

    const before = outcomes.filter((o) => o.sentAt < signalledAt);
    const after = outcomes.filter((o) => o.sentAt > signalledAt + 50);
    expect(before.length).toBeGreaterThan(20);
    // No request sent before the signal was left without an answer, and none failed for it.
    expect(before.filter((o) => o.status === undefined)).toEqual([]);
    expect(before.filter((o) => o.status !== undefined && o.status >= 500 && o.status !== 503)).toEqual([]);
    // After it: a 503 the client may retry elsewhere, or a refused connection; never a cut one.
    expect(after.filter((o) => o.status !== 503 && o.error !== 'ECONNREFUSED')).toEqual([]);
    // Once it has exited, nothing listens.
    await expect(fetch(`${url}/health/live`)).rejects.toThrow();
  }, 120_000);
});
