/**
 * `iam-admin accounts export <id> > file` writes an account's event streams
 * (identity's, policy's, sts's, audit's: everything the account's state is
 * made of) and its audit trail as JSON lines, each as stored; `iam-admin accounts import < file`
 * restores them into a system that does not have the account: each event is
 * replayed through its service's event store with its id, stream position,
 * time and metadata, so the inline projections are rebuilt from it and the
 * outbox hands it to the other services as when it first happened. The
 * trail is restored as it was, before the events: its records (access
 * records included) keep their hashes and signed digests, so the restored
 * account passes `iam-admin audit verify`, and audit does not chain the
 * replayed events a second time.
 *
 * Events name their secrets by id only; the sealed secrets they name
 * (identity's `sealed_secrets` rows: access key secrets, password hashes,
 * MFA seeds) travel in the file beside them, still sealed: keep it as you
 * keep database backups. The restoring system needs the same key-encryption
 * keys (IAM_KEY_ENCRYPTION_KEYS) to open those secrets.
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
import { auditMigrations, FindingsProjection, reportsMigrations } from '@iam/audit';
import { identityMigrations, identityProjections } from '@iam/identity';
import { policyMigrations, policyProjections } from '@iam/policy';
import { stsMigrations } from '@iam/sts';
import { schemaOf, UsageError, withDatabase, type AdminIo } from '../admin-context';
import {
  exportTrail,
  hasTrail,
  importTrail,
  TRAIL_TABLES,
  type TrailRow,
  type TrailTable,
} from './account-trail';

/** The services with event stores, in the order a restore replays them (identity's entities first). */
const stores: {
  service: 'identity' | 'policy' | 'sts' | 'audit';
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
  {
    service: 'audit',
    topic: Topics.audit,
    migrations: [...auditMigrations, ...reportsMigrations],
    projections: (s) => [new FindingsProjection(s)],
  },
];

const FORMAT = 'iam-account-export';
/** 2: sealed secrets travel as lines of their own (events hold only their ids). 3: audit's events and trail. */
const VERSION = 3;

/** Payload members of identity's events that name a sealed secret (schema version 2 on). */
const SECRET_REFERENCES = ['secretId', 'passwordHashId', 'seedId'] as const;

/** A row of identity's `sealed_secrets`, as exported: sealed under the exporting system's keys. */
interface SealedSecretRow {
  secret_id: string;
  kind: string;
  associated_data: string;
  key_id: string;
  sealed: string;
  created_at: string;
}

interface Header {
  format: typeof FORMAT;
  version: number;
  accountId: string;
  exportedAt: string;
  events: Record<string, number>;
  secrets: number;
  /** Rows of each of the audit trail's tables. */
  trail: Record<TrailTable, number>;
}

type Line =
  | { service: string; event: EventEnvelope }
  | { service: 'identity'; sealedSecret: SealedSecretRow }
  | { service: 'audit'; table: TrailTable; row: TrailRow };

