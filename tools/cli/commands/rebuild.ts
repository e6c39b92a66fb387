/**
 * `iam-admin rebuild <service> <projection>`: rebuilds one projection of a
 * service in one transaction (readers see the old rows or the new ones) and
 * records its version, so the service starts again after a projection's
 * version changed.
 *
 * An inline projection is replayed from its service's event store; a
 * consumer projection from the event stores of the services publishing the
 * topics it consumes (in the same database, one schema each), each store in
 * its order, upcast. The audit trail is never rebuilt: its rows are the record.
 */
import type { Command } from 'commander';
import { AuthorizationProjection, CredentialsProjection } from '@iam/auth';
import { Topics, type EventEnvelope } from '@iam/contracts';
import {
  PostgresEventStore,
  rebuildProjection,
  type InlineProjection,
  type SqlDatabase,
} from '@iam/event-store';
import { FindingsProjection, InventoryProjection } from '@iam/audit';
import { identityProjections } from '@iam/identity';
import { policyProjections, PrincipalDetailsProjection, PrincipalsProjection } from '@iam/policy';
import { SignInProjection, StsMfaDevicesProjection } from '@iam/sts';
import { UsageError, withDatabase, type AdminIo } from '../admin-context';

type Publisher = 'identity' | 'policy';

interface ConsumerProjection {
  projection: (schema: string, db: SqlDatabase) => InlineProjection;
  /** The services whose event stores hold the topics it consumes. */
  sources: Publisher[];
}

interface ServiceProjections {
  /** Its own event store's topic and inline projections, if it publishes. */
  store?: { topic: string; projections: (schema: string) => InlineProjection[] };
  consumers: Record<string, ConsumerProjection>;
}

const authorization: ConsumerProjection = {
  projection: (schema) => new AuthorizationProjection(schema),
  sources: ['identity', 'policy'],
};
const credentials: ConsumerProjection = {
  projection: (schema) => new CredentialsProjection(schema),
  sources: ['identity'],
};

const services: Record<string, ServiceProjections> = {
  identity: {
    store: { topic: Topics.identity, projections: identityProjections },
    consumers: { authorization },
  },
  policy: {
    store: { topic: Topics.policy, projections: policyProjections },
    consumers: {
      authorization,
      credentials,
      principals: {
        projection: (schema, db) =>
          new PrincipalsProjection(schema, new PostgresEventStore(db, { schema, topic: Topics.policy })),
        sources: ['identity'],
      },
      'principal-details': {
        projection: (schema) => new PrincipalDetailsProjection(schema),
        sources: ['identity'],
      },
    },
  },
  sts: {
    consumers: {
      authorization,
      credentials,
      'mfa-devices': { projection: (schema) => new StsMfaDevicesProjection(schema), sources: ['identity'] },
      'sign-in': { projection: (schema) => new SignInProjection(schema), sources: ['identity'] },
    },
  },
  audit: {
    store: { topic: Topics.audit, projections: (schema) => [new FindingsProjection(schema)] },
    consumers: {
      authorization,
      credentials,
      // report_usage is folded from the access records, which no event store keeps: not rebuilt here.
      report_inventory: {
        projection: (schema) => new InventoryProjection(schema),
        sources: ['identity', 'policy'],
      },
    },
  },
};

/** Every event of the publishers' stores, upcast, one store after the other (each in its global order). */
async function* eventsOf(
  db: SqlDatabase,
  prefix: string,
  sources: Publisher[],
): AsyncIterable<EventEnvelope> {
  for (const source of sources) {
    const store = new PostgresEventStore(db, { schema: `${prefix}${source}`, topic: Topics[source] });
    for (let after = 0; ;) {
      const page = await store.readAll(after, 1000);
      if (page.events.length === 0) break;
      yield* page.events;
      after = page.lastPosition;
    }
  }
}

/** The projections of a service by name: its store's inline ones, then those it consumes into. */
export function projectionsOf(prefix: string, service: string): string[] {
  const definition = services[service];
  const schema = `${prefix}${service}`;
  const inline = definition.store ? definition.store.projections(schema).map((p) => p.name) : [];
  return [...inline, ...Object.keys(definition.consumers)];
}

/** Rebuilds `name` of `service`; returns how many events it replayed. */
export async function rebuild(
  db: SqlDatabase,
  prefix: string,
  service: string,
  name: string,
): Promise<number> {
  const definition = services[service];
  if (!definition) throw new UsageError(`no service ${service}: one of ${Object.keys(services).join(', ')}`);
  if (name === 'audit_trail')
    throw new UsageError('the audit trail is never rebuilt: its hash-chained rows are the record');
  const schema = `${prefix}${service}`;
  const store = definition.store
    ? new PostgresEventStore(db, {
        schema,
        topic: definition.store.topic,
        inlineProjections: definition.store.projections(schema),
      })
    : undefined;
  const names = projectionsOf(prefix, service);
  if (!names.includes(name)) throw new UsageError(`projections of ${service}: ${names.join(', ')}`);
  if (store && store.inlineProjectionNames.includes(name)) return store.rebuild(name);
  const consumer = definition.consumers[name];
  return rebuildProjection(
    db,
    schema,
    consumer.projection(schema, db),
    eventsOf(db, prefix, consumer.sources),
  );
}

export function registerRebuild(program: Command, io: AdminIo): void {
  program
    .command('rebuild')
    .description('rebuild one projection of a service from the event stores, in one transaction')
    .argument('<service>', `the service: ${Object.keys(services).join(', ')}`)
    .argument('<projection>', 'the projection (run with a wrong name to list them)')
    .option('--data-dir <dir>', 'standalone data directory (without DATABASE_URL)')
    .action(async (service: string, projection: string, options: { dataDir?: string }) => {
      await withDatabase(io, options.dataDir, async ({ db }) => {
        const started = Date.now();
        const replayed = await rebuild(db, io.env.IAM_SCHEMA_PREFIX ?? '', service, projection);
        io.out(`${service}.${projection}: rebuilt from ${replayed} events in ${Date.now() - started} ms\n`);
      });
    });
}
