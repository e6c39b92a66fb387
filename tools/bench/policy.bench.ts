/**
 * Policy engine benchmark: `npm run bench:policy`.
 *
 * Workload (issue 3): one principal with 10 identity policies totalling 50
 * statements (action and resource wildcards; StringEquals, StringLike,
 * IpAddress, Bool and DateLessThan conditions; one explicit Deny with
 * NotAction), and 10,000 pre-generated requests mixing allow, implicit deny
 * and explicit deny. Prints decisions per second on one core, p50/p99 per
 * decision, how decision time grows with 1/10/100/1,000 statements, and the
 * same workload through @cloud-copilot/iam-simulate when it can be loaded.
 *
 * iam-simulate is AGPL-3.0: it is never a dependency of the product. To
 * include it, install it outside the workspace and point IAM_SIMULATE_DIR at
 * that folder (`npm i --prefix /tmp/iam-sim @cloud-copilot/iam-simulate`),
 * or `npm i --no-save @cloud-copilot/iam-simulate` in the repo.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import {
  compilePolicySet,
  evaluate,
  type AuthorizationRequest,
  type PolicySet,
  type RequestContext,
} from '@iam/policy-engine';

const ACCOUNT = '111122223333';
const PRINCIPAL_ARN = `arn:aws:iam::${ACCOUNT}:user/bench`;
const REQUESTS = 10_000;
const REGION = 'us-east-1';

interface Service {
  readonly prefix: string;
  readonly arn: (name: string) => string;
  /** read, write, destroy, read2, admin — all valid on `arn`. */
  readonly actions: readonly [string, string, string, string, string];
  /** An action whose resource is `*`. */
  readonly list: string;
}

