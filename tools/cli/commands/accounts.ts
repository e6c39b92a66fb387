/**
 * `iam-admin accounts export <id> > file` writes an account's event streams
 * (identity's, policy's, sts's: everything the account's state is made of)
 * as JSON lines, each event as stored; `iam-admin accounts import < file`
 * restores them into a system that does not have the account: each event is
 * replayed through its service's event store with its id, stream position,
 * time and metadata, so the inline projections are rebuilt from it and the
 * outbox hands it to the other services and the audit trail as when it
 * first happened.
 *
 * The file holds what the events hold (sealed secrets among them): keep it
 * as you keep database backups. The restoring system needs the same
 * key-encryption keys (IAM_KEY_ENCRYPTION_KEYS) to open those secrets.
 */
import type { Command } from 'commander';
import { Topics, type EventEnvelope } from '@iam/contracts';
import {
  eventStoreMigrations,
  identifier,
  PostgresEventStore,
  runMigrations,
  type InlineProjection,
  type Migration,
  type SqlDatabase,
} from '@iam/event-store';
import { identityMigrations, identityProjections } from '@iam/identity';
import { policyMigrations, policyProjections } from '@iam/policy';
import { stsMigrations } from '@iam/sts';
import { schemaOf, UsageError, withDatabase, type AdminIo } from '../admin-context';

/** The services with event stores, in the order a restore replays them (identity's entities first). */
const stores: {
  service: 'identity' | 'policy' | 'sts';
  topic: string;
  migrations: Migration[];
  projections: (schema: string) => InlineProjection[];
}[] = [
  {
    service: 'identity',
    topic: Topics.identity,
    migrations: identityMigrations,
    projections: (s) => identityProjections(s),
  },
  { service: 'policy', topic: Topics.policy, migrations: policyMigrations, projections: policyProjections },
  { service: 'sts', topic: Topics.sts, migrations: stsMigrations, projections: () => [] },
];

const FORMAT = 'iam-account-export';
const VERSION = 1;

interface Header {
  format: typeof FORMAT;
  version: number;
  accountId: string;
  exportedAt: string;
  events: Record<string, number>;
}

interface Line {
  service: string;
  event: EventEnvelope;
}

function store(
  db: SqlDatabase,
  env: NodeJS.ProcessEnv,
  definition: (typeof stores)[number],
): PostgresEventStore {
  const schema = schemaOf(env, definition.service);
  return new PostgresEventStore(db, {
    schema,
    topic: definition.topic,
    inlineProjections: definition.projections(schema),
  });
}

/** The export: a header line, then one line per event, each store in its global order. */
export async function exportAccount(
  db: SqlDatabase,
  env: NodeJS.ProcessEnv,
  accountId: string,
): Promise<string> {
  const lines: Line[] = [];
  const counts: Record<string, number> = {};
  for (const definition of stores) {
    const events = store(db, env, definition);
    counts[definition.service] = 0;
    for (let after = 0; ;) {
      const page = await events.readAccountAsStored(accountId, after, 1000);
      if (page.events.length === 0) break;
      for (const event of page.events) lines.push({ service: definition.service, event });
      counts[definition.service] += page.events.length;
      after = page.lastPosition;
    }
  }
  if (lines.length === 0) throw new UsageError(`no events of account ${accountId}`);
  const header: Header = {
    format: FORMAT,
    version: VERSION,
    accountId,
    exportedAt: new Date().toISOString(),
    events: counts,
  };
  return [header, ...lines].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

/** Parses and checks an export: its header, one account throughout, known services. */
export function parseExport(text: string): { header: Header; events: Map<string, EventEnvelope[]> } {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const parse = (line: string, n: number): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new UsageError(`line ${n + 1} of the export is not JSON`);
    }
  };
  const header = lines.length > 0 ? (parse(lines[0], 0) as Header) : undefined;
  if (header?.format !== FORMAT || header.version !== VERSION || !/^\d{12}$/.test(String(header.accountId))) {
    throw new UsageError(`not an account export (version ${VERSION}): the first line must be its header`);
  }
  const events = new Map<string, EventEnvelope[]>(stores.map((s) => [s.service, []]));
  lines.slice(1).forEach((line, i) => {
    const { service, event } = parse(line, i + 1) as Line;
    const list = events.get(service);
    if (!list) throw new UsageError(`line ${i + 2}: unknown service ${String(service)}`);
    if (
      event?.accountId !== header.accountId ||
      typeof event.eventId !== 'string' ||
      typeof event.streamId !== 'string'
    ) {
      throw new UsageError(`line ${i + 2}: not an event of account ${header.accountId}`);
    }
    list.push(event);
  });
  for (const [service, list] of events) {
    if (list.length !== (header.events[service] ?? 0)) {
      throw new UsageError(
        `the export is incomplete: ${list.length} ${service} events of ${header.events[service]}`,
      );
    }
  }
  return { header, events };
}

/**
 * Restores an export: the services' schemas are migrated if they are not
 * yet; each store's events go in one transaction, and none if the account
 * has events there already.
 */
export async function importAccount(
  db: SqlDatabase,
  env: NodeJS.ProcessEnv,
  text: string,
): Promise<{ accountId: string; events: Record<string, number> }> {
  const { header, events } = parseExport(text);
  for (const definition of stores) {
    await runMigrations(db, schemaOf(env, definition.service), [
      ...eventStoreMigrations,
      ...definition.migrations,
    ]);
  }
  // Checked for every store before writing any: a restore is all or (as far as it can tell) nothing.
  for (const definition of stores) {
    const { rows } = await db.query(
      `SELECT 1 FROM ${identifier(schemaOf(env, definition.service))}.events WHERE account_id = $1 LIMIT 1`,
      [header.accountId],
    );
    if (rows.length > 0) {
      throw new UsageError(
        `account ${header.accountId} exists in ${definition.service} already: restore into a system without it`,
      );
    }
  }
  for (const definition of stores) {
    const list = events.get(definition.service) ?? [];
    if (list.length === 0) continue;
    const target = store(db, env, definition);
    await db.transaction((tx) => target.importWithin(tx, list));
  }
  return { accountId: header.accountId, events: header.events };
}

export function registerAccounts(program: Command, io: AdminIo): void {
  const accounts = program
    .command('accounts')
    .description("back up an account's event streams, or restore them");
  accounts
    .command('export')
    .description("write an account's events (identity, policy, sts) as JSON lines on standard output")
    .argument('<accountId>', 'the 12-digit account id')
    .option('--data-dir <dir>', 'standalone data directory (without DATABASE_URL)')
    .action(async (accountId: string, options: { dataDir?: string }) => {
      if (!/^\d{12}$/.test(accountId)) throw new UsageError(`account id must be 12 digits, not ${accountId}`);
      const text = await withDatabase(io, options.dataDir, ({ db }) => exportAccount(db, io.env, accountId));
      io.out(text);
    });
  accounts
    .command('import')
    .description('restore an export read from standard input into a system without that account')
    .option('--data-dir <dir>', 'standalone data directory (without DATABASE_URL)')
    .action(async (options: { dataDir?: string }) => {
      const text = await io.readStdin();
      const restored = await withDatabase(io, options.dataDir, ({ db }) => importAccount(db, io.env, text));
      const counts = Object.entries(restored.events)
        .map(([service, n]) => `${n} ${service}`)
        .join(', ');
      io.out(`account ${restored.accountId} restored: ${counts} events\n`);
    });
}
