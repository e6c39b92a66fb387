import type { InjectionToken, Provider } from '@nestjs/common';
import { EventStore, PostgresEventStore, type InlineProjection, type SqlDatabase } from '@iam/event-store';
import { serviceSchema, type ServiceEnvironment } from '../config/service-config';
import { startEventSourcedService, type ServiceDefinition, type ServiceDeps } from './event-sourced-service';
import { SERVICE_CONFIG, SQL_DATABASE } from './tokens';

/**
 * Starts an event-sourced service with the process's ports: a module injects
 * this (PlatformModule provides it) and calls `start` in its `onModuleInit`.
 */
export class EventSourcedServices {
  constructor(private readonly deps: ServiceDeps) {}

  start(definition: ServiceDefinition): ReturnType<typeof startEventSourcedService> {
    return startEventSourcedService(definition, this.deps);
  }
}

export interface EventSourcedProvidersOptions {
  /** Service name: its schema is this after the configured prefix. */
  service: string;
  /** Token the schema name is provided under. */
  schemaToken: InjectionToken;
  /** With a topic, an `EventStore` provider publishing to it (none for services that only consume). */
  topic?: string;
  /** The read models updated in the same transaction as the events; `inject` tokens follow the schema. */
  inlineProjections?: (schema: string, ...injected: never[]) => InlineProjection[];
  inject?: InjectionToken[];
}

/** The providers every event-sourced service module starts with: its schema name and its event store. */
export function eventSourcedProviders(options: EventSourcedProvidersOptions): Provider[] {
  const { service, schemaToken, topic, inlineProjections, inject = [] } = options;
  const schema: Provider = {
    provide: schemaToken,
    inject: [SERVICE_CONFIG],
    useFactory: (config: ServiceEnvironment) => serviceSchema(config, service),
  };
  if (topic === undefined) return [schema];
  const store: Provider = {
    provide: EventStore,
    inject: [SQL_DATABASE, schemaToken, ...inject],
    useFactory: (db: SqlDatabase, schemaName: string, ...injected: never[]) =>
      new PostgresEventStore(db, {
        schema: schemaName,
        topic,
        ...(inlineProjections ? { inlineProjections: inlineProjections(schemaName, ...injected) } : {}),
      }),
  };
  return [schema, store];
}
