/**
 * Two replicas of each service at once, in distributed mode, on this
 * machine: identity, policy, sts and audit twice each (the built apps,
 * separate processes on their own ports), one Postgres database (schemas of
 * their own), one Kafka (a broker of the script's own: new consumer groups on
 * the shared one would first replay every earlier run's events).
 * Prints:
 *
 * - writes: users created through both identity replicas, 4 at a time;
 *   each must be one `UserCreated` event, one row, one audit record;
 * - partitions: how each consumer group's two members split the partitions;
 * - relay failover: the outbox relay leader of identity killed with -9; how
 *   long until the other replica leads, and until a write through it
 *   reaches policy and the audit trail;
 * - convergence: a new user's access key, created through one replica, and
 *   how long until every replica of every service authenticates it and both
 *   replicas of each service give the same answer to the same request.
 *
 * Run: npm run infra:up && npm run replicas   (env: DATABASE_URL, REDIS_URL; REPLICAS_USERS, default 40)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { randomRootKey, SignedClient, startPrivateKafka, type Credentials } from '@iam/testing';

const root = path.resolve(__dirname, '../../..');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const users = Number(process.env.REPLICAS_USERS ?? 40);
const prefix = `replicas_${randomUUID().slice(0, 8)}_`;
const rootKey = randomRootKey();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Service = 'identity' | 'policy' | 'sts' | 'audit';
const services: Service[] = ['identity', 'policy', 'sts', 'audit'];
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Replica {
  service: Service;
  index: number;
  port: number;
  url: string;
  child?: ChildProcess;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const settings = (kafkaBrokers: string): Record<string, string> => ({
  IAM_MODE: 'distributed',
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  KAFKA_BROKERS: kafkaBrokers,
  IAM_SCHEMA_PREFIX: prefix,
  IAM_KEY_ENCRYPTION_KEYS: `replicas:${randomBytes(32).toString('base64')}`,
  IAM_EVENT_KEYS: `replicas:${randomBytes(32).toString('base64')}`,
  IAM_ROOT_ACCESS_KEY_ID: rootKey.accessKeyId,
  IAM_ROOT_SECRET_ACCESS_KEY: rootKey.secretAccessKey,
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
});
let env: Record<string, string> = {};

async function start(replica: Replica, others: Record<string, string>): Promise<void> {
  const child = spawn('node', [`dist/apps/${replica.service}/src/main.js`], {
    cwd: root,
    env: { ...process.env, ...env, ...others, PORT: String(replica.port), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  replica.child = child;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`${replica.service} did not start: ${out.slice(-2000)}`)),
      120_000,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes(`${replica.service} listening`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${replica.service} exited with ${code}: ${out.slice(-2000)}`)),
    );
  });
  child.stdout!.resume();
  child.stderr!.resume();
}

function kill(replica: Replica): Promise<void> {
  const child = replica.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

/** Polls until `done` or `timeoutMs`; resolves with the milliseconds it took, or undefined. */
async function within(timeoutMs: number, done: () => Promise<boolean>): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await done().catch(() => false)) return Date.now() - started;
    await sleep(20);
  }
  return undefined;
}

const ms = (value: number | undefined) => (value === undefined ? 'not within the limit' : `${value} ms`);

async function relayLeader(replica: Replica): Promise<boolean | undefined> {
  const response = await fetch(`${replica.url}/health/ready`).catch(() => undefined);
  if (!response) return undefined;
  const body = (await response.json()) as Json;
  const relay =
    body.details?.['relay:identity'] ?? body.info?.['relay:identity'] ?? body.error?.['relay:identity'];
  return relay?.leader === true;
}

