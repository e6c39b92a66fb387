import { DynamicModule, Global, Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { Topics } from '@iam/contracts';
import type { Projection, SqlDatabase } from '@iam/event-store';
import {
  DENIAL_ENCODER,
  EventSourcedServices,
  Lifecycle,
  LOGGER,
  Metrics,
  Readiness,
  ROUTE_ACCESS_NAMES,
  SERVICE_CONFIG,
  serviceSchema,
  SQL_DATABASE,
  TTL_STORE,
  type ServiceEnvironment,
} from '@iam/platform';
import type { TtlStore } from '@iam/ttl-store';
import type { Logger } from 'pino';
import { AUTHORIZER } from './authorizer';
import { AuthorizationCache } from './authorization/authorization-cache';
import { AuthorizationMessages } from './authorization/authorization-messages';
import { authorizationMigrations } from './authorization/authorization.migrations';
import { AuthorizationProjection } from './authorization/authorization.projection';
import { PolicyAuthorizer } from './authorization/policy-authorizer';
import { KnownManagedPolicies, PrincipalPolicyCounts } from './authorization/policy-ports';
import { ProjectedPolicies } from './authorization/projected-policies';
import { credentialsMigrations } from './credentials/credentials.migrations';
import { CredentialsProjection } from './credentials/credentials.projection';
import { CredentialCache } from './credentials/credential-cache';
import { AuthenticationGuard } from './guard/authentication.guard';
import { DataFreshness } from './guard/data-freshness';
import { DeclaredRouteNames } from './guard/declared-route-names';
import { EntityArns } from './guard/entity-arns';
import { RequestAuthorization } from './guard/request-authorization';
import { ResourcePolicies } from './guard/resource-policies';
import { loadSecretBox } from './key-encryption-keys';
import { RequestAuthenticator } from './request-authenticator';
import { SecretBox } from './secret-box';
import { SealedSecrets } from './secrets/sealed-secrets';
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
      imports: [DiscoveryModule],
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
          // Identity's table, whichever service reads it (see SealedSecrets).
          provide: SealedSecrets,
          inject: [SQL_DATABASE, SERVICE_CONFIG, SecretBox],
          useFactory: (db: SqlDatabase, config: ServiceEnvironment, box: SecretBox) =>
            new SealedSecrets(db, serviceSchema(config, 'identity'), box),
        },
        {
          provide: RequestAuthenticator,
          inject: [CredentialCache, SecretBox, TTL_STORE, SERVICE_CONFIG, SessionStore, SealedSecrets],
          useFactory: (
            store: CredentialCache,
            box: SecretBox,
            ttl: TtlStore,
            config: ServiceEnvironment,
            sessions: SessionStore,
            sealedSecrets: SealedSecrets,
          ) =>
            new RequestAuthenticator(
              new SigV4Verifier({ region: config.IAM_REGION }),
              store,
              box,
              ttl,
              config.IAM_REGION,
              sealedSecrets,
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
          provide: AuthorizationMessages,
          inject: [SecretBox],
          useFactory: (box: SecretBox) => new AuthorizationMessages(box),
        },
        { provide: DENIAL_ENCODER, useExisting: AuthorizationMessages },
        {
          provide: AUTHORIZER,
          inject: [AuthorizationCache, AuthorizationMessages, Metrics],
          useFactory: (cache: AuthorizationCache, messages: AuthorizationMessages, metrics: Metrics) => {
            const decisions = metrics.counter(
              'iam_authorization_decisions_total',
              'Authorization decisions of requests, by outcome (allow or deny)',
              ['outcome'],
            );
            return new PolicyAuthorizer(cache, messages, (outcome) => decisions.inc({ outcome }));
          },
        },
        {
          provide: CredentialsProjection,
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceEnvironment) =>
            new CredentialsProjection(serviceSchema(config, options.service)),
        },
        {
          provide: ProjectedPolicies,
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceEnvironment) =>
            new ProjectedPolicies(serviceSchema(config, options.service)),
        },
        { provide: PrincipalPolicyCounts, useExisting: ProjectedPolicies },
        { provide: KnownManagedPolicies, useExisting: ProjectedPolicies },
        EntityArns,
        DataFreshness,
        ResourcePolicies,
        RequestAuthorization,
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        DeclaredRouteNames,
        { provide: ROUTE_ACCESS_NAMES, useExisting: DeclaredRouteNames },
      ],
      exports: [
        SecretBox,
        SealedSecrets,
        CredentialCache,
        CredentialsProjection,
        PrincipalPolicyCounts,
        KnownManagedPolicies,
        EntityArns,
        DataFreshness,
        ResourcePolicies,
        RequestAuthorization,
        RequestAuthenticator,
        AUTHORIZER,
        AuthorizationCache,
        SessionStore,
        AuthorizationMessages,
        DENIAL_ENCODER,
        ROUTE_ACCESS_NAMES,
      ],
    };
  }

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthModuleOptions,
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
    private readonly lifecycle: Lifecycle,
    private readonly services: EventSourcedServices,
    private readonly authorization: AuthorizationCache,
    private readonly credentials: CredentialCache,
    private readonly credentialsProjection: CredentialsProjection,
    private readonly freshness: DataFreshness,
    private readonly readiness: Readiness,
    private readonly metrics: Metrics,
  ) {}

  async onModuleInit(): Promise<void> {
    this.observeFreshness();
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
        projection: this.credentialsProjection,
        topics: [Topics.identity],
        afterApply: () => void this.credentials.refresh().catch(this.warn('credentials refresh')),
      });
    } else {
      // Applied inline by this process (identity, given this instance): its own credential changes must show at once.
      this.database.onCommit((tx) => {
        if (this.credentialsProjection.wrote(tx))
          this.credentials.refreshAfterCommit(this.warn('credentials refresh'));
      });
    }
    await this.services.start({
      name: `${this.options.service}-auth`,
      schema,
      migrations: this.options.consumeIdentityEvents
        ? [...credentialsMigrations, ...authorizationMigrations]
        : authorizationMigrations,
      consumers,
    });
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

  /**
   * Readiness is false exactly while the guard refuses requests for stale
   * data (same predicate), so a load balancer sends them elsewhere; and the
   * staleness of each in-memory projection is a metric.
   */
  private observeFreshness(): void {
    this.readiness.add('projections', () => {
      const { fresh, staleForMs } = this.freshness.fresh();
      return fresh
        ? { ready: true }
        : {
            ready: false,
            detail: {
              staleForMs: Number.isFinite(staleForMs) ? Math.round(staleForMs) : 'never loaded',
              limitMs: this.freshness.limitMs,
            },
          };
    });
    this.metrics.gauge(
      'iam_projection_staleness_seconds',
      'Since when an in-memory projection has not caught up with the database (+Inf before its first load)',
      ['projection'],
      (gauge) => {
        const now = Date.now();
        gauge.set({ projection: 'authorization' }, this.authorization.staleForMs(now) / 1000);
        gauge.set({ projection: 'credentials' }, this.credentials.staleForMs(now) / 1000);
      },
    );
    this.metrics.gauge(
      'iam_projection_staleness_limit_seconds',
      'IAM_MAX_STALENESS_MS: past it the process refuses requests (503) and is not ready',
      [],
      (gauge) => gauge.set(this.freshness.limitMs / 1000),
    );
  }

  /** A failed refresh is logged and retried by the next one (the guard refuses requests if they keep failing). */
  private warn(what: string): (error: unknown) => void {
    return (error) => this.logger.warn({ err: error }, `${what} failed`);
  }
}
