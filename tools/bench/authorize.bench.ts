/**
 * Figures of the decision API, distributed mode, on loopback and real
 * Postgres, Redis and Kafka (DATABASE_URL, REDIS_URL, KAFKA_BROKERS; defaults
 * 127.0.0.1): identity and policy boot in this process, the load generator
 * runs in a child process with N keep-alive connections
 * (autocannon; a node:http client would be the bottleneck at ~22k req/s here).
 *   - POST /v1/authorize: decisions/s and p50/p99, closed loop;
 *   - POST /v1/authorize/batch with 100 and 1,000 requests: decisions/s;
 *   - POST /v1/authorize at a fixed 5,000 requests/s: p50/p99 (open loop,
 *     latency from the scheduled send time);
 *   - SigV4 signing cost on the client, measured apart (requests are signed
 *     once and replayed: the server verifies every one of them);
 *   - heap per 10,000 principals in an AuthorizationCache.
 * Run: npm run build && node --expose-gc dist/tools/bench/authorize.bench.js
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { AuthModule, AuthorizationCache, SecretBox } from '@iam/auth';
import type { SqlDatabase } from '@iam/event-store';
import { IdentityModule } from '@iam/identity';
import { bootstrapService } from '@iam/platform';
import { PolicyModule } from '@iam/policy';
import { compilePolicySet, explain } from '@iam/policy-engine';
import {
  dropSchemas,
  eventually,
  randomRootKey,
  SignedClient,
  type Credentials,
  TEST_EVENT_KEYS,
} from '@iam/testing';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const kafkaBrokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
/** BENCH_ONLY=single,batch,… runs only those parts (engine, memory, baseline, single, batch, rate, replicas). */
const only = process.env.BENCH_ONLY?.split(',');
const runs = (part: string) => !only || only.includes(part);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface PreparedRequest {
  method?: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  seconds: number;
  p50: number;
  p99: number;
  /** Open loop only: p99 counted from when the request actually left the client. */
  sentP99?: number;
}

/**
 * The load generator, run in a child process (its own event loop;
 * autocannon changes its behaviour inside a worker thread):
 * autocannon for the closed-loop runs (N connections, each sending its next
 * request when the last one is answered); for a fixed rate, a plain
 * node:http open loop whose latency counts from each request's scheduled
 * send time, so a server falling behind shows in the figure.
 */
const LOAD_GENERATOR = `
const http = require('node:http');
const { ports, request, connections, seconds, rate, autocannonPath } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
async function closedLoop() {
  const autocannon = require(autocannonPath);
  const urls = ports.map((port) => 'http://127.0.0.1:' + port + request.path);
  const result = await autocannon({
    url: urls.length === 1 ? urls[0] : urls,
    method: request.method ?? 'POST',
    headers: request.headers,
    body: request.body || undefined,
    connections,
    duration: seconds,
  });
  return {
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
async function openLoop() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const fromSend = [];
  let errors = 0, non2xx = 0, done = 0;
  const send = (scheduled, n) => new Promise((resolve) => {
    const sentAt = performance.now();
    const req = http.request({ host: '127.0.0.1', port: ports[n % ports.length], method: request.method ?? 'POST', path: request.path, headers: request.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) non2xx++;
        const now = performance.now();
        latencies.push(now - scheduled);
        fromSend.push(now - sentAt);
        done++;
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end(request.body);
  });
  const start = performance.now();
  const end = start + seconds * 1000;
  const pending = [];
  let sent = 0;
  while (performance.now() < end) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent < due) {
      pending.push(send(start + (sent * 1000) / rate, sent));
      sent++;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  agent.destroy();
  const at = (list, p) => list[Math.min(list.length - 1, Math.floor((p / 100) * list.length))] ?? NaN;
  latencies.sort((a, b) => a - b);
  fromSend.sort((a, b) => a - b);
  return {
    requests: done, errors, non2xx, seconds: (performance.now() - start) / 1000,
    p50: at(latencies, 50), p99: at(latencies, 99), sentP99: at(fromSend, 99),
  };
}
(rate ? openLoop() : closedLoop()).then((result) => process.stdout.write(JSON.stringify(result)));
`;

