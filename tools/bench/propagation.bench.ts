/**
 * How long a policy change takes to govern requests in another service, in
 * distributed mode on real Postgres and Kafka: a user's inline policy is put
 * (then deleted) through the policy service, and the identity service is
 * polled every 5 ms until its decision flips. Prints p50/p99 over the runs.
 * Run: npm run infra:up && npm run bench:propagation
 */
import { AuthModule, SecretBox } from '@iam/auth';
import { IdentityModule } from '@iam/identity';
import { bootstrapService } from '@iam/platform';
import { PolicyModule } from '@iam/policy';
import { randomRootKey, SignedClient, TEST_EVENT_KEYS } from '@iam/testing';

const runs = Number(process.env.BENCH_RUNS ?? 40);

async function main() {
  const root = randomRootKey();
  const env = {
    IAM_MODE: 'distributed',
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    IAM_SCHEMA_PREFIX: `bench_${Date.now().toString(36)}_`,
    IAM_KEY_ENCRYPTION_KEYS: SecretBox.generateConfig('bench'),
    IAM_EVENT_KEYS: TEST_EVENT_KEYS,
    IAM_ROOT_ACCESS_KEY_ID: root.accessKeyId,
    IAM_ROOT_SECRET_ACCESS_KEY: root.secretAccessKey,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'fatal',
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
    await rootIdentity.request('POST', '/v1/users', { userName: 'probe' });
    const key = await rootIdentity.request<{ accessKey: { accessKeyId: string; secretAccessKey: string } }>(
      'POST',
      '/v1/users/probe/access-keys',
    );
    const probe = rootIdentity.withCredentials(key.body.accessKey);
    const until = async (status: number) => {
      for (;;) {
        if ((await probe.request('GET', '/v1/groups')).status === status) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:ListGroups', Resource: '*' }],
    });
    // The policy service learns of the user from identity's events first.
    while (
      (await rootPolicy.request('PUT', '/v1/users/probe/policies/probe', { policyDocument: document }))
        .status !== 204
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await until(200);
    await rootPolicy.request('DELETE', '/v1/users/probe/policies/probe');
    await until(403);

    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const grant = i % 2 === 0;
      const started = process.hrtime.bigint();
      const response = grant
        ? await rootPolicy.request('PUT', '/v1/users/probe/policies/probe', { policyDocument: document })
        : await rootPolicy.request('DELETE', '/v1/users/probe/policies/probe');
      if (response.status !== 204) throw new Error(`policy change failed: ${response.status}`);
      await until(grant ? 200 : 403);
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    samples.sort((a, b) => a - b);
    const at = (p: number) =>
      samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))].toFixed(0);
    console.log(
      `policy change -> effective in identity: p50 ${at(50)} ms, p99 ${at(99)} ms, max ${samples[samples.length - 1].toFixed(0)} ms over ${runs} changes (grant and revoke alternating; from the policy service's 204 to identity's first changed decision, polled every 5 ms)`,
    );
  } finally {
    await policy.close();
    await identity.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
