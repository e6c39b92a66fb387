/**
 * AssumeRole per second and its p50/p99 beside GetCallerIdentity (a signed
 * call that does no work) in the same run, distributed mode: identity and
 * sts as their own processes on real Postgres, Redis and Kafka, autocannon
 * on loopback (16 connections, 10 s each). Each AssumeRole issues a real
 * session: a Redis write and an event appended in its own transaction.
 * Run: npm run bench:sts   (needs npm run infra:up)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { SecretBox } from '@iam/auth';
import { randomRootKey, TEST_EVENT_KEYS } from '@iam/testing';
import path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

interface Key {
  accessKeyId: string;
  secretAccessKey: string;
}

const ports = {
  identity: 18_900 + Math.floor(Math.random() * 50),
  sts: 18_960 + Math.floor(Math.random() * 30),
};
const root = randomRootKey();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  IAM_MODE: 'distributed',
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  IAM_SCHEMA_PREFIX: `bench_${Date.now().toString(36)}_`,
  IAM_KEY_ENCRYPTION_KEYS: SecretBox.generateConfig('bench'),
  IAM_EVENT_KEYS: TEST_EVENT_KEYS,
  IAM_ROOT_ACCESS_KEY_ID: root.accessKeyId,
  IAM_ROOT_SECRET_ACCESS_KEY: root.secretAccessKey,
};

function start(service: 'identity' | 'sts'): ChildProcess {
  const dist = path.resolve(__dirname, '../../apps', service, 'src/main.js');
  return spawn(process.execPath, [dist], {
    env: { ...env, PORT: String(ports[service]) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function signed(
  key: Key,
  service: 'iam' | 'sts',
  port: number,
  method: string,
  pathname: string,
  body?: string,
) {
  const signer = new SignatureV4({ credentials: key, region: 'us-east-1', service, sha256: Sha256 });
  const headers: Record<string, string> = { host: `127.0.0.1:${port}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const request = await signer.sign({
    method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path: pathname,
    query: {},
    headers,
    body,
  });
  const sent = { ...(request.headers as Record<string, string>) };
  delete sent.host;
  return sent;
}

async function call(
  key: Key,
  service: 'iam' | 'sts',
  port: number,
  method: string,
  pathname: string,
  payload?: object,
) {
  const body = payload === undefined ? undefined : JSON.stringify(payload);
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`, {
    method,
    headers: await signed(key, service, port, method, pathname, body),
    body,
  });
  return {
    status: response.status,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    body: (await response.json().catch(() => undefined)) as Record<string, any>,
  };
}

async function until<T>(work: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const value = await work();
      if (done(value)) return value;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function run(
  name: string,
  port: number,
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body?: string,
) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${pathname}`,
    method,
    headers,
    body,
    connections: 16,
    duration: 10,
  });
  console.log(
    `${name}: ${Math.round(result.requests.average).toLocaleString('en')} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (${result.requests.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors)`,
  );
  return result;
}

async function main() {
  const children = [start('identity'), start('sts')];
  try {
    for (const port of Object.values(ports))
      await until(
        () => fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status),
        (s) => s === 200,
        'ready',
      );
    const user = await call(root, 'iam', ports.identity, 'POST', '/v1/users', { userName: 'bench' });
    const key = (await call(root, 'iam', ports.identity, 'POST', '/v1/users/bench/access-keys')).body
      .accessKey as Key;
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: user.body.user.arn }, Action: 'sts:AssumeRole' }],
    };
    const role = await call(root, 'iam', ports.identity, 'POST', '/v1/roles', {
      roleName: 'Bench',
      assumeRolePolicyDocument: JSON.stringify(trust),
    });
    const assume = { roleArn: role.body.role.arn, roleSessionName: 'bench' };
    await until(
      () => call(key, 'sts', ports.sts, 'POST', '/v1/sts/assume-role', assume),
      (r) => r.status === 200,
      'sts knows the role',
    );

    const whoami = await run(
      'GetCallerIdentity',
      ports.sts,
      'POST',
      '/v1/sts/caller-identity',
      await signed(key, 'sts', ports.sts, 'POST', '/v1/sts/caller-identity'),
    );
    const body = JSON.stringify(assume);
    const assumed = await run(
      'AssumeRole',
      ports.sts,
      'POST',
      '/v1/sts/assume-role',
      await signed(key, 'sts', ports.sts, 'POST', '/v1/sts/assume-role', body),
      body,
    );
    console.log(
      `AssumeRole / GetCallerIdentity: ${((100 * assumed.requests.average) / whoami.requests.average).toFixed(0)} %`,
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