/** Load on one port, or spread over several (replicas behind no balancer: round robin by the client). */
function load(
  port: number | number[],
  request: PreparedRequest,
  options: { connections: number; seconds: number; rate?: number },
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const ports = Array.isArray(port) ? port : [port];
    const data = { ports, request, ...options, autocannonPath: require.resolve('autocannon') };
    const child = spawn(process.execPath, ['-e', LOAD_GENERATOR], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.end(JSON.stringify(data));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(JSON.parse(output) as LoadResult);
      else reject(new Error(`load generator exited with ${code}`));
    });
  });
}

async function presign(base: string, credentials: Credentials, path: string, payload: object) {
  const url = new URL(path, base);
  const body = JSON.stringify(payload);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'iam', sha256: Sha256 });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'content-type': 'application/json' },
      body,
    },
    { signingDate: new Date() },
  );
  return { path, headers: signed.headers as Record<string, string>, body };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => `${n.toFixed(2)} ms`;

/** Ten managed policies of five statements each, as the engine benchmark's workload. */
function benchPolicies(account: string): string[] {
  return Array.from({ length: 10 }, (_, p) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: `Read${p}`,
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: `arn:aws:s3:::bucket-${p}/*`,
        },
        {
          Sid: `Write${p}`,
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::bucket-${p}/uploads/*`,
        },
        {
          Sid: `Office${p}`,
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: `arn:aws:sqs:us-east-1:${account}:queue-${p}`,
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
        },
        {
          Sid: `NoSecrets${p}`,
          Effect: 'Deny',
          Action: 's3:*',
          Resource: `arn:aws:s3:::bucket-${p}/secret/*`,
        },
        {
          Sid: `Tagged${p}`,
          Effect: 'Allow',
          Action: 'dynamodb:GetItem',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${p}` } },
        },
      ],
    }),
  );
}

async function httpFigures() {
  const schemaPrefix = `bench_${randomBytes(4).toString('hex')}_`;
  const root = randomRootKey();
  const env = {
    IAM_MODE: 'distributed',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    KAFKA_BROKERS: kafkaBrokers,
    IAM_SCHEMA_PREFIX: schemaPrefix,
    IAM_KEY_ENCRYPTION_KEYS: SecretBox.generateConfig('bench'),
    IAM_EVENT_KEYS: TEST_EVENT_KEYS,
    IAM_ROOT_ACCESS_KEY_ID: root.accessKeyId,
    IAM_ROOT_SECRET_ACCESS_KEY: root.secretAccessKey,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'fatal',
  };
  const identity = await bootstrapService({
    name: 'identity',
    modules: [AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }), IdentityModule],
    env,
  });
  const policy = await bootstrapService({
    name: 'policy',
    modules: [AuthModule.forRoot({ service: 'policy', consumeIdentityEvents: true }), PolicyModule],
    env,
  });
  try {
    const rootIdentity = new SignedClient(identity.url, root);
    const rootPolicy = new SignedClient(policy.url, root);
    const me = await rootIdentity.request<{ account: string }>('GET', '/v1/me');
    const account = me.body.account;
    await eventually(
      async () => (await rootPolicy.request('GET', '/v1/policies?scope=Local')).status,
      (status) => status === 200,
      { timeoutMs: 120_000 },
    );
    const user = await rootIdentity.request<Json>('POST', '/v1/users', {
      userName: 'bench-user',
      tags: [{ key: 'team', value: 'team-3' }],
    });
    const principalArn = user.body.user.arn as string;
    const documents = benchPolicies(account);
    for (let p = 0; p < documents.length; p++) {
      const created = await rootPolicy.request<Json>('POST', '/v1/policies', {
        policyName: `Bench${p}`,
        policyDocument: documents[p],
      });
      const arn = encodeURIComponent(created.body.policy.arn as string);
      await eventually(
        async () => (await rootPolicy.request('PUT', `/v1/users/bench-user/attached-policies/${arn}`)).status,
        (status) => status === 204,
        { timeoutMs: 120_000 },
      );
    }
    const item = (i: number) => ({
      principalArn,
      action: ['s3:GetObject', 's3:PutObject', 'sqs:SendMessage', 'dynamodb:GetItem'][i % 4],
      resource:
        i % 4 === 2
          ? `arn:aws:sqs:us-east-1:${account}:queue-${i % 10}`
          : `arn:aws:s3:::bucket-${i % 10}/uploads/object-${i}`,
      context: { 'aws:SourceIp': '10.1.2.3' },
    });
    // Wait until all ten policies decide (the last attachment has crossed Kafka).
    await eventually(
      async () =>
        (await rootPolicy.request<Json>('POST', '/v1/authorize', { ...item(9), action: 's3:GetObject' })).body
          .decision,
      (decision) => decision === 'Allow',
      { timeoutMs: 120_000 },
    );
    const port = Number(new URL(policy.url).port);
    console.log(
      `decision API benchmark: policy service in distributed mode on loopback; principal with 10 managed policies (50 statements); ${connections} keep-alive connections, ${seconds} s per run; load generator (autocannon) in a child process`,
    );

    // Signing cost on the client, apart from the runs (which replay one signature each).
    {
      const n = 2000;
      const started = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await presign(policy.url, root, '/v1/authorize', item(i));
      const us = Number(process.hrtime.bigint() - started) / 1e3 / n;
      console.log(
        `SigV4 signing (client, @smithy/signature-v4 + sha256-js): ${us.toFixed(1)} µs per request`,
      );
    }

    // What this machine's loopback HTTP and Fastify cost without any work: the floor under every figure.
    if (runs('baseline')) {
      const health = { method: 'GET', path: '/health/live', headers: {}, body: '' };
      await load(port, health, { connections, seconds: 2 });
      const h = await load(port, health, { connections, seconds });
      console.log(
        `baseline GET /health/live (no signature, no decision): ${fmt(h.requests / h.seconds)} req/s, p50 ${ms(h.p50)}, p99 ${ms(h.p99)}`,
      );
    }
    const single = await presign(policy.url, root, '/v1/authorize', item(0));
    await load(port, single, { connections, seconds: 2 }); // warm-up
    if (runs('single')) {
      const s = await load(port, single, { connections, seconds });
      console.log(
        `POST /v1/authorize, single:   ${fmt(s.requests / s.seconds)} decisions/s, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}` +
          (s.non2xx || s.errors ? ` (non-2xx ${s.non2xx}, errors ${s.errors})` : ''),
      );
    }
    for (const size of runs('batch') ? [100, 1000] : []) {
      const batch = await presign(policy.url, root, '/v1/authorize/batch', {
        requests: Array.from({ length: size }, (_, i) => item(i)),
      });
      const c = Math.min(connections, size === 1000 ? 8 : 16);
      await load(port, batch, { connections: c, seconds: 2 });
      const b = await load(port, batch, { connections: c, seconds });
      console.log(
        `POST /v1/authorize/batch ×${size}: ${fmt((b.requests * size) / b.seconds)} decisions/s (${fmt(b.requests / b.seconds)} calls/s, p50 ${ms(b.p50)}, p99 ${ms(b.p99)}, ${c} connections)` +
          (b.non2xx || b.errors ? ` (non-2xx ${b.non2xx}, errors ${b.errors})` : ''),
      );
    }
    for (const rate of runs('rate') ? [5000, 2500] : []) {
      console.log(await openLoopFigure('', [port], single, rate));
    }
    if (runs('replicas')) await replicaFigures(env, single);
  } finally {
    await Promise.allSettled([policy.close(), identity.close()]);
    await dropSchemas(databaseUrl, schemaPrefix);
  }
}

/**
 * The same single decision against N replicas of the policy service, each
 * its own process (`node dist/apps/policy/src/main.js`, as deployed), on the
 * same Postgres and Kafka; the client spreads requests over them (what a
 * load balancer does). On this 2-core machine the load generator shares the
 * cores with them.
 */
async function replicaFigures(env: Record<string, string>, single: PreparedRequest) {
  const count = Number(process.env.BENCH_REPLICAS ?? 2);
  const ports = Array.from({ length: count }, (_, i) => 18_300 + i);
  const main = require.resolve('../../apps/policy/src/main.js');
  const replicas = ports.map((port) =>
    spawn(process.execPath, [main], { env: { ...process.env, ...env, PORT: String(port) }, stdio: 'ignore' }),
  );
  try {
    for (const port of ports) {
      await eventually(
        async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status,
        (status) => status === 200,
        { timeoutMs: 60_000 },
      );
    }
    // Every replica's in-memory projections have caught up when it decides Allow.
    for (const port of ports) {
      await eventually(
        () => decisionAt(port, single),
        (decision) => decision === 'Allow',
        { timeoutMs: 60_000 },
      );
    }
    await load(ports, single, { connections: 2 * count, seconds: 2 });
    const s = await load(ports, single, { connections, seconds });
    console.log(
      `${count} policy replicas, POST /v1/authorize single: ${fmt(s.requests / s.seconds)} decisions/s, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}` +
        (s.non2xx || s.errors ? ` (non-2xx ${s.non2xx}, errors ${s.errors})` : ''),
    );
    for (const rate of [5000, 2500]) {
      console.log(await openLoopFigure(`${count} policy replicas, `, ports, single, rate));
    }
  } finally {
    for (const replica of replicas) replica.kill('SIGTERM');
    await Promise.all(replicas.map((r) => new Promise((resolve) => r.once('exit', resolve))));
  }
}

/** The decision one replica answers to a presigned request (node:http: fetch would replace the signed Host). */
function decisionAt(port: number, prepared: PreparedRequest): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: prepared.path, headers: prepared.headers },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve((JSON.parse(text) as { decision?: string }).decision));
      },
    );
    request.on('error', () => resolve(undefined));
    request.end(prepared.body);
  });
}

