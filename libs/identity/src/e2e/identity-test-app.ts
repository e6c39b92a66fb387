import { AuthModule, SecretBox } from '@iam/auth';
import { bootstrapService, type RunningApp } from '@iam/platform';
import {
  dropSchemas,
  randomRootKey,
  SignedClient,
  testInfrastructure,
  type TestInfrastructure,
  TEST_EVENT_KEYS,
} from '@iam/testing';
import { IdentityModule } from '../identity.module';

export interface IdentityTestApp {
  infra: TestInfrastructure;
  app: RunningApp;
  root: SignedClient;
  rootAccountId: string;
  rootKey: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

/** A root access key preset for the test, as IAM_ROOT_ACCESS_KEY_ID does for deployments. */
const rootKey = randomRootKey();

/**
 * The identity service in distributed mode on real Postgres, Redis and Kafka,
 * in schemas of its own, with a signed client for its root user.
 */
export async function startIdentityTestApp(settings: Record<string, string> = {}): Promise<IdentityTestApp> {
  const infra = await testInfrastructure();
  const app = await bootstrapService({
    name: 'identity',
    modules: [AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }), IdentityModule],
    env: {
      IAM_MODE: 'distributed',
      DATABASE_URL: infra.databaseUrl,
      REDIS_URL: infra.redisUrl,
      KAFKA_BROKERS: infra.kafkaBrokers,
      IAM_SCHEMA_PREFIX: infra.schemaPrefix,
      IAM_KEY_ENCRYPTION_KEYS: SecretBox.generateConfig('test'),
      IAM_EVENT_KEYS: TEST_EVENT_KEYS,
      IAM_ROOT_ACCESS_KEY_ID: rootKey.accessKeyId,
      IAM_ROOT_SECRET_ACCESS_KEY: rootKey.secretAccessKey,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'fatal',
      ...settings,
    },
  });
  const root = new SignedClient(app.url, rootKey);
  const me = await root.request<{ account: string }>('GET', '/v1/me');
  return {
    infra,
    app,
    root,
    rootAccountId: me.body.account,
    rootKey,
    stop: async () => {
      await app.close();
      await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
      await infra.stop();
    },
  };
}
