import { type DynamicModule, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  AuthorizationCache,
  CredentialCache,
  SealedSecrets,
  SEALED_SECRETS_TABLE_SQL,
  SecretBox,
  type SecretKind,
} from '@iam/auth';
import type { EventEnvelope } from '@iam/contracts';
import {
  EventStore,
  identifier,
  InMemoryEventStore,
  PgliteDatabase,
  type SqlDatabase,
} from '@iam/event-store';
import { EventAuthenticator, InProcessEventBus } from '@iam/messaging';
import {
  applyHttpConventions,
  createLogger,
  Lifecycle,
  loadServiceEnvironment,
  Metrics,
  PlatformModule,
  Readiness,
  SERVICE_CONFIG,
  serviceHttpAdapter,
  serviceSchema,
  type ServiceEnvironment,
} from '@iam/platform';
import { MemoryTtlStore } from '@iam/ttl-store';
import { randomRootKey } from './signed-client';

export interface SliceAppOptions {
  /** The service under test, as its schema is named: `identity`, `policy`. */
  service: string;
  /** Its modules, as its app boots them: `AuthModule.forRoot(…)` and the service's module. */
  modules: (Type | DynamicModule)[];
  /** The service's event store in memory: its topic and inline projections over `database`, in `schema`. */
  store: (database: SqlDatabase, schema: string) => InMemoryEventStore;
}

/**
 * A service's Nest modules as its process runs them, in this process and
 * without servers: Postgres in-process (PGlite, in memory), the in-process
 * event bus and TTL store, and the module's event store replaced by an
 * in-memory one (a test module override; production code has no such
 * switch). Every event the store commits is published on the bus, as the
 * outbox relay would, so the service's own consumers see it.
 */
export class SliceApp {
  private readonly foreign = new Map<string, InMemoryEventStore>();

  private constructor(
    readonly app: NestFastifyApplication,
    readonly store: InMemoryEventStore,
    /** Seals secrets (a root key's) as the service under test does. */
    readonly secrets: SecretBox,
    private readonly bus: InProcessEventBus,
    private readonly database: PgliteDatabase,
    private readonly config: ServiceEnvironment,
  ) {}

  static async start(options: SliceAppOptions): Promise<SliceApp> {
    const keys = SecretBox.generateConfig('slice');
    const managementRoot = randomRootKey();
    const config = loadServiceEnvironment({
      IAM_MODE: 'standalone',
      IAM_KEY_ENCRYPTION_KEYS: keys,
      // Preset, so the management account's bootstrap prints and saves nothing.
      IAM_ROOT_ACCESS_KEY_ID: managementRoot.accessKeyId,
      IAM_ROOT_SECRET_ACCESS_KEY: managementRoot.secretAccessKey,
      LOG_LEVEL: 'fatal',
    });
    const logger = createLogger(config.LOG_LEVEL, options.service);
    const database = await PgliteDatabase.open(undefined);
    const bus = new InProcessEventBus(EventAuthenticator.generate('slice'));
    const ttlStore = new MemoryTtlStore();
    const made: { store?: InMemoryEventStore } = {};
    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({
          config,
          logger,
          metrics: new Metrics({ service: options.service }),
          lifecycle: new Lifecycle(),
          readiness: new Readiness(),
          infrastructure: { database, bus, ttlStore },
        }),
        CqrsModule.forRoot(),
        ...options.modules,
      ],
    })
      .overrideProvider(EventStore)
      .useFactory({
        inject: [SERVICE_CONFIG],
        factory: (env: ServiceEnvironment) => {
          if (made.store)
            throw new Error('a slice app serves one service: two modules asked for an event store');
          made.store = options.store(database, serviceSchema(env, options.service));
          return made.store;
        },
      })
      .compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(serviceHttpAdapter(), {
      logger: false,
      bodyParser: false,
    });
    applyHttpConventions(app, logger);
    const started = made.store;
    if (!started) throw new Error(`the modules of ${options.service} provide no EventStore`);
    started.onCommitted((events) => publish(bus, started.topic, events));
    // Before init: the bootstrap's events (identity's management account) are published too.
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return new SliceApp(app, started, SecretBox.fromConfig(keys), bus, database, config);
  }

  /**
   * Seals a secret into identity's `sealed_secrets`, as identity does beside the event naming it
   * (the table is created when the service under test is not identity); returns its id.
   */
  async sealSecret(kind: SecretKind, associatedData: string, plaintext: string): Promise<string> {
    const schema = serviceSchema(this.config, 'identity');
    await this.database.query(`CREATE SCHEMA IF NOT EXISTS ${identifier(schema)}`);
    for (const statement of SEALED_SECRETS_TABLE_SQL.replaceAll('{schema}', identifier(schema)).split(';')) {
      if (statement.trim()) await this.database.query(statement);
    }
    const secrets = this.app.get(SealedSecrets, { strict: false });
    return this.database.transaction((tx) => secrets.put(tx, kind, associatedData, plaintext));
  }

  /** What the guard authenticates and authorizes with has caught up with everything committed. */
  async settle(): Promise<void> {
    await Promise.all([
      this.app.get(CredentialCache, { strict: false }).refresh(),
      this.app.get(AuthorizationCache, { strict: false }).refresh(),
    ]);
  }

  /** The service's own store for its topic (inline projections and all); for another topic, a store of that service's events. */
  storeOf(topic: string | undefined): InMemoryEventStore {
    if (topic === undefined || topic === this.store.topic) return this.store;
    let store = this.foreign.get(topic);
    if (!store) {
      store = new InMemoryEventStore({ topic });
      const created = store;
      store.onCommitted((events) => publish(this.bus, created.topic, events));
      this.foreign.set(topic, store);
    }
    return store;
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.bus.close();
    await this.database.close();
  }
}

async function publish(bus: InProcessEventBus, topic: string, events: EventEnvelope[]): Promise<void> {
  await bus.ensureTopics([topic]);
  await bus.publish(events.map((envelope) => ({ topic, key: envelope.streamId, envelope })));
}