async function main() {
  console.log(`replicas: schemas ${prefix}*, ${users} users; starting a Kafka broker of its own`);
  const broker = await startPrivateKafka();
  const kafkaBrokers = broker.brokers;
  env = settings(kafkaBrokers);
  console.log(`starting 2 replicas of ${services.join(', ')}`);
  const replicas: Record<Service, Replica[]> = { identity: [], policy: [], sts: [], audit: [] };
  for (const service of services)
    for (const index of [0, 1]) {
      const port = await freePort();
      replicas[service].push({ service, index, port, url: `http://127.0.0.1:${port}` });
    }
  // Each forwards other services' AWS-protocol actions to a replica of theirs (the first).
  const others = {
    IAM_IDENTITY_URL: replicas.identity[0].url,
    IAM_POLICY_URL: replicas.policy[0].url,
    IAM_STS_URL: replicas.sts[0].url,
  };
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const all = services.flatMap((service) => replicas[service]);
  try {
    // identity's two replicas start together: one bootstraps the account, one relay leads.
    await Promise.all(replicas.identity.map((r) => start(r, others)));
    for (const service of ['policy', 'sts', 'audit'] as const)
      await Promise.all(replicas[service].map((r) => start(r, others)));
    const client = (replica: Replica, credentials: Credentials = rootKey) =>
      new SignedClient(replica.url, credentials, replica.service === 'sts' ? { service: 'sts' } : {});
    const probe: Record<Exclude<Service, 'audit'>, string> = {
      identity: '/v1/me',
      policy: '/v1/policies?scope=Local',
      sts: '/v1/sts/caller-identity',
    };
    // audit serves no authenticated route of its own yet: its replicas are probed by readiness.
    const accepted = async (replica: Replica, credentials: Credentials) => {
      if (replica.service === 'audit') return (await fetch(`${replica.url}/health/ready`)).status === 200;
      const method = replica.service === 'sts' ? 'POST' : 'GET';
      return (await client(replica, credentials).request(method, probe[replica.service])).status === 200;
    };
    const ready = await within(120_000, async () =>
      (await Promise.all(all.map((r) => accepted(r, rootKey)))).every(Boolean),
    );
    console.log(`all 8 replicas accept the root key: ${ms(ready)} after the last started`);
    const accountId = ((await client(replicas.identity[0]).request<Json>('GET', '/v1/me')).body as Json)
      .account as string;

    // 1. Writes through both identity replicas land once.
    const names = Array.from({ length: users }, (_, i) => `replica-user-${i}`);
    const statuses: number[] = [];
    for (let i = 0; i < names.length; i += 4) {
      statuses.push(
        ...(await Promise.all(
          names
            .slice(i, i + 4)
            .map(
              async (userName, j) =>
                (await client(replicas.identity[(i + j) % 2]).request('POST', '/v1/users', { userName }))
                  .status,
            ),
        )),
      );
    }
    const created = statuses.filter((s) => s === 201).length;
    const events = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${prefix}identity".events
        WHERE event_type = 'iam.identity.UserCreated' AND data->>'userName' LIKE 'replica-user-%'`,
    );
    const auditWindow = await within(60_000, async () => {
      const { rows } = await db.query<{ n: number; distinct_events: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_events FROM "${prefix}audit".trail
          WHERE event_type = 'iam.identity.UserCreated' AND payload->>'userName' LIKE 'replica-user-%'`,
      );
      return rows[0].n >= created;
    });
    const audited = await db.query<{ n: number; distinct_events: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_events FROM "${prefix}audit".trail
        WHERE event_type = 'iam.identity.UserCreated' AND payload->>'userName' LIKE 'replica-user-%'`,
    );
    const listed = await Promise.all(
      replicas.identity.map(
        async (r) =>
          ((await client(r).request<Json>('GET', '/v1/users?maxItems=1000')).body as Json).users
            .length as number,
      ),
    );
    console.log(
      `\n1. writes: ${created}/${users} acknowledged (201) through both identity replicas; ` +
        `${events.rows[0].n} UserCreated events; identity replicas list ${listed.join(' and ')} users; ` +
        `audit trail: ${audited.rows[0].n} records of ${audited.rows[0].distinct_events} distinct events (all within ${ms(auditWindow)})`,
    );

    // 2. Consumer groups: two members each, partitions split.
    const kafka = new Kafka({
      clientId: 'replicas',
      brokers: kafkaBrokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    const { groups } = await admin.listGroups();
    const ours = groups
      .map((g) => g.groupId)
      .filter((id) => id.startsWith(prefix))
      .sort();
    console.log(`\n2. consumer groups (${ours.length}):`);
    const described = await admin.describeGroups(ours);
    for (const group of described.groups) {
      const split = group.members.map((member) => {
        const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
        const partitions = Object.entries(assignment?.assignment ?? {}).map(
          ([topic, ps]) => `${topic.replace(/^iam\./, '')}[${(ps as number[]).join(',')}]`,
        );
        return `${member.clientId}: ${partitions.join(' ') || '(none)'}`;
      });
      console.log(
        `   ${group.groupId.slice(prefix.length)} (${group.state}, ${group.members.length} members): ${split.join(' | ')}`,
      );
    }
    await admin.disconnect();

    // 3. The relay leader of identity killed with -9.
    const leaders = await Promise.all(replicas.identity.map(relayLeader));
    const leaderIndex = leaders.indexOf(true);
    if (leaderIndex < 0)
      throw new Error(`no identity replica reports leading the relay: ${JSON.stringify(leaders)}`);
    const leader = replicas.identity[leaderIndex];
    const survivor = replicas.identity[1 - leaderIndex];
    await kill(leader);
    const killedAt = Date.now();
    const failoverName = `failover-${randomUUID().slice(0, 8)}`;
    const writeStatus = (await client(survivor).request('POST', '/v1/users', { userName: failoverName }))
      .status;
    const leads = await within(60_000, async () => (await relayLeader(survivor)) === true);
    const leadMs = leads === undefined ? undefined : Date.now() - killedAt;
    await within(60_000, async () => {
      const r = await client(replicas.policy[0]).request('GET', `/v1/users/${failoverName}/policies`);
      return r.status === 200;
    });
    const reachedPolicy = Date.now() - killedAt;
    await within(60_000, async () => {
      const { rows } = await db.query(
        `SELECT 1 FROM "${prefix}audit".trail WHERE event_type = 'iam.identity.UserCreated' AND payload->>'userName' = $1`,
        [failoverName],
      );
      return rows.length === 1;
    });
    const reachedAudit = Date.now() - killedAt;
    console.log(
      `\n3. relay failover: identity replica ${leader.index} (leader) killed -9; write through replica ${survivor.index}: ${writeStatus}; ` +
        `replica ${survivor.index} leads after ${ms(leadMs)}; the write reached policy ${ms(reachedPolicy)} ` +
        `and the audit trail ${ms(reachedAudit)} after the kill (limit 60 s each)`,
    );
    await start(leader, others);

    // 4. Convergence: a new key, created through one replica, accepted by every replica; the same answers.
    const keyUser = `converge-${randomUUID().slice(0, 8)}`;
    await client(replicas.identity[0]).request('POST', '/v1/users', { userName: keyUser });
    // The policy, through the other policy replica, once policy knows the user (from identity's topic).
    const allowAll = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    const granted = await within(60_000, async () => {
      const r = await client(replicas.policy[1]).request('PUT', `/v1/users/${keyUser}/policies/AllowAll`, {
        policyDocument: allowAll,
      });
      return r.status === 204;
    });
    if (granted === undefined) throw new Error(`policy never learnt of ${keyUser}`);
    const keyCreated = Date.now();
    const key = (
      (await client(replicas.identity[1]).request<Json>('POST', `/v1/users/${keyUser}/access-keys`))
        .body as Json
    ).accessKey as Credentials;
    console.log(`\n4. convergence: access key of ${keyUser} created through identity replica 1; accepted by`);
    for (const replica of all) {
      const took = await within(60_000, () => accepted(replica, key));
      console.log(
        `   ${replica.service} replica ${replica.index}: ${ms(took === undefined ? undefined : Date.now() - keyCreated)} after its creation`,
      );
    }
    const same = async (service: Service, method: string, path: string) => {
      const [a, b] = await Promise.all(
        replicas[service].map((r) => client(r, key).request<Json>(method, path)),
      );
      // Request ids differ by design; the rest must not.
      const [x, y] = [a, b].map((r) => JSON.stringify(r, (k, v) => (k === 'requestId' ? undefined : v)));
      return x === y ? `same answer (${a.status})` : `DIFFERENT: ${x} vs ${y}`;
    };
    console.log(
      `   identity GET /v1/users from both replicas: ${await same('identity', 'GET', '/v1/users?maxItems=1000')}`,
    );
    console.log(
      `   policy GET /v1/users/${keyUser}/policies from both replicas: ${await same('policy', 'GET', `/v1/users/${keyUser}/policies`)}`,
    );
    console.log(
      `   sts caller-identity from both replicas: ${await same('sts', 'POST', '/v1/sts/caller-identity')}`,
    );
    console.log(`\naccount ${accountId}; replicas stopped, schemas ${prefix}* dropped`);
  } finally {
    await Promise.all(all.map(kill));
    const { rows } = await db.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`,
      [`${prefix}%`],
    );
    for (const { nspname } of rows) await db.query(`DROP SCHEMA "${nspname}" CASCADE`);
    await db.end();
    broker.stop();
  }
}

main().catch((error) => {
  console.error(`replicas failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
