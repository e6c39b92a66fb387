#!/usr/bin/env node
// Waits until a Kafka cluster answers a real admin request (describeCluster),
// not just a TCP connect. Used by tools/infra/up.sh.
//
//   node tools/infra/wait-for-kafka.mjs [--brokers 127.0.0.1:9092] [--timeout 60] [--pid N] [--quiet] [--warm]
//
// --warm also waits for the group and transaction coordinators (creating __consumer_offsets
// and __transaction_state), so the first consumer group / transactional producer in a test
// does not have to retry "coordinator not available / loading".
//
// Exit codes: 0 ready (prints one line with the brokers), 1 timed out / not Kafka,
// 2 the process given with --pid died while waiting, 3 kafkajs is not installed.
// kafkajs is resolved from the repo root's node_modules (NODE_PATH is honoured as a fallback).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

function parseArgs(argv) {
  const opts = {
    brokers: process.env.KAFKA_BROKERS || '127.0.0.1:9092',
    timeout: 60,
    pid: undefined,
    quiet: false,
    warm: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`missing value for ${a}`);
      return v;
    };
    if (a === '--brokers') opts.brokers = next();
    else if (a === '--timeout') opts.timeout = Number(next());
    else if (a === '--pid') opts.pid = Number(next());
    else if (a === '--quiet') opts.quiet = true;
    else if (a === '--warm') opts.warm = true;
    else throw new Error(`unknown argument: ${a}`);
  }
  if (!Number.isFinite(opts.timeout) || opts.timeout <= 0) throw new Error('--timeout must be > 0 (seconds)');
  return opts;
}

function loadKafkajs() {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  try {
    return require('kafkajs');
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND') {
      console.error(`wait-for-kafka: cannot resolve 'kafkajs' from ${repoRoot} (run npm install at the repo root)`);
      process.exit(3);
    }
    throw err;
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { Kafka, logLevel } = loadKafkajs();
  const brokers = opts.brokers.split(',').map((b) => b.trim()).filter(Boolean);
  const started = Date.now();
  const deadline = started + opts.timeout * 1000;
  let lastError = 'no attempt made';
  let attempt = 0;

  while (Date.now() < deadline) {
    if (opts.pid !== undefined && !pidAlive(opts.pid)) {
      console.error(`wait-for-kafka: process ${opts.pid} exited before Kafka became ready (last error: ${lastError})`);
      process.exit(2);
    }
    attempt++;
    const kafka = new Kafka({
      clientId: 'iam-infra-wait',
      brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 2000,
      requestTimeout: 5000,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      // A KRaft broker can answer metadata before it has a controller; insist on one.
      if (!cluster.brokers.length || cluster.controller === null || cluster.controller === undefined || cluster.controller < 0) {
        throw new Error('cluster has no active controller yet');
      }
      if (opts.warm) {
        // FindCoordinator for a group: the broker creates __consumer_offsets on first use.
        // The coordinator may answer with a per-group error (e.g. still loading) instead of throwing.
        const { groups } = await admin.describeGroups(['iam-infra-warmup']);
        const code = groups && groups[0] ? groups[0].errorCode : -1;
        if (code !== 0) throw new Error(`group coordinator not ready (errorCode ${code})`);
        // Same for the transaction coordinator (__transaction_state): InitProducerId, then abort.
        const producer = kafka.producer({
          transactionalId: 'iam-infra-warmup',
          maxInFlightRequests: 1,
          idempotent: true,
          retry: { retries: 5, initialRetryTime: 100 }, // kafkajs insists on retries for idempotence
        });
        try {
          await producer.connect();
          const tx = await producer.transaction();
          await tx.abort();
        } finally {
          await producer.disconnect().catch(() => {});
        }
      }
      const list = cluster.brokers.map((b) => `${b.host}:${b.port}`).join(',');
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `kafka ready: brokers=${list} clusterId=${cluster.clusterId} controller=${cluster.controller} (${secs}s, ${attempt} attempt${attempt === 1 ? '' : 's'})`,
      );
      await admin.disconnect().catch(() => {});
      return;
    } catch (err) {
      lastError = (err && (err.message || err.type)) || String(err);
      await admin.disconnect().catch(() => {});
      if (!opts.quiet && attempt % 20 === 0) {
        console.error(`wait-for-kafka: still waiting for ${brokers.join(',')} (${lastError})`);
      }
    }
    await sleep(Math.min(500, Math.max(0, deadline - Date.now())));
  }
  console.error(`wait-for-kafka: ${brokers.join(',')} not ready after ${opts.timeout}s (last error: ${lastError})`);
  process.exit(1);
}

main().catch((err) => {
  console.error(`wait-for-kafka: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
