/**
 * What verifying a temporary credential adds to a request, on real Redis
 * (REDIS_URL, default 127.0.0.1:6379): every request with an `ASIA…` key
 * reads its session and its owners' revocation markers (one MGET) before
 * its signature is checked; a long-term key reads nothing.
 *   - SessionStore.find, one at a time: p50/p99 of the round trip;
 *   - SessionStore.find with 64 in flight (as a busy service): finds/s;
 *   - the rest of the session check (token hash compare, expiry,
 *     revocation), in process: per-call cost.
 * Run: npm run build && node dist/tools/bench/session-verify.bench.js
 */
import { performance } from 'node:perf_hooks';
import {
  checkSession,
  newTemporaryCredentials,
  sealSession,
  SecretBox,
  SessionStore,
  type TemporarySession,
} from '@iam/auth';
import { RedisTtlStore } from '@iam/ttl-store';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SEQUENTIAL = 5_000;
const CONCURRENT_SECONDS = 5;
const IN_FLIGHT = 64;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const ttl = new RedisTtlStore(redisUrl, `bench:${process.pid}:`);
  const sessions = new SessionStore(ttl);
  const box = new SecretBox([{ id: 'bench', key: Buffer.alloc(32, 3) }]);
  const credentials = newTemporaryCredentials();
  const now = Date.now();
  const session: TemporarySession = sealSession(box, credentials, {
    kind: 'assumed-role',
    principal: {
      type: 'assumed-role',
      accountId: '111122223333',
      arn: 'arn:aws:sts::111122223333:assumed-role/Bench/s',
      userId: 'AROABENCHBENCHBENCHBE:s',
    },
    role: {
      roleId: 'AROABENCHBENCHBENCHBE',
      arn: 'arn:aws:iam::111122223333:role/Bench',
      roleName: 'Bench',
      sessionName: 's',
    },
    issuedTo: { userId: 'AIDABENCHBENCHBENCHBE', accessKeyId: 'AKIABENCHBENCHBENCHB' },
    sessionPolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }],
    }),
    sessionPolicyArns: [],
    tags: { team: 'blue', env: 'prod' },
    transitiveTagKeys: ['team'],
    mfaAuthenticated: false,
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 3600_000).toISOString(),
    chained: false,
  });
  await sessions.put(session);
  await sessions.find(session.accessKeyId); // learns the owners: steady state is one MGET

  const latencies: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const start = performance.now();
    await sessions.find(session.accessKeyId);
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);

  let done = 0;
  const deadline = performance.now() + CONCURRENT_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < deadline) {
        await sessions.find(session.accessKeyId);
        done++;
      }
    }),
  );

  const lookup = await sessions.find(session.accessKeyId);
  const checks = 200_000;
  const checkStart = performance.now();
  for (let i = 0; i < checks; i++)
    checkSession(lookup, credentials.sessionToken, Date.now(), () => 'current');
  const checkMicros = ((performance.now() - checkStart) * 1000) / checks;

  console.log(
    JSON.stringify(
      {
        redis: redisUrl,
        findSequential: {
          count: SEQUENTIAL,
          p50ms: +percentile(latencies, 50).toFixed(3),
          p99ms: +percentile(latencies, 99).toFixed(3),
        },
        findConcurrent: { inFlight: IN_FLIGHT, perSecond: Math.round(done / CONCURRENT_SECONDS) },
        checkSessionMicroseconds: +checkMicros.toFixed(2),
        recordBytes: JSON.stringify(session).length,
      },
      null,
      2,
    ),
  );
  await sessions.revokeSession(session.accessKeyId);
  await ttl.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
