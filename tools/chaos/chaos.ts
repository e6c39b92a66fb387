/**
 * Fault experiments against a distributed system this script starts itself:
 * identity, policy and audit as separate processes (the built apps), the
 * machine's Postgres and Redis (schemas and connections of its own), and a
 * Kafka broker of its own (the shared one is never stopped). Everything is
 * on loopback, bounded in time, and torn down at the end.
 *
 * Experiments: kill -9 of identity (a writer) and of audit (a consumer),
 * every Postgres connection reset, Redis unreachable 10 s, Kafka down
 * (CHAOS_KAFKA_OUTAGE_SECONDS, default 20), forged events on a topic, SIGTERM.
 * Each experiment runs under a steady write load (users created through
 * identity, 4 concurrent writers) and prints: writes acknowledged, lost (an
 * acknowledged user missing from identity or, after the catch-up window,
 * from audit's trail), duplicated (more than one UserCreated event for a
 * name), requests left without a response, and time to recover.
 *
 * Run: npm run infra:up && npm run chaos   (env: DATABASE_URL, REDIS_URL; CHAOS_SECONDS per phase, default 5)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { Topics } from '@iam/contracts';
import { EventAuthenticator, KafkaEventBus } from '@iam/messaging';
import {
  randomRootKey,
  SignedClient,
  startPrivateKafka,
  startTcpProxy,
  type PrivateKafka,
  type TcpProxy,
} from '@iam/testing';

const root = path.resolve(__dirname, '../../..');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const phaseMs = Number(process.env.CHAOS_SECONDS ?? 5) * 1000;
const kafkaOutageMs = Number(process.env.CHAOS_KAFKA_OUTAGE_SECONDS ?? 20) * 1000;
const prefix = `chaos_${randomUUID().slice(0, 8)}_`;
const key = randomRootKey();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Service = 'identity' | 'policy' | 'audit';
interface Running {
  child: ChildProcess;
  url: string;
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

class System {
  private readonly running = new Map<Service, Running>();
  private readonly ports = new Map<Service, number>();
  readonly env: Record<string, string>;

  constructor(kafka: PrivateKafka, redis: TcpProxy) {
    this.env = {
      IAM_MODE: 'distributed',
      DATABASE_URL: databaseUrl,
      // Through a proxy the script can cut: Redis lost for these processes only.
      REDIS_URL: `redis://${redis.address}`,
      KAFKA_BROKERS: kafka.brokers,
      IAM_SCHEMA_PREFIX: prefix,
      IAM_KEY_ENCRYPTION_KEYS: `chaos:${randomBytes(32).toString('base64')}`,
      IAM_EVENT_KEYS: `chaos:${randomBytes(32).toString('base64')}`,
      IAM_ROOT_ACCESS_KEY_ID: key.accessKeyId,
      IAM_ROOT_SECRET_ACCESS_KEY: key.secretAccessKey,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
  }

  async start(service: Service): Promise<Running> {
    const port = this.ports.get(service) ?? (await freePort());
    this.ports.set(service, port);
    const child = spawn('node', [`dist/apps/${service}/src/main.js`], {
      cwd: root,
      env: { ...process.env, ...this.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`${service} did not start: ${out.slice(-2000)}`)),
        90_000,
      );
      const onData = (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes(`${service} listening`)) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}`);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`${service} exited with ${code}: ${out.slice(-2000)}`)));
    });
    // Drain its output so it never blocks on a full pipe.
    child.stdout!.resume();
    child.stderr!.resume();
    const running = { child, url };
    this.running.set(service, running);
    return running;
  }

  url(service: Service): string {
    return (this.running.get(service) as Running).url;
  }

  async stop(service: Service, signal: NodeJS.Signals): Promise<number | null> {
    const running = this.running.get(service);
    if (!running || running.child.exitCode !== null) return running?.child.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) =>
      running.child.once('exit', (code) => resolve(code)),
    );
    running.child.kill(signal);
    return exited;
  }

  async stopAll(): Promise<void> {
    for (const service of this.running.keys()) await this.stop(service, 'SIGKILL');
  }
}

/** Creates users through identity until stopped; remembers which creations were acknowledged. */
class WriteLoad {
  readonly acknowledged = new Set<string>();
  cut = 0;
  cutReported = 0;
  /** Answers of 500 or more other than 503 (a named, retryable refusal). */
  serverErrors = 0;
  serverErrorsReported = 0;
  refused = 0;
  failed = 0;
  lastAckAt = 0;
  private stopped = false;
  private workers: Promise<void>[] = [];
  private next = 0;

