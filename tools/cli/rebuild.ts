/**
 * Drops an inline projection of a service and replays it from that
 * service's event store, in one transaction (readers see the old rows or
 * the new ones). Run: npm run rebuild -- <identity|policy> <projection>
 * with the service's DATABASE_URL (and IAM_SCHEMA_PREFIX if used).
 */
import { Topics } from '@iam/contracts';
import { PostgresEventStore, PgDatabase, type InlineProjection } from '@iam/event-store';
import { identityProjections } from '@iam/identity';
import { policyProjections } from '@iam/policy';

const services: Record<string, { topic: string; projections: (schema: string) => InlineProjection[] }> = {
  identity: { topic: Topics.identity, projections: identityProjections },
  policy: { topic: Topics.policy, projections: policyProjections },
};

async function main() {
  const [service, projection] = process.argv.slice(2);
  const definition = services[service ?? ''];
  const databaseUrl = process.env.DATABASE_URL;
  if (!definition || !databaseUrl) {
    console.error('usage: DATABASE_URL=postgres://… npm run rebuild -- <identity|policy> <projection>');
    process.exit(2);
  }
  const schema = `${process.env.IAM_SCHEMA_PREFIX ?? ''}${service}`;
  const db = new PgDatabase(databaseUrl);
  try {
    const store = new PostgresEventStore(db, { schema, topic: definition.topic, inlineProjections: definition.projections(schema) });
    if (!projection || !store.inlineProjectionNames.includes(projection)) {
      console.error(`projections of ${service}: ${store.inlineProjectionNames.join(', ')}`);
      process.exit(2);
    }
    const started = Date.now();
    const replayed = await store.rebuild(projection);
    console.log(`${service}.${projection}: rebuilt from ${replayed} events in ${Date.now() - started} ms`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
