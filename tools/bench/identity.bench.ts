/**
 * Requests per second and latency of authenticated identity calls, with
 * autocannon on loopback against the service in its own process:
 *   GET /v1/users/{userName} (SigV4-signed, one signature replayed within its 15 minutes)
 *   POST /v1/users (each request a new user, pre-signed before the run)
 * Run: npm run bench:identity -- standalone | distributed   (distributed needs npm run infra:up)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { SecretBox } from '@iam/auth';
import { randomRootKey, TEST_EVENT_KEYS } from '@iam/testing';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}

const mode = process.argv[2] === 'distributed' ? 'distributed' : 'standalone';
const port = 18_600 + Math.floor(Math.random() * 300);
const base = `http://127.0.0.1:${port}`;
const root = randomRootKey();
const signer = new SignatureV4({ credentials: root, region: 'us-east-1', service: 'iam', sha256: Sha256 });

async function sign(method: string, pathname: string, body?: string) {
  const headers: Record<string, string> = { host: `127.0.0.1:${port}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path: pathname,
    query: {},
    headers,
    body,
  });
  const sent = { ...(signed.headers as Record<string, string>) };
  delete sent.host;
  return sent;
}

function startService(): ChildProcess {
  const dist = path.resolve(
    __dirname,
    '../../apps',
    mode === 'standalone' ? 'standalone' : 'identity',
    'src/main.js',
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    IAM_ROOT_ACCESS_KEY_ID: root.accessKeyId,
    IAM_ROOT_SECRET_ACCESS_KEY: root.secretAccessKey,
  };
  if (mode === 'standalone') {
    env.IAM_MODE = 'standalone';
    env.IAM_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'iam-bench-'));
    delete env.DATABASE_URL;
  } else {
    env.IAM_MODE = 'distributed';
    env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
    env.REDIS_URL ??= 'redis://127.0.0.1:6379';
    env.KAFKA_BROKERS ??= '127.0.0.1:9092';
    env.IAM_SCHEMA_PREFIX = `bench_${Date.now().toString(36)}_`;
    env.IAM_KEY_ENCRYPTION_KEYS = SecretBox.generateConfig('bench');
    env.IAM_EVENT_KEYS = TEST_EVENT_KEYS;
  }
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const child = spawn(process.execPath, [...nodeArgs, dist], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function waitReady() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/health/ready`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('service did not become ready');
}

async function main() {
  const child = startService();
  try {
    await waitReady();
    const created = await fetch(`${base}/v1/users`, {
      method: 'POST',
      headers: await sign('POST', '/v1/users', JSON.stringify({ userName: 'bench-user' })),
      body: JSON.stringify({ userName: 'bench-user' }),
    });
    if (created.status !== 201) throw new Error(`setup failed: ${created.status} ${await created.text()}`);

    const connections = 16;
    const duration = 10;
    const get = await autocannon({
      url: `${base}/v1/users/bench-user`,
      method: 'GET',
      headers: await sign('GET', '/v1/users/bench-user'),
      connections,
      duration,
    });
    report('GET /v1/users/{userName}', get);

    const bodies: { body: string; headers: Record<string, string> }[] = [];
    for (let i = 0; i < 30_000; i++) {
      const body = JSON.stringify({ userName: `u${i}` });
      bodies.push({ body, headers: await sign('POST', '/v1/users', body) });
    }
    let next = 0;
    const post = await autocannon({
      url: `${base}/v1/users`,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest: (request: Record<string, unknown>) => {
            const item = bodies[next++ % bodies.length];
            return { ...request, method: 'POST', path: '/v1/users', headers: item.headers, body: item.body };
          },
        },
      ],
    });
    report('POST /v1/users', post);
  } finally {
    child.kill('SIGTERM');
  }
}

function report(name: string, result: AutocannonResult) {
  console.log(
    `${mode} ${name}: ${Math.round(result.requests.average).toLocaleString('en')} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (${result.requests.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors; autocannon, 16 connections, 10 s, loopback)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
