/**
 * STS figures, in one distributed run: identity and sts as their own
 * processes on real Postgres, Redis and Kafka, autocannon on loopback (16
 * connections; each side of a comparison STS_BENCH_SECONDS in all, default
 * 10, in alternating rounds).
 *
 * 1. AssumeRole/s and p50/p99 beside GetCallerIdentity (a signed call that
 *    does no work: this machine's floor for a signed request), and
 *    Postgres's own floor (one-row insert transactions/s from 16 clients).
 *    Each AssumeRole issues a real session: its record in Redis and
 *    `SessionIssued` appended with its outbox row (group-committed).
 * 2. Verifying temporary credentials against a long-term key: root's own key
 *    and a GetSessionToken session of root on identity's GET /v1/users/bench.
 * 3. Revocation propagation: a role session in use on identity, then
 *    revoke-sessions on sts; the time to the first request identity refuses.
 * 4. Expiry precision: a real session whose record's expiresAt the bench
 *    moves to half a second ahead (the API's minimum is 900 s); how late
 *    after expiresAt identity's first refusal comes, and whether any request
 *    sent after it was accepted.
 *
 * Run: npm run bench:sts   (needs npm run infra:up; STS_BENCH_PROFILE=<dir>
 * writes a CPU profile of the sts process there)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { SecretBox, sessionKey } from '@iam/auth';
import { randomRootKey, TEST_EVENT_KEYS } from '@iam/testing';
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
  sessionToken?: string;
}

const SECONDS = Number(process.env.STS_BENCH_SECONDS ?? 10);
const REVOCATIONS = 50;
const EXPIRIES = 25;

const ports = {
  identity: 18_900 + Math.floor(Math.random() * 50),
  sts: 18_960 + Math.floor(Math.random() * 30),
};
const root = randomRootKey();
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const schemaPrefix = `bench_${Date.now().toString(36)}_`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  IAM_MODE: 'distributed',
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  IAM_SCHEMA_PREFIX: schemaPrefix,
  IAM_KEY_ENCRYPTION_KEYS: SecretBox.generateConfig('bench'),
  IAM_EVENT_KEYS: TEST_EVENT_KEYS,
  IAM_ROOT_ACCESS_KEY_ID: root.accessKeyId,
  IAM_ROOT_SECRET_ACCESS_KEY: root.secretAccessKey,
};
/** The services' session store prefix (RedisTtlStore's default). */
const REDIS_PREFIX = 'iam:';

function start(service: 'identity' | 'sts'): ChildProcess {
  const dist = path.resolve(__dirname, '../../apps', service, 'src/main.js');
  // STS_BENCH_PROFILE=<dir>: the sts process writes a V8 CPU profile there when it exits.
  const profile = process.env.STS_BENCH_PROFILE;
  const flags = service === 'sts' && profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  return spawn(process.execPath, [...flags, dist], {
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
  // Generous: a fresh consumer group reads the whole identity topic of a shared Kafka first.
  const deadline = Date.now() + 180_000;
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

interface Target {
  name: string;
  port: number;
  method: string;
  pathname: string;
  headers: Record<string, string>;
  body?: string;
}

interface Measured {
  rate: number;
  p50: number;
  p99: number;
}

/** Processes whose CPU time each measurement charges to its requests (the services under test). */
const measuredProcesses: { name: string; pid: number }[] = [];

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU milliseconds each service process spent per request of one target, over all its rounds. */
const cpuPerRequest = new Map<string, { cpu: Map<string, number>; requests: number }>();

/** The Postgres backends serving this run's services (their application_name starts with the schema prefix). */
async function postgresBackends(): Promise<number[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE starts_with(application_name, $1)`,
      [schemaPrefix],
    );
    return rows.map((row) => row.pid);
  } finally {
    await pool.end();
  }
}

async function load(target: Target, seconds: number): Promise<AutocannonResult> {
  const backends = await postgresBackends();
  const sumOf = (pids: number[]) => pids.reduce((sum, pid) => sum + (cpuSeconds(pid) || 0), 0);
  const backendsBefore = sumOf(backends);
  const before = measuredProcesses.map(({ pid }) => cpuSeconds(pid));
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}${target.pathname}`,
    method: target.method,
    headers: target.headers,
    body: target.body,
    connections: 16,
    duration: seconds,
  });
  const spent = cpuPerRequest.get(target.name) ?? { cpu: new Map<string, number>(), requests: 0 };
  measuredProcesses.forEach(({ name, pid }, index) =>
    spent.cpu.set(name, (spent.cpu.get(name) ?? 0) + cpuSeconds(pid) - before[index]),
  );
  spent.cpu.set(
    'postgres backends',
    (spent.cpu.get('postgres backends') ?? 0) + sumOf(backends) - backendsBefore,
  );
  spent.requests += result.requests.total;
  cpuPerRequest.set(target.name, spent);
  return result;
}

/**
 * The services' CPU time per request: unlike a rate, barely moved by other
 * work on the machine, so it shows where a gap between two targets comes from.
 */
function printCpuPerRequest(name: string): void {
  const spent = cpuPerRequest.get(name);
  if (!spent || spent.requests === 0) return;
  const parts = [...spent.cpu].map(
    ([process, seconds]) => `${process} ${((1000 * seconds) / spent.requests).toFixed(2)} ms`,
  );
  console.log(`  CPU per request (${name}): ${parts.join(', ')}`);
}

/**
 * Two targets measured in alternation (A B A B, half the time each round,
 * after an unprinted warm-up of each): on a machine shared with other work,
 * a burst of it then weighs on both sides of the ratio alike. The rate is
 * over all rounds; p50 the rounds' mean, p99 the worst round's.
 */
async function compare(a: Target, b: Target): Promise<[Measured, Measured]> {
  for (const target of [a, b]) await load(target, 2);
  for (const target of [a, b]) cpuPerRequest.delete(target.name);
  const rounds: AutocannonResult[][] = [[], []];
  for (let round = 0; round < 2; round++)
    for (const [index, target] of [a, b].entries()) rounds[index].push(await load(target, SECONDS / 2));
  return [a, b].map((target, index) => {
    const results = rounds[index];
    const total = results.reduce((sum, r) => sum + r.requests.total, 0);
    const measured: Measured = {
      rate: total / SECONDS,
      p50: results.reduce((sum, r) => sum + r.latency.p50, 0) / results.length,
      p99: Math.max(...results.map((r) => r.latency.p99)),
    };
    const failed = results.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
    console.log(
      `${target.name}: ${Math.round(measured.rate).toLocaleString('en')} req/s, p50 ${measured.p50.toFixed(1)} ms, p99 ${measured.p99} ms (${total} requests, ${failed} non-2xx or errors)`,
    );
    return measured;
  }) as [Measured, Measured];
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(0)} %`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function spread(values: number[]): string {
  return `p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;
}

