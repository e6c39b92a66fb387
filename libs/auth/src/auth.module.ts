import { DynamicModule, Global, Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Topics } from '@iam/contracts';
import type { Projection, SqlDatabase } from '@iam/event-store';
import type { EventBus } from '@iam/messaging';
import {
  EVENT_BUS,
  Lifecycle,
  Readiness,
  LOGGER,
  Metrics,
  SERVICE_CONFIG,
  serviceSchema,
  SQL_DATABASE,
  startEventSourcedService,
  TTL_STORE,
  type ServiceEnvironment,
} from '@iam/platform';
import type { TtlStore } from '@iam/ttl-store';
import type { Logger } from 'pino';
import { AUTHORIZER } from './authorizer';
import { AuthorizationCache } from './authorization/authorization-cache';
import { authorizationMigrations } from './authorization/authorization.migrations';
import { AuthorizationProjection } from './authorization/authorization.projection';
import { PolicyAuthorizer } from './authorization/policy-authorizer';
import { credentialsMigrations } from './credentials/credentials.migrations';
import { CredentialsProjection, wroteCredentials } from './credentials/credentials.projection';
import { CredentialCache } from './credentials/credential-cache';
import { AuthenticationGuard } from './guard/authentication.guard';
import { EntityArns } from './guard/entity-arns';
import { loadSecretBox } from './key-encryption-keys';
import { RequestAuthenticator } from './request-authenticator';
import { SecretBox } from './secret-box';
import { SessionStore } from './sessions/session-store';
import { SigV4Verifier } from './sigv4/sigv4-verifier';

export interface AuthModuleOptions {
  /** The service whose schema holds the credentials projection (`identity` applies it inline). */
  service: string;
  /** Consume identity's events into that schema (every service but identity). */
  consumeIdentityEvents: boolean;
}

const AUTH_OPTIONS = Symbol('AuthModuleOptions');

/** SigV4 authentication and authorization of every request, for every service. */
@Global()
@Module({})
export class AuthModule implements OnModuleInit, OnApplicationBootstrap {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        {
          provide: SecretBox,
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceEnvironment) =>
            loadSecretBox({
              configured: config.IAM_KEY_ENCRYPTION_KEYS,
              mode: config.IAM_MODE,
              dataDir: config.IAM_DATA_DIR,
            }),
        },
        {
          provide: CredentialCache,
          inject: [SQL_DATABASE, SERVICE_CONFIG],
          useFactory: (db: SqlDatabase, config: ServiceEnvironment) =>
            new CredentialCache(db, serviceSchema(config, options.service)),
        },
        { provide: SessionStore, inject: [TTL_STORE], useFactory: (ttl: TtlStore) => new SessionStore(ttl) },
        {
          provide: RequestAuthenticator,
          inject: [CredentialCache, SecretBox, TTL_STORE, SERVICE_CONFIG, SessionStore],
          useFactory: (
            store: CredentialCache,
            box: SecretBox,
            ttl: TtlStore,
            config: ServiceEnvironment,
            sessions: SessionStore,
          ) =>
            new RequestAuthenticator(
              new SigV4Verifier({ region: config.IAM_REGION }),
              store,
              box,
              ttl,
              config.IAM_REGION,
              sessions,
            ),
        },
        {
          provide: AuthorizationCache,
          inject: [SQL_DATABASE, SERVICE_CONFIG],
          useFactory: (db: SqlDatabase, config: ServiceEnvironment) =>
            new AuthorizationCache(db, serviceSchema(config, options.service)),
        },
        {
          provide: AUTHORIZER,
          inject: [AuthorizationCache],
          useFactory: (cache: AuthorizationCache) => new PolicyAuthorizer(cache),
        },
        EntityArns,
        { provide: APP_GUARD, useClass: AuthenticationGuard },
      ],
      exports: [
        SecretBox,
        CredentialCache,
        EntityArns,
        RequestAuthenticator,
        AUTHORIZER,
        AuthorizationCache,
        SessionStore,
      ],
    };
  }

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthModuleOptions,
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
    private readonly lifecycle: Lifecycle,
    private readonly readiness: Readiness,
    private readonly metrics: Metrics,
    private readonly authorization: AuthorizationCache,
    private readonly credentials: CredentialCache,
  ) {}

  async onModuleInit(): Promise<void> {
    const schema = serviceSchema(this.config, this.options.service);
    const consumers: { projection: Projection; topics: string[]; afterApply?: () => void }[] = [
      {
        projection: new AuthorizationProjection(schema),
        topics: [Topics.identity, Topics.policy],
        // A change takes effect as soon as it is applied, not at the next poll.
        afterApply: () => void this.authorization.refresh().catch(this.warn('authorization refresh')),
      },
    ];
    if (this.options.consumeIdentityEvents) {
      consumers.push({
        projection: new CredentialsProjection(schema),
        topics: [Topics.identity],
        afterApply: () => void this.credentials.refresh().catch(this.warn('credentials refresh')),
      });
    } else {
      // Applied inline by this process (identity): its own credential changes must show at once.
      this.database.onCommit((tx) => {
        if (wroteCredentials(tx)) this.credentials.refreshAfterCommit(this.warn('credentials refresh'));
      });
    }
    await startEventSourcedService(
      {
        name: `${this.options.service}-auth`,
        schema,
        migrations: this.options.consumeIdentityEvents
          ? [...credentialsMigrations, ...authorizationMigrations]
          : authorizationMigrations,
        consumers,
      },
      {
        database: this.database,
        bus: this.bus,
        lifecycle: this.lifecycle,
        readiness: this.readiness,
        logger: this.logger,
        metrics: this.metrics,
      },
    );
  }

  /** After every module's migrations (identity's create the credentials tables it applies inline). */
  async onApplicationBootstrap(): Promise<void> {
    await Promise.all([this.authorization.refresh(), this.credentials.refresh()]);
    this.authorization.start(this.warn('authorization refresh'));
    this.credentials.start(this.warn('credentials refresh'));
    this.lifecycle.onShutdown('consumers', async () => {
      this.authorization.stop();
      this.credentials.stop();
    });
  }

  /** A failed refresh is logged and retried by the next one (the guard refuses requests if they keep failing). */
  private warn(what: string): (error: unknown) => void {
    return (error) => this.logger.warn({ err: error }, `${what} failed`);
  }
}