/**
 * POST /v1/authorize at a fixed rate: latency from each request's scheduled
 * send time (a server or client falling behind shows), from its actual send,
 * and as the services' own histogram saw it (request in → response out).
 */
async function openLoopFigure(label: string, ports: number[], single: PreparedRequest, rate: number) {
  const before = await Promise.all(ports.map(serverHistogram));
  const r = await load(ports, single, { connections: 128, seconds, rate });
  const after = await Promise.all(ports.map(serverHistogram));
  const buckets = new Map<string, number>();
  after.forEach((histogram, i) => {
    for (const [le, count] of histogram)
      buckets.set(le, (buckets.get(le) ?? 0) + count - (before[i].get(le) ?? 0));
  });
  const total = buckets.get('+Inf') ?? 0;
  const serverP99 = [...buckets].find(([, count]) => count >= 0.99 * total)?.[0];
  return (
    `${label}POST /v1/authorize at ${fmt(rate)} req/s (open loop): achieved ${fmt(r.requests / r.seconds)} req/s, ` +
    `p50 ${ms(r.p50)}, p99 ${ms(r.p99)} from the scheduled send, p99 ${ms(r.sentP99 ?? NaN)} from the actual send, ` +
    `server-side p99 ≤ ${serverP99 === undefined ? '?' : `${Number(serverP99) * 1000} ms`}` +
    (r.non2xx || r.errors ? ` (non-2xx ${r.non2xx}, errors ${r.errors})` : '')
  );
}

