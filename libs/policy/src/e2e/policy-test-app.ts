import { randomUUID } from 'node:crypto';
import { AuthModule, SecretBox } from '@iam/auth';
import { IdentityEventTypes as T, IdentitySchemaVersion, Topics, type NewEvent } from '@iam/contracts';
import {
  EventStore,
  PostgresEventStore,
  eventStoreMigrations,
  OutboxRelay,
  PgDatabase,
  runMigrations,
} from '@iam/event-store';
import { EventAuthenticator, KafkaEventBus } from '@iam/messaging';
import { bootstrapService, type RunningApp } from '@iam/platform';
import {
  dropSchemas,
  eventually,
  SignedClient,
  testInfrastructure,
  type SignedResponse,
  type TestInfrastructure,
  TEST_EVENT_KEYS,
} from '@iam/testing';
import { PolicyModule } from '../policy.module';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TestAccount {
  accountId: string;
  root: SignedClient;
}

/**
 * The policy service alone in distributed mode on real Postgres, Redis and
 * Kafka. Identity's side is played by appending identity events to an
 * event store in identity's schema and relaying them to Kafka, as the
 * identity service would (the policy lib may not import identity's).
 */
export class PolicyTestApp {
  private constructor(
    readonly infra: TestInfrastructure,
    readonly app: RunningApp,
    private readonly db: PgDatabase,
    private readonly identity: EventStore,
    private readonly relay: OutboxRelay,
    private readonly bus: KafkaEventBus,
    private readonly box: SecretBox,
  ) {}

  static async start(): Promise<PolicyTestApp> {
    const infra = await testInfrastructure();
    const db = new PgDatabase(infra.databaseUrl);
    const schema = `${infra.schemaPrefix}identity`;
    await runMigrations(db, schema, eventStoreMigrations);
    const identity = new PostgresEventStore(db, { schema, topic: Topics.identity });
    const bus = new KafkaEventBus({
      brokers: infra.kafkaBrokers.split(','),
      clientId: 'policy-e2e-identity',
      authenticator: EventAuthenticator.fromConfig(TEST_EVENT_KEYS),
    });
    await bus.ensureTopics([Topics.identity]);
    const relay = new OutboxRelay(db, bus, { schema });
    relay.start();
    const keys = SecretBox.generateConfig('test');
    const app = await bootstrapService({
      name: 'policy',
      modules: [AuthModule.forRoot({ service: 'policy', consumeIdentityEvents: true }), PolicyModule],
      env: {
        IAM_MODE: 'distributed',
        DATABASE_URL: infra.databaseUrl,
        REDIS_URL: infra.redisUrl,
        KAFKA_BROKERS: infra.kafkaBrokers,
        IAM_SCHEMA_PREFIX: infra.schemaPrefix,
        IAM_KEY_ENCRYPTION_KEYS: keys,
        IAM_EVENT_KEYS: TEST_EVENT_KEYS,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
      },
    });
    return new PolicyTestApp(infra, app, db, identity, relay, bus, SecretBox.fromConfig(keys));
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.relay.stop();
    await this.bus.close();
    await this.db.close();
    await dropSchemas(this.infra.databaseUrl, this.infra.schemaPrefix);
    await this.infra.stop();
  }

  private append(accountId: string, streamId: string, events: NewEvent[]) {
    return this.identity.append(streamId, 'any', events, {
      accountId,
      actorArn: `arn:aws:iam::${accountId}:root`,
      correlationId: randomUUID(),
    });
  }

  /** A new account with a root user and an access key, usable once the policy service has consumed them. */
  async account(): Promise<TestAccount> {
    const accountId = String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999));
    const accessKeyId = `AKIA${randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}`;
    const secretAccessKey = randomUUID().replace(/-/g, '') + 'abcdefgh';
    const createDate = new Date().toISOString();
    const v = IdentitySchemaVersion;
    await this.append(accountId, `user-${accountId}`, [
      {
        type: T.RootUserCreated,
        schemaVersion: v,
        payload: { userId: accountId, accountId, arn: `arn:aws:iam::${accountId}:root`, createDate },
      },
      {
        type: T.AccessKeyCreated,
        schemaVersion: v,
        payload: {
          userId: accountId,
          userName: '<root_account>',
          accessKeyId,
          status: 'Active',
          createDate,
          encryptedSecret: this.box.seal(secretAccessKey, accessKeyId),
        },
      },
    ]);
    const root = new SignedClient(this.app.url, { accessKeyId, secretAccessKey });
    await eventually(
      () => root.request('GET', '/v1/policies?maxItems=1'),
      (r) => r.status === 200,
    );
    return { accountId, root };
  }

  /** Identity creates a user, group or role (with a path); returns its id and ARN. */
  async principal(accountId: string, kind: 'user' | 'group' | 'role', name: string, path = '/') {
    const prefix = { user: 'AIDA', group: 'AGPA', role: 'AROA' }[kind];
    const id = `${prefix}${randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase()}`;
    const arn = `arn:aws:iam::${accountId}:${kind}${path}${name}`;
    const createDate = new Date().toISOString();
    const payload =
      kind === 'user'
        ? { userId: id, accountId, userName: name, path, arn, tags: [], createDate }
        : kind === 'group'
          ? { groupId: id, accountId, groupName: name, path, arn, createDate }
          : {
              roleId: id,
              accountId,
              roleName: name,
              path,
              arn,
              assumeRolePolicyDocument: '{}',
              description: '',
              maxSessionDuration: 3600,
              tags: [],
              createDate,
            };
    const type = { user: T.UserCreated, group: T.GroupCreated, role: T.RoleCreated }[kind];
    await this.append(accountId, `${kind}-${id}`, [{ type, schemaVersion: IdentitySchemaVersion, payload }]);
    return { id, arn };
  }

  async deleteUser(accountId: string, userId: string, userName: string) {
    await this.append(accountId, `user-${userId}`, [
      {
        type: T.UserDeleted,
        schemaVersion: IdentitySchemaVersion,
        payload: { userId, userName, arn: `arn:aws:iam::${accountId}:user/${userName}` },
      },
    ]);
  }
}

/** Waits until the policy service knows a principal (its identity events consumed). */
export function untilKnown(client: SignedClient, path: string): Promise<SignedResponse<Json>> {
  return eventually(
    () => client.request<Json>('GET', path),
    (r) => r.status === 200,
  );
}