/** The ids of the sealed secrets an account's identity events name. */
function secretIdsOf(events: EventEnvelope[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    const payload = event.payload as Record<string, unknown>;
    for (const member of SECRET_REFERENCES) if (typeof payload[member] === 'string') ids.add(payload[member]);
  }
  return [...ids];
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
  const identityEvents = lines.flatMap((line) =>
    'event' in line && line.service === 'identity' ? [line.event] : [],
  );
  const { rows: secrets } = await db.query<SealedSecretRow>(
    `SELECT secret_id, kind, associated_data, key_id, sealed, created_at::text AS created_at
       FROM ${identifier(schemaOf(env, 'identity'))}.sealed_secrets
      WHERE secret_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY secret_id`,
    [JSON.stringify(secretIdsOf(identityEvents))],
  );
  for (const sealedSecret of secrets) lines.push({ service: 'identity', sealedSecret });
  const trail = await exportTrail(db, schemaOf(env, 'audit'), accountId);
  for (const { table, row } of trail) lines.push({ service: 'audit', table, row });
  const header: Header = {
    format: FORMAT,
    version: VERSION,
    accountId,
    exportedAt: new Date().toISOString(),
    events: counts,
    secrets: secrets.length,
    trail: trailCounts(trail),
  };
  return [header, ...lines].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

function trailCounts(rows: { table: TrailTable }[]): Record<TrailTable, number> {
  const counts = Object.fromEntries(TRAIL_TABLES.map(({ table }) => [table, 0])) as Record<
    TrailTable,
    number
  >;
  for (const { table } of rows) counts[table] += 1;
  return counts;
}

/** Parses and checks an export: its header, one account throughout, known services. */
export function parseExport(text: string): {
  header: Header;
  events: Map<string, EventEnvelope[]>;
  secrets: SealedSecretRow[];
  trail: { table: TrailTable; row: TrailRow }[];
} {
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
  const secrets: SealedSecretRow[] = [];
  const trail: { table: TrailTable; row: TrailRow }[] = [];
  const trailTables = new Set<string>(TRAIL_TABLES.map(({ table }) => table));
  lines.slice(1).forEach((line, i) => {
    const parsed = parse(line, i + 1) as Line;
    if ('table' in parsed) {
      const { table, row } = parsed;
      if (!trailTables.has(table) || row?.account_id !== header.accountId) {
        throw new UsageError(`line ${i + 2}: not a trail row of account ${header.accountId}`);
      }
      trail.push({ table, row });
      return;
    }
    if ('sealedSecret' in parsed) {
      const row = parsed.sealedSecret;
      if (
        typeof row?.secret_id !== 'string' ||
        typeof row.sealed !== 'string' ||
        typeof row.kind !== 'string'
      ) {
        throw new UsageError(`line ${i + 2}: not a sealed secret`);
      }
      secrets.push(row);
      return;
    }
    const { service, event } = parsed;
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
  if (secrets.length !== header.secrets) {
    throw new UsageError(`the export is incomplete: ${secrets.length} sealed secrets of ${header.secrets}`);
  }
  const counted = trailCounts(trail);
  for (const { table } of TRAIL_TABLES) {
    if (counted[table] !== (header.trail?.[table] ?? 0)) {
      throw new UsageError(
        `the export is incomplete: ${counted[table]} ${table} rows of ${header.trail?.[table]}`,
      );
    }
  }
  return { header, events, secrets, trail };
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
  const { header, events, secrets, trail } = parseExport(text);
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
  const auditSchema = schemaOf(env, 'audit');
  if (await hasTrail(db, auditSchema, header.accountId)) {
    throw new UsageError(
      `account ${header.accountId} has an audit trail already: restore into a system without it`,
    );
  }
  // The trail before the events: audit recognises the replayed events as chained already.
  if (trail.length > 0) {
    await db.transaction((tx) => importTrail(tx, auditSchema, header.accountId, trail));
  }
  for (const definition of stores) {
    const list = events.get(definition.service) ?? [];
    if (list.length === 0) continue;
    const target = store(db, env, definition);
    await db.transaction(async (tx) => {
      // The secrets first, in the events' transaction: no restored key or password without its secret.
      if (definition.service === 'identity' && secrets.length > 0) {
        await tx.query(
          `INSERT INTO ${identifier(schemaOf(env, 'identity'))}.sealed_secrets
             (secret_id, kind, associated_data, key_id, sealed, created_at)
           SELECT s.secret_id, s.kind, s.associated_data, s.key_id, s.sealed, s.created_at
             FROM jsonb_to_recordset($1::jsonb) AS s(secret_id text, kind text, associated_data text,
                  key_id text, sealed text, created_at timestamptz)
           ON CONFLICT (secret_id) DO NOTHING`,
          [JSON.stringify(secrets)],
        );
      }
      await target.importWithin(tx, list);
    });
  }
  return { accountId: header.accountId, events: header.events };
}

export function registerAccounts(program: Command, io: AdminIo): void {
  const accounts = program
    .command('accounts')
    .description("back up an account's event streams, or restore them");
  accounts
    .command('export')
    .description(
      "write an account's events (identity, policy, sts, audit) and audit trail as JSON lines on standard output",
    )
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