/** The cumulative buckets (le → count) of the service's request-duration histogram for POST /v1/authorize. */
async function serverHistogram(port: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const buckets = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (
      !line.startsWith('iam_http_request_duration_seconds_bucket') ||
      !line.includes('route="/v1/authorize"')
    )
      continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (le) buckets.set(le, (buckets.get(le) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return buckets;
}

/** Heap held by an AuthorizationCache for 10,000 principals, loaded from rows as from its table. */
async function memoryFigures() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    console.log('memory per 10,000 principals: run node with --expose-gc');
    return;
  }
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const before = heap();
  const account = '111122223333';
  const shared = benchPolicies(account).map((document, p) => ({
    policy_arn: `arn:aws:iam::${account}:policy/Shared${p}`,
    document,
    deleted: false,
    seq: p + 1,
  }));
  const principals = Array.from({ length: 10_000 }, (_, i) => ({
    principal_key: `user:AIDA${String(i).padStart(17, '0')}`,
    kind: 'user',
    account_id: account,
    arn: `arn:aws:iam::${account}:user/team-${i % 50}/user-${i}`,
    name: `user-${i}`,
    tags: [
      { key: 'team', value: `team-${i % 50}` },
      { key: 'cost-center', value: `cc-${i % 7}` },
    ],
    groups: [],
    attached: [shared[i % 10].policy_arn, shared[(i + 3) % 10].policy_arn],
    inline: {
      Own: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::home/user-${i}/*` }],
      }),
    },
    boundary: null,
    deleted: false,
    seq: 100 + i,
  }));
  const db = {
    query: async (sql: string) => ({
      rows: sql.includes('authz_principals') ? principals : sql.includes('authz_policies') ? shared : [],
    }),
  } as unknown as SqlDatabase;
  const cache = new AuthorizationCache(db, 'bench');
  await cache.refresh();
  principals.length = 0; // only the cache holds them now (as rows read from Postgres would be)
  const loaded = heap();
  for (let i = 0; i < 10_000; i++) cache.effective('user', `AIDA${String(i).padStart(17, '0')}`);
  const compiled = heap();
  console.log(
    `AuthorizationCache, 10,000 users (2 of 10 shared managed policies + 1 inline policy + 2 tags each): ${((loaded - before) / 1048576).toFixed(1)} MiB loaded, ${((compiled - before) / 1048576).toFixed(1)} MiB with every policy set compiled`,
  );
  if (cache.size.principals !== 10_000) console.log(`(cache holds ${cache.size.principals} principals)`);
}

/** The decision itself, without HTTP: explain() (which the API answers with) against the same 10 policies. */
function enginePathFigures() {
  const account = '111122223333';
  const set = compilePolicySet({
    identity: benchPolicies(account).map((document, p) => ({
      id: `arn:aws:iam::${account}:policy/Bench${p}`,
      document,
    })),
  });
  const principal = {
    arn: `arn:aws:iam::${account}:user/bench-user`,
    accountId: account,
    type: 'User' as const,
    userId: 'AIDABENCH',
    username: 'bench-user',
    tags: { team: 'team-3' },
  };
  const actions = ['s3:GetObject', 's3:PutObject', 'sqs:SendMessage', 'dynamodb:GetItem'];
  const n = 200_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    explain(
      {
        principal,
        action: actions[i % 4],
        resource: `arn:aws:s3:::bucket-${i % 10}/uploads/object-${i}`,
        context: {
          'aws:SourceIp': '10.1.2.3',
          'aws:CurrentTime': '2026-01-01T00:00:00Z',
          'aws:EpochTime': 1767225600,
        },
      },
      set,
    );
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`engine explain(), same 10 policies, one core, no HTTP: ${fmt(n / seconds)} decisions/s`);
}

async function main() {
  if (runs('engine')) enginePathFigures();
  if (runs('memory')) await memoryFigures();
  if (['baseline', 'single', 'batch', 'rate', 'replicas'].some(runs)) await httpFigures();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
