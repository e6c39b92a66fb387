/**
 * A bounded random and hostile-input run over every route of the product
 * (issue 16, "Done means"): boots standalone mode (all services, one port,
 * PGlite in a fresh data directory) in its own process on loopback, creates
 * a few entities and a user with no permissions, then sends random and
 * hostile requests (libs/testing/src/route-fuzzer.ts) as root, as that
 * user and unsigned, prints the count per status and every 5xx, and exits
 * 1 if there was any 5xx or unanswered request.
 *   npm run fuzz:routes                      20,000 requests or 5 minutes
 *   FUZZ_REQUESTS=… FUZZ_SECONDS=… FUZZ_SEED=… FUZZ_CONCURRENCY=… npm run fuzz:routes
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  eventually,
  formatFuzzReport,
  fuzzRoutes,
  plausibleValues,
  randomRootKey,
  SignedClient,
  type Credentials,
} from '@iam/testing';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const maxRequests = Number(process.env.FUZZ_REQUESTS ?? 20_000);
const maxSeconds = Number(process.env.FUZZ_SECONDS ?? 300);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const concurrency = Number(process.env.FUZZ_CONCURRENCY ?? 4);
const port = 19_000 + Math.floor(Math.random() * 500);
const baseUrl = `http://127.0.0.1:${port}`;
const root = randomRootKey();

async function main(): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-fuzz-'));
  const child = spawn(process.execPath, [path.resolve(__dirname, '../../apps/standalone/src/main.js')], {
    env: {
      ...process.env,
      IAM_MODE: 'standalone',
      IAM_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'error',
      IAM_ROOT_ACCESS_KEY_ID: root.accessKeyId,
      IAM_ROOT_SECRET_ACCESS_KEY: root.secretAccessKey,
      DATABASE_URL: undefined,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const client = new SignedClient(baseUrl, root);
    await eventually(
      () =>
        fetch(`${baseUrl}/health/ready`).then(
          (r) => r.status,
          () => 0,
        ),
      (status) => status === 200,
      { timeoutMs: 60_000 },
    );
    const { plausible, nobody } = await setUp(client);
    const document = await (await fetch(`${baseUrl}/docs-json`)).json();
    console.log(
      `fuzzing ${baseUrl} (standalone), seed ${seed}: up to ${maxRequests} requests or ${maxSeconds} s`,
    );
    const report = await fuzzRoutes({
      targets: [{ baseUrl, document }],
      callers: [
        { name: 'root', credentials: root },
        { name: 'nobody', credentials: nobody },
      ],
      maxRequests,
      maxMs: maxSeconds * 1000,
      seed,
      concurrency,
      plausible,
    });
    console.log(formatFuzzReport(report));
    const alive = await fetch(`${baseUrl}/health/live`).then(
      (r) => r.status,
      () => 0,
    );
    if (alive !== 200) console.log(`the server no longer answers /health/live (${alive})`);
    return report.serverErrors.length === 0 && report.transportErrors.length === 0 && alive === 200 ? 0 : 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A few entities to aim at, and a user with no permissions. */
async function setUp(
  client: SignedClient,
): Promise<{ plausible: Record<string, unknown>; nobody: Credentials }> {
  const me = await client.request<Json>('GET', '/v1/me');
  const accountId = me.body.account as string;
  const doc = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
  });
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' },
    ],
  });
  await client.request('POST', '/v1/users', { userName: 'alice' });
  await client.request('POST', '/v1/groups', { groupName: 'admins' });
  await client.request('POST', '/v1/roles', { roleName: 'deployer', assumeRolePolicyDocument: trust });
  const key = await client.request<Json>('POST', '/v1/users/alice/access-keys');
  const policy = await client.request<Json>('POST', '/v1/policies', {
    policyName: 'Read',
    policyDocument: doc,
  });
  await client.request('POST', '/v1/users', { userName: 'nobody' });
  const nobody = (await client.request<Json>('POST', '/v1/users/nobody/access-keys')).body
    .accessKey as Credentials;
  return {
    nobody,
    plausible: plausibleValues({
      accountId,
      policyArn: policy.body.policy.arn,
      accessKeyId: key.body.accessKey.accessKeyId,
      policyDocument: doc,
      assumeRolePolicyDocument: trust,
    }),
  };
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