  constructor(private readonly identityUrl: () => string) {}

  start(): void {
    this.stopped = false;
    this.workers = Array.from({ length: 4 }, () => this.worker());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.workers);
  }

  private async worker(): Promise<void> {
    while (!this.stopped) {
      const userName = `chaos-${this.next++}`;
      try {
        const response = await new SignedClient(this.identityUrl(), key).request('POST', '/v1/users', {
          userName,
        });
        if (response.status === 201) {
          this.acknowledged.add(userName);
          this.lastAckAt = Date.now();
        } else {
          this.failed++;
          if (response.status >= 500 && response.status !== 503) this.serverErrors++;
          await sleep(50);
        }
      } catch (error) {
        const code = String((error as { cause?: { code?: string } }).cause?.code ?? '');
        if (code === 'ECONNREFUSED') this.refused++;
        else this.cut++;
        await sleep(50);
      }
    }
  }
}

interface Figures {
  experiment: string;
  /** All writes acknowledged so far (each experiment checks every one of them). */
  acknowledged: number;
  lostInIdentity: number;
  duplicated: number;
  lostInAudit: number;
  /** Requests of this experiment left without a response (kill -9 cuts those in flight). */
  cut: number;
  /** Answers of this experiment of 500 or more other than 503. */
  serverErrors: number;
  recoverSeconds: number | string;
  /** From the check's start until audit's trail held every acknowledged write. */
  auditCaughtUpSeconds: number;
  note?: string;
}

async function check(
  db: Client,
  load: WriteLoad,
  experiment: string,
  recover: number | string,
  note?: string,
) {
  const names = [...load.acknowledged];
  const { rows: users } = await db.query<{ name: string }>(
    `SELECT data->>'userName' AS name FROM "${prefix}identity".events WHERE event_type = 'iam.identity.UserCreated'`,
  );
  const created = new Map<string, number>();
  for (const { name } of users) created.set(name, (created.get(name) ?? 0) + 1);
  // Audit is eventually consistent: give it up to 60 s to hold every acknowledged creation.
  const checking = Date.now();
  const deadline = checking + 60_000;
  let missingInAudit = names.length;
  while (Date.now() < deadline) {
    const { rows } = await db.query<{ name: string }>(
      `SELECT payload->>'userName' AS name FROM "${prefix}audit".trail WHERE event_type = 'iam.identity.UserCreated'`,
    );
    const trail = new Set(rows.map((row) => row.name));
    missingInAudit = names.filter((name) => !trail.has(name)).length;
    if (missingInAudit === 0) break;
    await sleep(500);
  }
  const figures: Figures = {
    experiment,
    acknowledged: names.length,
    lostInIdentity: names.filter((name) => !created.has(name)).length,
    duplicated: [...created.values()].filter((count) => count > 1).length,
    lostInAudit: missingInAudit,
    cut: load.cut - load.cutReported,
    serverErrors: load.serverErrors - load.serverErrorsReported,
    recoverSeconds: recover,
    auditCaughtUpSeconds: Number(((Date.now() - checking) / 1000).toFixed(2)),
    note,
  };
  load.cutReported = load.cut;
  load.serverErrorsReported = load.serverErrors;
  console.log(JSON.stringify(figures));
  return figures;
}

/** Seconds from `since` until the load's next acknowledged write (or 'no recovery' within 60 s). */
async function recovery(load: WriteLoad, since: number): Promise<number | string> {
  const deadline = since + 60_000;
  while (Date.now() < deadline) {
    if (load.lastAckAt > since) return Number(((load.lastAckAt - since) / 1000).toFixed(2));
    await sleep(20);
  }
  return 'no recovery within 60 s';
}

