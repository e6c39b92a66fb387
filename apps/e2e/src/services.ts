import { AuditModule } from '@iam/audit';
import { createServer } from 'node:net';
import { AuthModule, SecretBox } from '@iam/auth';
import { AwsQueryModule } from '@iam/aws-query';
import { IdentityModule } from '@iam/identity';
import { bootstrapService, type RunningApp } from '@iam/platform';
import { PolicyModule } from '@iam/policy';
import { StsModule } from '@iam/sts';
import {
  dropSchemas,
  randomRootKey,
  eventually,
  SignedClient,
  testInfrastructure,
  type TestInfrastructure,
  TEST_EVENT_KEYS,
} from '@iam/testing';

/** The root key the management account is bootstrapped with (IAM_ROOT_ACCESS_KEY_ID for tests). */
export const rootKey = randomRootKey();

export interface DistributedServices {
  infra: TestInfrastructure;
  identity: RunningApp;
  policy: RunningApp;
  audit: RunningApp;
  /** Only when started with `{ sts: true }`. */
  sts?: RunningApp;
  /** Signed clients of the management account's root, one per service. */
  rootIdentity: SignedClient;
  rootPolicy: SignedClient;
  accountId: string;
  stop(): Promise<void>;
  /** Closes the services but keeps their data and infrastructure, to start them again (`options.infra`). */
  closeServices(): Promise<void>;
}

/**
 * Identity, policy and audit as separate services in distributed mode (each
 * its own Nest application, connections and consumer groups, as separate
 * processes would be), on real Postgres, Redis and Kafka. `settings`
 * override their environment (a proxied REDIS_URL, say).
 */
export async function startDistributedServices(
  settings: Record<string, string> = {},
  options: { sts?: boolean; infra?: TestInfrastructure } = {},
): Promise<DistributedServices> {
  // A restart reuses the infrastructure (and so the schemas) of the run it follows.
  const infra = options.infra ?? (await testInfrastructure());
  const env = {
    IAM_MODE: 'distributed',
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    KAFKA_BROKERS: infra.kafkaBrokers,
    IAM_SCHEMA_PREFIX: infra.schemaPrefix,
    IAM_KEY_ENCRYPTION_KEYS: SecretBox.generateConfig('e2e'),
    IAM_EVENT_KEYS: TEST_EVENT_KEYS,
    IAM_ROOT_ACCESS_KEY_ID: rootKey.accessKeyId,
    IAM_ROOT_SECRET_ACCESS_KEY: rootKey.secretAccessKey,
    PORT: '0',
    HOST: '127.0.0.1',
    // Earlier test runs leave poison messages in the shared topics; their dead-lettering is expected noise here.
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'fatal',
    ...settings,
  };
  // As the apps run them, each with the AWS-protocol door and the others' addresses (so each forwards
  // the others' actions): ports are chosen first, since each must know the others' before it starts.
  const [policyPort, stsPort, auditPort] = [await freePort(), await freePort(), await freePort()];
  const doorUrls = {
    ...(options.sts ? { IAM_STS_URL: `http://127.0.0.1:${stsPort}` } : {}),
    IAM_AUDIT_URL: `http://127.0.0.1:${auditPort}`,
  };
  const identity = await bootstrapService({
    name: 'identity',
    modules: [
      AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }),
      IdentityModule,
      AwsQueryModule,
    ],
    env: { IAM_POLICY_URL: `http://127.0.0.1:${policyPort}`, ...doorUrls, ...env },
  });
  const policy = await bootstrapService({
    name: 'policy',
    modules: [
      AuthModule.forRoot({ service: 'policy', consumeIdentityEvents: true }),
      PolicyModule,
      AwsQueryModule,
    ],
    env: { ...env, ...doorUrls, PORT: String(policyPort), IAM_IDENTITY_URL: identity.url },
  });
  const audit = await bootstrapService({
    name: 'audit',
    modules: [
      AuthModule.forRoot({ service: 'audit', consumeIdentityEvents: true }),
      AuditModule,
      AwsQueryModule,
    ],
    env: {
      ...env,
      ...doorUrls,
      PORT: String(auditPort),
      IAM_IDENTITY_URL: identity.url,
      IAM_POLICY_URL: policy.url,
    },
  });
  const sts = options.sts
    ? await bootstrapService({
        name: 'sts',
        modules: [
          AuthModule.forRoot({ service: 'sts', consumeIdentityEvents: true }),
          StsModule,
          AwsQueryModule,
        ],
        env: {
          ...env,
          PORT: String(stsPort),
          IAM_IDENTITY_URL: identity.url,
          IAM_POLICY_URL: policy.url,
        },
      })
    : undefined;
  const rootIdentity = new SignedClient(identity.url, rootKey);
  const rootPolicy = new SignedClient(policy.url, rootKey);
  const me = await rootIdentity.request<{ account: string }>('GET', '/v1/me');
  // The other services learn the root key from identity's events.
  await eventually(
    async () => {
      const r = await rootPolicy.request('GET', '/v1/policies?scope=Local');
      if (process.env.E2E_DEBUG) console.log(JSON.stringify(r));
      return r.status;
    },
    (status) => status === 200,
    // Generous: on a loaded 2-core machine the consumers of four services start slowly.
    { timeoutMs: 60_000 },
  );
  return {
    infra,
    identity,
    policy,
    audit,
    sts,
    rootIdentity,
    rootPolicy,
    accountId: me.body.account,
    closeServices: async () => {
      await Promise.allSettled([identity.close(), policy.close(), audit.close(), sts?.close()]);
    },
    stop: async () => {
      await Promise.allSettled([identity.close(), policy.close(), audit.close(), sts?.close()]);
      await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
      await infra.stop();
    },
  };
}

/** A port free at this moment, for a service another must know the address of before it starts. */
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
