/**
 * Rebuilds one projection of a service in one transaction (readers see the
 * old rows or the new ones) and records its version, so the service starts
 * again after a projection's version changed. Run:
 *   npm run rebuild -- <identity|policy|sts|audit> <projection>
 * with the DATABASE_URL the services share (and IAM_SCHEMA_PREFIX if used).
 *
 * An inline projection is replayed from its service's event store; a
 * consumer projection from the event stores of the services publishing the
 * topics it consumes (in the same database, one schema each), each store in
 * its order, upcast. The audit trail is never rebuilt: its rows are the record.
 */
import { AuthorizationProjection, CredentialsProjection } from '@iam/auth';
import { Topics, type EventEnvelope } from '@iam/contracts';
import {
  PgDatabase,
  PostgresEventStore,
  rebuildProjection,
  type InlineProjection,
  type SqlDatabase,
} from '@iam/event-store';
import { FindingsProjection, InventoryProjection } from '@iam/audit';
import { identityProjections } from '@iam/identity';
import { policyProjections, PrincipalsProjection } from '@iam/policy';
import { SignInProjection, StsMfaDevicesProjection } from '@iam/sts';

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

const prefix = process.env.IAM_SCHEMA_PREFIX ?? '';

/** Every event of the publishers' stores, upcast, one store after the other (each in its global order). */
async function* eventsOf(db: SqlDatabase, sources: Publisher[]): AsyncIterable<EventEnvelope> {
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

async function main() {
  const [service, name] = process.argv.slice(2);
  const definition = services[service ?? ''];
  const databaseUrl = process.env.DATABASE_URL;
  if (!definition || !databaseUrl) {
    console.error(
      `usage: DATABASE_URL=postgres://… npm run rebuild -- <${Object.keys(services).join('|')}> <projection>`,
    );
    process.exit(2);
  }
  const schema = `${prefix}${service}`;
  const db = new PgDatabase(databaseUrl);
  try {
    const store = definition.store
      ? new PostgresEventStore(db, {
          schema,
          topic: definition.store.topic,
          inlineProjections: definition.store.projections(schema),
        })
      : undefined;
    const names = [...(store?.inlineProjectionNames ?? []), ...Object.keys(definition.consumers)];
    if (name === 'audit_trail') {
      console.error('the audit trail is never rebuilt: its hash-chained rows are the record');
      process.exit(2);
    }
    if (!name || !names.includes(name)) {
      console.error(`projections of ${service}: ${names.join(', ')}`);
      process.exit(2);
    }
    const started = Date.now();
    const consumer = definition.consumers[name];
    const replayed =
      store && store.inlineProjectionNames.includes(name)
        ? await store.rebuild(name)
        : await rebuildProjection(
            db,
            schema,
            consumer.projection(schema, db),
            eventsOf(db, consumer.sources),
          );
    console.log(`${service}.${name}: rebuilt from ${replayed} events in ${Date.now() - started} ms`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
