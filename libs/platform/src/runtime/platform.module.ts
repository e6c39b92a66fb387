import { DynamicModule, Global, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ServiceEnvironment } from '../config/service-config';
import { AccessRecorder } from '../access/access-recorder';
import { Metrics } from '../metrics/metrics';
import { EventSourcedServices } from './event-sourced-module';
import type { Infrastructure } from './infrastructure';
import { Lifecycle } from './lifecycle';
import { Readiness } from '../health/readiness';
import { EVENT_BUS, LOGGER, SERVICE_CONFIG, SQL_DATABASE, TTL_STORE } from './tokens';

export interface PlatformParts {
  config: ServiceEnvironment;
  logger: Logger;
  metrics: Metrics;
  lifecycle: Lifecycle;
  readiness: Readiness;
  infrastructure: Infrastructure;
}

/** Makes the process-wide ports injectable into every service module. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  static forRoot(parts: PlatformParts): DynamicModule {
    const recorder = new AccessRecorder(parts.infrastructure.database, parts.logger);
    // Before the relays' last flush: summaries and parked records reach the outbox first.
    parts.lifecycle.onShutdown('consumers', () => recorder.close());
    const providers = [
      { provide: SERVICE_CONFIG, useValue: parts.config },
      { provide: LOGGER, useValue: parts.logger },
      { provide: Metrics, useValue: parts.metrics },
      { provide: Lifecycle, useValue: parts.lifecycle },
      { provide: Readiness, useValue: parts.readiness },
      { provide: SQL_DATABASE, useValue: parts.infrastructure.database },
      { provide: EVENT_BUS, useValue: parts.infrastructure.bus },
      { provide: TTL_STORE, useValue: parts.infrastructure.ttlStore },
      { provide: AccessRecorder, useValue: recorder },
      {
        provide: EventSourcedServices,
        useValue: new EventSourcedServices({
          database: parts.infrastructure.database,
          bus: parts.infrastructure.bus,
          lifecycle: parts.lifecycle,
          readiness: parts.readiness,
          logger: parts.logger,
          metrics: parts.metrics,
          recorder,
        }),
      },
    ];
    return { module: PlatformModule, providers, exports: providers.map((p) => p.provide) };
  }

  constructor(private readonly lifecycle: Lifecycle) {}

  // Runs after the HTTP server closed and in-flight requests finished.
  async onApplicationShutdown(): Promise<void> {
    await this.lifecycle.shutdown();
  }
}