/** Postgres's floor on this machine: one-row INSERT transactions per second from 16 clients (autocommit). */
async function postgresFloor(): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: 16 });
  const table = `"${schemaPrefix}floor"`;
  try {
    await pool.query(`CREATE SCHEMA ${table}`);
    await pool.query(`CREATE TABLE ${table}.rows (id bigserial PRIMARY KEY, k text UNIQUE, v jsonb)`);
    let count = 0;
    const until = Date.now() + Math.min(SECONDS, 5) * 1000;
    await Promise.all(
      Array.from({ length: 16 }, async (_, client) => {
        for (let i = 0; Date.now() < until; i++) {
          await pool.query(`INSERT INTO ${table}.rows (k, v) VALUES ($1, $2)`, [`${client}-${i}`, '{"a":1}']);
          count++;
        }
      }),
    );
    const rate = count / Math.min(SECONDS, 5);
    console.log(
      `Postgres floor: ${Math.round(rate).toLocaleString('en')} one-row insert transactions/s (16 clients)`,
    );
    return rate;
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${table} CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

/** The error code identity answers a request with (AccessDenied: the credential was accepted, the action not). */
async function identityAnswer(key: Key): Promise<string> {
  const answer = await call(key, 'iam', ports.identity, 'GET', '/v1/users/bench');
  return answer.status === 200 ? 'OK' : String(answer.body?.error?.code);
}

async function assumed(key: Key, assume: object): Promise<Key> {
  const answer = await call(key, 'sts', ports.sts, 'POST', '/v1/sts/assume-role', assume);
  if (answer.status !== 200) throw new Error(`AssumeRole answered ${answer.status}`);
  return answer.body.credentials as Key;
}

/**
 * revoke-sessions on sts while identity is being asked, back to back, with
 * a role session it accepts: the time from sending the revocation to the
 * first answer of identity that refuses the session.
 */
async function revocationPropagation(key: Key, assume: object): Promise<void> {
  const fromSent: number[] = [];
  const fromAnswered: number[] = [];
  for (let i = 0; i < REVOCATIONS; i++) {
    const session = await assumed(key, assume);
    if ((await identityAnswer(session)) !== 'AccessDenied')
      throw new Error('identity did not accept the session');
    // Revocation is "issued at or before now", to the millisecond.
    await new Promise((resolve) => setTimeout(resolve, 2));
    let refusedAt: number | undefined;
    const polling = (async () => {
      while (refusedAt === undefined) {
        const code = await identityAnswer(session);
        if (code === 'InvalidClientTokenId') refusedAt = performance.now();
        else if (code !== 'AccessDenied') throw new Error(`unexpected answer ${code}`);
      }
    })();
    const sent = performance.now();
    const revoked = await call(root, 'iam', ports.sts, 'POST', '/v1/roles/Bench/revoke-sessions');
    const answered = performance.now();
    if (revoked.status !== 200)
      throw new Error(`revoke-sessions answered ${revoked.status} ${JSON.stringify(revoked.body)}`);
    await polling;
    fromSent.push(refusedAt! - sent);
    fromAnswered.push(refusedAt! - answered);
  }
  console.log(
    `Revocation → first refusal on identity (${REVOCATIONS} revocations), from sending revoke-sessions: ${spread(fromSent)}`,
  );
  console.log(`  from its 200 answer: ${spread(fromAnswered)} (negative: refused before the answer arrived)`);
}

/**
 * A session's record with its expiresAt moved to half a second from now
 * (AssumeRole's minimum is 900 s), then identity asked back to back: how
 * long after expiresAt the first refusal (ExpiredToken) arrives, and
 * whether any request sent after expiresAt was accepted.
 */
async function expiryPrecision(key: Key, assume: object): Promise<void> {
  const redis = new Redis(redisUrl);
  const late: number[] = [];
  let acceptedAfterExpiry = 0;
  try {
    for (let i = 0; i < EXPIRIES; i++) {
      const session = await assumed(key, assume);
      const stored = `${REDIS_PREFIX}${sessionKey(session.accessKeyId)}`;
      const record = JSON.parse((await redis.get(stored)) as string) as { expiresAt: string };
      const expiresAt = Date.now() + 500;
      record.expiresAt = new Date(expiresAt).toISOString();
      await redis.set(stored, JSON.stringify(record), 'KEEPTTL');
      for (;;) {
        const sentAt = Date.now();
        const code = await identityAnswer(session);
        if (code === 'ExpiredToken') {
          late.push(Date.now() - expiresAt);
          break;
        }
        if (code !== 'AccessDenied') throw new Error(`unexpected answer ${code}`);
        if (sentAt >= expiresAt) acceptedAfterExpiry++;
      }
    }
  } finally {
    redis.disconnect();
  }
  console.log(
    `Expiry → first ExpiredToken on identity (${EXPIRIES} sessions), after expiresAt: ${spread(late)}; requests sent after expiresAt and accepted: ${acceptedAfterExpiry}`,
  );
}

async function main() {
  const children = [start('identity'), start('sts')];
  measuredProcesses.push(
    { name: 'identity', pid: children[0].pid ?? 0 },
    { name: 'sts', pid: children[1].pid ?? 0 },
  );
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
    await until(
      () => assumed(key, assume).then(identityAnswer),
      (code) => code === 'AccessDenied',
      'identity knows the role',
    );

    const floor = await postgresFloor();
    const body = JSON.stringify(assume);
    const [whoami, assumeRole] = await compare(
      {
        name: 'GetCallerIdentity',
        port: ports.sts,
        method: 'POST',
        pathname: '/v1/sts/caller-identity',
        headers: await signed(key, 'sts', ports.sts, 'POST', '/v1/sts/caller-identity'),
      },
      {
        name: 'AssumeRole',
        port: ports.sts,
        method: 'POST',
        pathname: '/v1/sts/assume-role',
        headers: await signed(key, 'sts', ports.sts, 'POST', '/v1/sts/assume-role', body),
        body,
      },
    );
    console.log(
      `AssumeRole / GetCallerIdentity: ${percent(assumeRole.rate, whoami.rate)}; AssumeRole / Postgres one-row transactions: ${percent(assumeRole.rate, floor)}`,
    );
    printCpuPerRequest('GetCallerIdentity');
    printCpuPerRequest('AssumeRole');

    const rootSession = await call(root, 'sts', ports.sts, 'POST', '/v1/sts/session-token', {
      durationSeconds: 3600,
    });
    if (rootSession.status !== 200) throw new Error(`GetSessionToken answered ${rootSession.status}`);
    const temporary = rootSession.body.credentials as Key;
    const getUser = { port: ports.identity, method: 'GET', pathname: '/v1/users/bench' };
    const [longTerm, shortTerm] = await compare(
      {
        name: 'GET /v1/users/bench, long-term key (root)',
        ...getUser,
        headers: await signed(root, 'iam', ports.identity, 'GET', '/v1/users/bench'),
      },
      {
        name: 'GET /v1/users/bench, temporary credentials (root session)',
        ...getUser,
        headers: await signed(temporary, 'iam', ports.identity, 'GET', '/v1/users/bench'),
      },
    );
    console.log(
      `Temporary / long-term credentials on the same route: ${percent(shortTerm.rate, longTerm.rate)} (target ≥ 90 %)`,
    );
    printCpuPerRequest('GET /v1/users/bench, long-term key (root)');
    printCpuPerRequest('GET /v1/users/bench, temporary credentials (root session)');

    await revocationPropagation(key, assume);
    await expiryPrecision(key, assume);
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
