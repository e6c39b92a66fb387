import { DynamicModule, Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Topics } from '@iam/contracts';
import type { SqlDatabase } from '@iam/event-store';
import type { EventBus } from '@iam/messaging';
import {
  EVENT_BUS,
  Lifecycle,
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
import { AUTHORIZER, RootOnlyAuthorizer } from './authorizer';
import { credentialsMigrations } from './credentials/credentials.migrations';
import { CredentialsProjection } from './credentials/credentials.projection';
import { CredentialStore } from './credentials/credential-store';
import { AuthenticationGuard } from './guard/authentication.guard';
import { loadSecretBox } from './key-encryption-keys';
import { RequestAuthenticator } from './request-authenticator';
import { SecretBox } from './secret-box';
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
export class AuthModule implements OnModuleInit {
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
          provide: CredentialStore,
          inject: [SQL_DATABASE, SERVICE_CONFIG],
          useFactory: (db: SqlDatabase, config: ServiceEnvironment) =>
            new CredentialStore(db, serviceSchema(config, options.service)),
        },
        {
          provide: RequestAuthenticator,
          inject: [CredentialStore, SecretBox, TTL_STORE, SERVICE_CONFIG],
          useFactory: (store: CredentialStore, box: SecretBox, ttl: TtlStore, config: ServiceEnvironment) =>
            new RequestAuthenticator(
              new SigV4Verifier({ region: config.IAM_REGION }),
              store,
              box,
              ttl,
              config.IAM_REGION,
            ),
        },
        { provide: AUTHORIZER, useClass: RootOnlyAuthorizer },
        { provide: APP_GUARD, useClass: AuthenticationGuard },
      ],
      exports: [SecretBox, CredentialStore, RequestAuthenticator, AUTHORIZER],
    };
  }

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthModuleOptions,
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
    private readonly lifecycle: Lifecycle,
    private readonly metrics: Metrics,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.options.consumeIdentityEvents) return;
    const schema = serviceSchema(this.config, this.options.service);
    await startEventSourcedService(
      {
        name: `${this.options.service}-credentials`,
        schema,
        migrations: credentialsMigrations,
        consumers: [{ projection: new CredentialsProjection(schema), topics: [Topics.identity] }],
      },
      {
        database: this.database,
        bus: this.bus,
        lifecycle: this.lifecycle,
        logger: this.logger,
        metrics: this.metrics,
      },
    );
  }
}