async function main() {
  console.log(`chaos: schemas ${prefix}*, ${phaseMs / 1000} s per phase; starting a private Kafka broker`);
  const kafka = await startPrivateKafka();
  const redisTarget = new URL(redisUrl);
  const redis = await startTcpProxy(redisTarget.hostname, Number(redisTarget.port || 6379));
  const system = new System(kafka, redis);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const results: Figures[] = [];
  let serverErrorsSeen = 0;
  try {
    await system.start('identity');
    await Promise.all([system.start('policy'), system.start('audit')]);
    const load = new WriteLoad(() => system.url('identity'));
    load.start();
    await sleep(phaseMs);

    // 1. kill -9 of the writer under load, started again after 2 s.
    await system.stop('identity', 'SIGKILL');
    await sleep(2000);
    await system.start('identity');
    const restarted = Date.now();
    results.push(
      await check(db, load, 'kill -9 identity, restart after 2 s', await recovery(load, restarted)),
    );
    await sleep(phaseMs);

    // 2. Every Postgres connection of the system reset (a server restart or failover).
    const reset = Date.now();
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name LIKE $1`,
      [`${prefix}%`],
    );
    results.push(
      await check(
        db,
        load,
        'Postgres connections reset',
        await recovery(load, reset),
        `${rows[0].n} connections ended`,
      ),
    );
    await sleep(phaseMs);

    // 3. kill -9 of a consumer (audit) under load, started again after 2 s: it resumes where its group committed.
    await system.stop('audit', 'SIGKILL');
    await sleep(2000);
    await system.start('audit');
    results.push(await check(db, load, 'kill -9 audit (a consumer), restart after 2 s', 'see audit'));

    // 4. Redis unreachable for 10 s: writes do not need it; what does answers 503, never 500.
    const serverErrorsBefore = load.serverErrors;
    redis.cut();
    await sleep(10_000);
    redis.restore();
    const redisBack = Date.now();
    results.push(
      await check(
        db,
        load,
        'Redis unreachable 10 s',
        await recovery(load, redisBack),
        `${load.serverErrors - serverErrorsBefore} answers of 500 or more other than 503 meanwhile`,
      ),
    );

    // 5. Kafka down during writes: the outbox keeps them, audit catches up after.
    await kafka.kill();
    const down = Date.now();
    await sleep(kafkaOutageMs);
    const writesDuringOutage = [...load.acknowledged].length;
    await kafka.restart();
    results.push(
      await check(
        db,
        load,
        `Kafka down ${kafkaOutageMs / 1000} s`,
        'see audit',
        `writes went on (${writesDuringOutage} acknowledged by the end of the ${Math.round((Date.now() - down) / 1000)} s outage); audit caught up from the broker's return`,
      ),
    );

    // 6. A forged UserCreated written straight to identity's topic, with a MAC under a key nobody configured.
    const forgedName = `forged-${randomUUID().slice(0, 8)}`;
    const forger = new KafkaEventBus({
      brokers: [kafka.brokers],
      clientId: 'chaos-forger',
      authenticator: EventAuthenticator.generate('chaos'),
    });
    const forged = {
      eventId: randomUUID(),
      type: 'iam.identity.UserCreated',
      schemaVersion: 1,
      streamId: `user-${randomUUID()}`,
      streamVersion: 1,
      accountId: '999999999999',
      occurredAt: new Date().toISOString(),
      actorArn: 'arn:aws:iam::999999999999:root',
      correlationId: randomUUID(),
      causationId: null,
      payload: { userName: forgedName, userId: 'AIDAFORGED', path: '/', arn: 'x', tags: [] },
    };
    await forger.publish([{ topic: Topics.identity, key: forged.streamId, envelope: forged }]);
    await forger.publishRaw(
      Topics.identity,
      forged.streamId,
      JSON.stringify({ ...forged, eventId: randomUUID() }),
    );
    await forger.close();
    await sleep(3000);
    const { rows: chained } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${prefix}audit".trail WHERE payload->>'userName' = $1`,
      [forgedName],
    );
    results.push(
      await check(
        db,
        load,
        'forged events on the identity topic',
        '-',
        `${chained[0].n} of 2 forged events chained`,
      ),
    );
    if (chained[0].n > 0) throw new Error('a forged event reached the audit trail');

    // 7. SIGTERM of identity under load: no request left without a response; exit 0.
    const exit = await system.stop('identity', 'SIGTERM');
    await system.start('identity');
    const again = Date.now();
    results.push(
      await check(
        db,
        load,
        'SIGTERM identity under load, restart',
        await recovery(load, again),
        `exit code ${exit}`,
      ),
    );

    await load.stop();
    serverErrorsSeen = load.serverErrors;
  } finally {
    await system.stopAll();
    await db.query(
      ['identity', 'policy', 'audit'].map((s) => `DROP SCHEMA IF EXISTS "${prefix}${s}" CASCADE;`).join(' '),
    );
    await db.end();
    kafka.stop();
    await redis.close();
  }
  console.table(results);
  const bad = results.filter((r) => r.lostInIdentity > 0 || r.duplicated > 0 || r.lostInAudit > 0);
  console.log(`answers of 500 or more other than 503, whole run: ${serverErrorsSeen}`);
  if (bad.length > 0) {
    console.error(`data lost or duplicated in: ${bad.map((r) => r.experiment).join(', ')}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