const SERVICES: readonly Service[] = [
  {
    prefix: 's3',
    arn: (n) => `arn:aws:s3:::${n}/object.txt`,
    actions: ['GetObject', 'PutObject', 'DeleteObject', 'GetObjectTagging', 'PutObjectAcl'],
    list: 'ListAllMyBuckets',
  },
  {
    prefix: 'dynamodb',
    arn: (n) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${n}`,
    actions: ['GetItem', 'PutItem', 'DeleteTable', 'Query', 'UpdateTable'],
    list: 'ListTables',
  },
  {
    prefix: 'sqs',
    arn: (n) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${n}`,
    actions: ['ReceiveMessage', 'SendMessage', 'DeleteQueue', 'GetQueueAttributes', 'SetQueueAttributes'],
    list: 'ListQueues',
  },
  {
    prefix: 'sns',
    arn: (n) => `arn:aws:sns:${REGION}:${ACCOUNT}:${n}`,
    actions: [
      'GetTopicAttributes',
      'Publish',
      'DeleteTopic',
      'ListSubscriptionsByTopic',
      'SetTopicAttributes',
    ],
    list: 'ListTopics',
  },
  {
    prefix: 'lambda',
    arn: (n) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${n}`,
    actions: ['GetFunction', 'InvokeFunction', 'DeleteFunction', 'GetPolicy', 'UpdateFunctionCode'],
    list: 'ListFunctions',
  },
  // Not KMS: iam-simulate models KMS's key-policy requirement, which would make the comparison about KMS, not IAM.
  {
    prefix: 'events',
    arn: (n) => `arn:aws:events:${REGION}:${ACCOUNT}:rule/${n}`,
    actions: ['DescribeRule', 'PutRule', 'DeleteRule', 'ListTargetsByRule', 'PutTargets'],
    list: 'ListRules',
  },
  {
    prefix: 'ssm',
    arn: (n) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${n}`,
    actions: [
      'GetParameter',
      'PutParameter',
      'DeleteParameter',
      'GetParameterHistory',
      'LabelParameterVersion',
    ],
    list: 'DescribeParameters',
  },
  {
    prefix: 'secretsmanager',
    arn: (n) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${n}`,
    actions: ['GetSecretValue', 'PutSecretValue', 'DeleteSecret', 'DescribeSecret', 'PutResourcePolicy'],
    list: 'ListSecrets',
  },
  {
    prefix: 'ecr',
    arn: (n) => `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${n}`,
    actions: ['BatchGetImage', 'PutImage', 'DeleteRepository', 'DescribeImages', 'SetRepositoryPolicy'],
    list: 'GetAuthorizationToken',
  },
  {
    prefix: 'iam',
    arn: (n) => `arn:aws:iam::${ACCOUNT}:user/${n}`,
    actions: ['GetUser', 'CreateAccessKey', 'DeleteUser', 'ListAccessKeys', 'AttachUserPolicy'],
    list: 'ListUsers',
  },
];

/** The five statements of one service's policy; `team` varies the resource names for the scaling runs. */
function serviceStatements(s: Service, team: string, withNotActionDeny: boolean): object[] {
  const [read, write, destroy, read2, admin] = s.actions.map((a) => `${s.prefix}:${a}`);
  const statements: object[] = [
    {
      Sid: 'Read',
      Effect: 'Allow',
      Action: [read, read2],
      Resource: s.arn(`${team}-*`),
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    },
    {
      Sid: 'WriteFromCorp',
      Effect: 'Allow',
      Action: write,
      Resource: s.arn(`${team}-prod*`),
      Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } },
    },
    {
      Sid: 'ListForTeams',
      Effect: 'Allow',
      Action: `${s.prefix}:List*`,
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': ['platform', 'payments'] } },
    },
    {
      Sid: 'AdminUntil2030',
      Effect: 'Allow',
      Action: [admin, destroy, `${s.prefix}:${s.list}`],
      Resource: s.arn(`${team}-*`),
      Condition: {
        DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
        StringLike: { 'aws:PrincipalTag/project': 'proj-*' },
      },
    },
  ];
  if (withNotActionDeny) {
    statements.push({
      Sid: 'DenyOutsideCatalogue',
      Effect: 'Deny',
      NotAction: [
        ...SERVICES.filter((x) => x.prefix !== 'iam').map((x) => `${x.prefix}:*`),
        'iam:Get*',
        'iam:List*',
      ],
      Resource: '*',
    });
  } else {
    statements.push({
      Sid: 'NoProdDestroy',
      Effect: 'Deny',
      Action: destroy,
      Resource: s.arn(`${team}-prod*`),
    });
  }
  return statements;
}

function policyText(statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** The workload: 10 policies × 5 statements. */
function workloadPolicies(): string[] {
  return SERVICES.map((s) => policyText(serviceStatements(s, 'team-a', s.prefix === 'iam')));
}

/** `count` statements spread over policies of at most 10 statements, cycling through services and teams. */
function scaledPolicies(count: number): string[] {
  const statements: object[] = [];
  for (let i = 0; statements.length < count; i++) {
    const service = SERVICES[i % SERVICES.length];
    const team = i < SERVICES.length ? 'team-a' : `team-x${i}`;
    const generated = serviceStatements(service, team, false).map((st, j) => ({ ...st, Sid: `S${i}x${j}` }));
    statements.push(...generated.slice(0, count - statements.length));
  }
  const policies: string[] = [];
  for (let i = 0; i < statements.length; i += 10) policies.push(policyText(statements.slice(i, i + 10)));
  return policies;
}

/** Deterministic PRNG (mulberry32) so every run decides the same requests. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface BenchRequest {
  readonly request: AuthorizationRequest;
  readonly context: Record<string, string>;
}

function generateRequests(count: number): BenchRequest[] {
  const next = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const out: BenchRequest[] = [];
  for (let i = 0; i < count; i++) {
    const service = pick(SERVICES);
    const actionIndex = Math.floor(next() * 6);
    const listing = actionIndex === 5;
    const action = `${service.prefix}:${listing ? service.list : service.actions[actionIndex]}`;
    const resource = listing ? '*' : service.arn(pick(['team-a-prod-1', 'team-a-dev-2', 'team-b-prod-3']));
    const context: Record<string, string> = {
      'aws:SecureTransport': next() < 0.85 ? 'true' : 'false',
      'aws:SourceIp': pick(['10.1.2.3', '10.200.0.7', '203.0.113.9', '2001:db8::1']),
      'aws:CurrentTime': next() < 0.9 ? '2026-03-01T12:00:00Z' : '2031-06-01T00:00:00Z',
      'aws:PrincipalTag/team': pick(['platform', 'payments', 'marketing']),
      'aws:PrincipalTag/project': pick(['proj-alpha', 'proj-beta', 'other']),
    };
    out.push({
      context,
      request: {
        principal: { arn: PRINCIPAL_ARN, accountId: ACCOUNT, type: 'User', username: 'bench' },
        action,
        resource,
        context: context as RequestContext,
      },
    });
  }
  return out;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const BATCH = 16;

interface Figures {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/** Throughput over ~`seconds`, then per-decision latency from timed batches of BATCH decisions. */
function measure(requests: readonly AuthorizationRequest[], set: PolicySet, seconds: number): Figures {
  let sink = 0;
  for (let i = 0; i < 200_000; i++) sink += evaluate(requests[i % requests.length], set).allowed ? 1 : 0;

  const budget = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let decisions = 0;
  let elapsed = 0n;
  do {
    for (let i = 0; i < requests.length; i++) sink += evaluate(requests[i], set).allowed ? 1 : 0;
    decisions += requests.length;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  const perSecond = decisions / (Number(elapsed) / 1e9);

  const batches = Math.floor(requests.length / BATCH) * 20;
  const samples = new Float64Array(batches);
  for (let b = 0; b < batches; b++) {
    const offset = (b * BATCH) % (requests.length - BATCH);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) sink += evaluate(requests[offset + i], set).allowed ? 1 : 0;
    samples[b] = Number(process.hrtime.bigint() - t0) / BATCH;
  }
  samples.sort();
  if (sink < 0) console.log(sink);
  return { perSecond, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const us = (ns: number) => `${(ns / 1000).toFixed(3)} µs`;

interface IamSimulate {
  runSimulation(
    simulation: unknown,
    options: unknown,
  ): Promise<{ resultType: string; overallResult?: string }>;
}

async function loadIamSimulate(): Promise<IamSimulate | undefined> {
  const require = createRequire(__filename);
  const places = [process.cwd(), process.env.IAM_SIMULATE_DIR].filter((p): p is string => Boolean(p));
  for (const place of places) {
    try {
      const resolved = require.resolve('@cloud-copilot/iam-simulate', {
        paths: [place, path.join(place, 'node_modules')],
      });
      return (await import(resolved)) as IamSimulate;
    } catch {
      // try the next place
    }
  }
  return undefined;
}

const SIM_DECISION: Readonly<Record<string, string>> = {
  Allowed: 'Allow',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
};

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 2);
  const policies = workloadPolicies();
  const set = compilePolicySet({
    identity: policies.map((document, i) => ({ id: `policy-${i + 1}`, document })),
  });
  const bench = generateRequests(REQUESTS);
  const requests = bench.map((b) => b.request);
  const statementCount = policies.reduce(
    (n, p) => n + (JSON.parse(p) as { Statement: unknown[] }).Statement.length,
    0,
  );

  const mix = { Allow: 0, ImplicitDeny: 0, ExplicitDeny: 0 };
  for (const r of requests) mix[evaluate(r, set).decision]++;

  console.log(`policy engine benchmark (node ${process.version}, one core, single thread)`);
  console.log(
    `workload: 1 principal, ${policies.length} policies, ${statementCount} statements, ${fmt(REQUESTS)} pre-generated requests`,
  );
  console.log(
    `decision mix: ${fmt(mix.Allow)} Allow, ${fmt(mix.ImplicitDeny)} ImplicitDeny, ${fmt(mix.ExplicitDeny)} ExplicitDeny`,
  );
  console.log(
    `latency method: process.hrtime.bigint() around batches of ${BATCH} consecutive decisions, divided by ${BATCH}; p50/p99 over the batches (a single call is too short to time on its own)`,
  );
  const main = measure(requests, set, seconds);
  console.log(
    `\n@iam/policy-engine: ${fmt(main.perSecond)} decisions/s, p50 ${us(main.p50)}, p99 ${us(main.p99)} per decision`,
  );
  console.log(
    `target: >= 1,000,000 decisions/s and p99 < 5 µs -> ${main.perSecond >= 1e6 && main.p99 < 5000 ? 'met' : 'NOT met'}`,
  );

  console.log('\nscaling with statement count (same requests):');
  for (const count of [1, 10, 100, 1000]) {
    const scaled = scaledPolicies(count);
    const scaledSet = compilePolicySet({
      identity: scaled.map((document, i) => ({ id: `p${i}`, document, kind: 'managed' as const })),
    });
    const f = measure(requests, scaledSet, Math.max(0.5, seconds / 2));
    console.log(
      `  ${String(count).padStart(5)} statements: ${fmt(f.perSecond).padStart(11)} decisions/s, p50 ${us(f.p50)}, p99 ${us(f.p99)}`,
    );
  }

  const sim = await loadIamSimulate();
  if (!sim) {
    console.log(
      '\n@cloud-copilot/iam-simulate: not installed, comparison skipped (set IAM_SIMULATE_DIR or `npm i --no-save @cloud-copilot/iam-simulate`).',
    );
    return;
  }
  const simPolicies = policies.map((p, i) => ({ name: `policy-${i + 1}`, policy: JSON.parse(p) as unknown }));
  const subset = bench.slice(0, Number(process.env.BENCH_SIM_REQUESTS ?? 2000));
  const simulate = (b: BenchRequest) =>
    sim.runSimulation(
      {
        request: {
          principal: PRINCIPAL_ARN,
          action: b.request.action,
          resource: { resource: b.request.resource, accountId: ACCOUNT },
          contextVariables: b.context,
        },
        identityPolicies: simPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
  for (const b of subset.slice(0, 50)) await simulate(b);
  let agree = 0;
  let errors = 0;
  const samples = new Float64Array(subset.length);
  const start = process.hrtime.bigint();
  for (let i = 0; i < subset.length; i++) {
    const t0 = process.hrtime.bigint();
    const result = await simulate(subset[i]);
    samples[i] = Number(process.hrtime.bigint() - t0);
    const ours = evaluate(subset[i].request, set).decision;
    if (result.resultType !== 'single') {
      errors++;
      if (process.env.BENCH_SHOW_DIFF)
        console.log(
          'simulation error',
          subset[i].request.action,
          subset[i].request.resource,
          JSON.stringify(result).slice(0, 300),
        );
    } else if (SIM_DECISION[result.overallResult ?? ''] === ours) agree++;
    else if (process.env.BENCH_SHOW_DIFF) {
      console.log(
        'differs',
        ours,
        result.overallResult,
        subset[i].request.action,
        subset[i].request.resource,
        JSON.stringify(subset[i].context),
      );
    }
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  samples.sort();
  console.log(
    `\n@cloud-copilot/iam-simulate (same workload, first ${fmt(subset.length)} requests, each call timed on its own):` +
      ` ${fmt(subset.length / elapsed)} decisions/s, p50 ${us(percentile(samples, 50))}, p99 ${us(percentile(samples, 99))}`,
  );
  console.log(
    `  speed-up: ${(main.perSecond / (subset.length / elapsed)).toFixed(0)}x; same decision on ${fmt(agree)}/${fmt(subset.length - errors)} requests (${errors} simulation errors)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
