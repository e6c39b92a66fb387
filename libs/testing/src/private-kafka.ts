import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A single-node KRaft broker of the test's own, from the jars that
 * `npm run infra:up` resolved from Maven Central, for outage tests: the
 * shared broker is never stopped, this one is killed and brought back on the
 * same data (same cluster, topics and committed offsets).
 */
export interface PrivateKafka {
  brokers: string;
  /** kill -9 of the broker; resolves when it has exited. */
  kill(): Promise<void>;
  /**
   * Starts it again on the same data and port, with `settings` (broker
   * properties) over the base configuration; resolves when it answers.
   */
  restart(settings?: Record<string, string>): Promise<void>;
  /** Kills it and deletes its data. */
  stop(): void;
}

export async function startPrivateKafka(): Promise<PrivateKafka> {
  const lib = kafkaLib();
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-private-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const props = path.join(dir, 'server.properties');
  const base = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
    'controller.listener.names=CONTROLLER',
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${path.join(dir, 'data')}`,
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=1',
    'num.io.threads=2',
    'num.recovery.threads.per.data.dir=1',
  ];
  const configure = (settings: Record<string, string> = {}) =>
    writeFileSync(props, [...base, ...Object.entries(settings).map(([k, v]) => `${k}=${v}`)].join('\n'));
  configure();
  const java = (args: string[]) => [
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-cp',
    `${lib}/*`,
    ...args,
  ];
  const clusterId = spawnSync('java', java(['kafka.tools.StorageTool', 'random-uuid']), { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .pop();
  if (!clusterId) throw new Error('kafka StorageTool random-uuid failed');
  const format = spawnSync(
    'java',
    java(['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props, '--standalone']),
    { encoding: 'utf8' },
  );
  if (format.status !== 0) throw new Error(`kafka StorageTool format failed: ${format.stderr}`);

  let broker: ChildProcess | undefined;
  const start = async (settings?: Record<string, string>) => {
    configure(settings);
    broker = spawn('java', ['-Xmx256m', '-Xms64m', ...java(['-Dlog4j2.level=WARN', 'kafka.Kafka', props])], {
      stdio: 'ignore',
      detached: false,
    });
    await waitForPort(port, 90_000);
  };
  await start();
  return {
    brokers: `127.0.0.1:${port}`,
    kill: async () => {
      const running = broker;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    restart: start,
    stop: () => {
      broker?.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The jars tools/infra/up.sh resolved (same INFRA_DIR and version rules). */
function kafkaLib(): string {
  // From the sources (libs/testing/src) or the build (dist/libs/testing/src).
  const pomPath = ['../../..', '../../../..']
    .map((up) => path.resolve(__dirname, up, 'tools/infra/kafka/pom.xml'))
    .find((candidate) => existsSync(candidate));
  if (!pomPath) throw new Error('tools/infra/kafka/pom.xml not found');
  const pom = readFileSync(pomPath, 'utf8');
  const version = process.env.IAM_KAFKA_VERSION ?? /<kafka.version>(.*)<\/kafka.version>/.exec(pom)?.[1];
  const infraDir = process.env.IAM_INFRA_DIR ?? path.join(homedir(), '.cache/iam-infra');
  const lib = path.join(infraDir, `kafka-${version}`, 'lib');
  if (!existsSync(lib)) throw new Error(`no Kafka jars in ${lib}: run npm run infra:up first`);
  return lib;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const admin = new Kafka({
      brokers: [`127.0.0.1:${port}`],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`private kafka not ready on ${port}: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
