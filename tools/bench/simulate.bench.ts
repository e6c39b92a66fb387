/**
 * How long one maximum-size simulate call holds the server's event loop
 * (issue 16, item 15): standalone mode in its own process; while
 * POST /v1/simulate-custom-policy runs with the largest input the API takes
 * (10 policies of ~128 KB, 10,000 action and resource pairs, every
 * statement matching, a page of 1,000 results), GET /health/live is called
 * back to back, and the longest wait for it is the time the loop was blocked.
 *   npm run bench:simulate          (BENCH_MAX_ITEMS=100 for AWS's default page)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { eventually, randomRootKey } from '@iam/testing';

const port = 19_600 + Math.floor(Math.random() * 300);
const baseUrl = `http://127.0.0.1:${port}`;
const root = randomRootKey();

/** One policy of about 128 KB whose every statement applies to every pair asked about. */
function bigPolicy(n: number): string {
  const statements = [];
  for (let i = 0; ; i++) {
    statements.push({
      Sid: `S${n}x${i}`,
      Effect: 'Allow',
      Action: ['s3:Get*', `s3:List*`],
      Resource: `arn:aws:s3:::bucket-${i % 10}/*`,
      Condition: { StringLike: { 'aws:UserAgent': ['*'] } },
    });
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    if (text.length > 125_000) return text;
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-bench-simulate-'));
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, path.resolve(__dirname, '../../apps/standalone/src/main.js')],
    {
      env: {
        ...process.env,
        IAM_MODE: 'standalone',
        IAM_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        IAM_ROOT_ACCESS_KEY_ID: root.accessKeyId,
        IAM_ROOT_SECRET_ACCESS_KEY: root.secretAccessKey,
        DATABASE_URL: undefined,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    await eventually(
      () =>
        fetch(`${baseUrl}/health/ready`).then(
          (r) => r.status,
          () => 0,
        ),
      (status) => status === 200,
      { timeoutMs: 60_000 },
    );
    const body = {
      // As many ~128 KB policies as the 1 MB body limit lets through.
      policyInputList: Array.from({ length: 6 }, (_, n) => bigPolicy(n)),
      actionNames: Array.from({ length: 1000 }, (_, i) => `s3:GetObject${i}`),
      resourceArns: Array.from({ length: 10 }, (_, i) => `arn:aws:s3:::bucket-${i}/key`),
      maxItems: Number(process.env.BENCH_MAX_ITEMS ?? 1000),
      contextEntries: [
        { contextKeyName: 'aws:UserAgent', contextKeyValues: ['bench'], contextKeyType: 'string' },
      ],
    };
    // A one-pair call first, as the baseline of what any request costs here (PGlite runs in this loop too).
    const small = {
      policyInputList: [
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
        }),
      ],
      actionNames: ['s3:GetObject'],
    };
    await measure('one pair', JSON.stringify(small));
    for (let run = 1; run <= 3; run++) await measure(`maximum-size call, run ${run}`, JSON.stringify(body));
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const signer = new SignatureV4({
  credentials: root,
  region: 'us-east-1',
  service: 'iam',
  sha256: Hash.bind(null, 'sha256'),
});

/** One simulate call with `text` as its body, while /health/live is pinged back to back. */
async function measure(label: string, text: string): Promise<void> {
  // Signed before the pings start: signing 1 MB here must not count as the server's time.
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    path: '/v1/simulate-custom-policy',
    query: {},
    headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json' },
    body: text,
  });
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host;
  let done = false;
  const waits: number[] = [];
  const pinger = (async () => {
    while (!done) {
      const started = performance.now();
      await fetch(`${baseUrl}/health/live`);
      waits.push(performance.now() - started);
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = performance.now();
  const response = await fetch(`${baseUrl}/v1/simulate-custom-policy`, {
    method: 'POST',
    headers,
    body: text,
  });
  const answer = (await response.json()) as { evaluationResults?: unknown[]; error?: unknown };
  const took = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 50));
  done = true;
  await pinger;
  waits.sort((a, b) => a - b);
  const results = answer.evaluationResults?.length ?? JSON.stringify(answer.error);
  console.log(
    `${label} (${(text.length / 1024).toFixed(0)} KB): ${response.status}, ${results} results in ${took.toFixed(0)} ms; ` +
      `${waits.length} health pings meanwhile, longest wait ${waits[waits.length - 1].toFixed(0)} ms, ` +
      `p99 ${waits[Math.floor(waits.length * 0.99)].toFixed(0)} ms`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
