import type { KeyObject } from 'node:crypto';
import { identifier, type Queryable } from '@iam/event-store';
import { digestSignatureValid, type TrailDigest } from '../digests/trail-digest';
import { GENESIS_HASH, trailHash, TRAIL_HASH_VERSION, type ChainedFields } from '../trail/trail-hash';
import { lookupColumns, type LookupColumns } from '../trail/trail-lookup-columns';

export interface VerifyOptions {
  schema: string;
  accountId: string;
  /** Only records that occurred in [from, to] (ISO-8601); their chain is checked from the first one's link. */
  from?: string;
  to?: string;
  /** Trusted public keys by key id (keyIdOf); a digest signed by another key is a problem. */
  publicKeys: Map<string, KeyObject>;
}

export type ProblemKind = 'changed' | 'removed' | 'inserted' | 'lookup-columns' | 'digest';

export interface Problem {
  kind: ProblemKind;
  /** The record (chain sequence) named; for a digest, the chain sequence it signs. */
  sequence: number;
  detail: string;
}

export interface VerifyReport {
  accountId: string;
  recordsChecked: number;
  digestsChecked: number;
  firstSequence: number | null;
  lastSequence: number | null;
  /** Retention pruned the trail up to this signed head (the checkpoint it verifies from). */
  prunedThrough?: { sequence: number; digestTime: string };
  /** In chain order; the first names the first record changed, removed or inserted. */
  problems: Problem[];
}

interface TrailRow {
  sequence: number;
  previousHash: string;
  hash: string;
  hashVersion: number;
  fields: ChainedFields;
  columns: Omit<LookupColumns, 'resources'>;
}

const PAGE = 1000;

const RANK: Record<ProblemKind, number> = {
  inserted: 0,
  removed: 0,
  changed: 0,
  digest: 1,
  'lookup-columns': 2,
};

/**
 * Checks an account's trail from the trail alone plus trusted public keys:
 * every record's hash, every link, every lookup column and resource row
 * against the payload the hash covers, and every digest's signature, its
 * chain of signatures and the chain head it signs. Names the first record
 * changed (its hash no longer matches), removed (a gap in the sequence, or
 * a link to a record that is not there) or inserted (a record whose
 * successor links past it).
 */
export async function verifyAccountTrail(db: Queryable, options: VerifyOptions): Promise<VerifyReport> {
  const schema = identifier(options.schema);
  const problems: Problem[] = [];
  const digests = await readDigests(db, schema, options.accountId);
  const checkpoint = options.from ? undefined : await prunedAt(db, schema, options.accountId, digests[0]);
  const range = await sequenceRange(db, schema, options, checkpoint);
  const report: VerifyReport = {
    accountId: options.accountId,
    recordsChecked: 0,
    digestsChecked: 0,
    firstSequence: range?.first ?? null,
    lastSequence: range?.last ?? null,
    problems,
    ...(checkpoint
      ? { prunedThrough: { sequence: checkpoint.chainSequence, digestTime: checkpoint.digestTime } }
      : {}),
  };
  // Hash of each record as the chain computes it, for the digests' check.
  const hashes = new Map<number, string>();
  if (range) {
    const anchor = checkpoint ? checkpoint.chainHash : range.first === 1 ? GENESIS_HASH : undefined;
    const chain = new ChainWalk(anchor, range.first, problems);
    for (let after = range.first - 1; after < range.last;) {
      const rows = await readRows(db, schema, options.accountId, after, range.last);
      if (rows.length === 0) break;
      const resources = await readResources(
        db,
        schema,
        options.accountId,
        after,
        rows[rows.length - 1].sequence,
      );
      for (const row of rows) {
        report.recordsChecked++;
        chain.next(row);
        const columnProblem = compareColumns(row, resources.get(row.sequence) ?? []);
        if (columnProblem)
          problems.push({ kind: 'lookup-columns', sequence: row.sequence, detail: columnProblem });
        hashes.set(row.sequence, row.hash);
        after = row.sequence;
      }
    }
    chain.end();
  }
  report.digestsChecked = checkDigests(digests, checkpoint, options, hashes, range, problems);
  // By record; at one record, what happened to it (changed, removed, inserted) before what follows from it.
  problems.sort((a, b) => a.sequence - b.sequence || RANK[a.kind] - RANK[b.kind]);
  return report;
}

/**
 * The signed checkpoint a pruned trail starts from (retention): the
 * account's earliest remaining digest, when no record at or before the head
 * it signs is left.
 */
async function prunedAt(
  db: Queryable,
  schema: string,
  accountId: string,
  earliest: TrailDigest | undefined,
): Promise<TrailDigest | undefined> {
  if (!earliest) return undefined;
  const { rows } = await db.query<{ first: string | null }>(
    `SELECT min(sequence) AS first FROM ${schema}.trail WHERE account_id = $1`,
    [accountId],
  );
  const first = rows[0]?.first === null || rows[0]?.first === undefined ? null : Number(rows[0].first);
  if (first === 1) return undefined;
  // Records missing right after the checkpoint are named by the chain walk, from the checkpoint on.
  return first === null || first > earliest.chainSequence ? earliest : undefined;
}

async function sequenceRange(
  db: Queryable,
  schema: string,
  options: VerifyOptions,
  checkpoint: TrailDigest | undefined,
): Promise<{ first: number; last: number } | undefined> {
  const { rows } = await db.query<{ first: string | null; last: string | null }>(
    `SELECT min(sequence) AS first, max(sequence) AS last FROM ${schema}.trail
      WHERE account_id = $1 AND ($2::timestamptz IS NULL OR occurred_at >= $2)
        AND ($3::timestamptz IS NULL OR occurred_at <= $3)`,
    [options.accountId, options.from ?? null, options.to ?? null],
  );
  const first = rows[0]?.first;
  const last = rows[0]?.last;
  if (first === null || first === undefined || last === null || last === undefined) return undefined;
  // Without a time range the chain is checked from its start: a removed first record is a gap too.
  const start = options.from ? Number(first) : checkpoint ? checkpoint.chainSequence + 1 : 1;
  return { first: start, last: Number(last) };
}

async function readRows(
  db: Queryable,
  schema: string,
  accountId: string,
  after: number,
  upTo: number,
): Promise<TrailRow[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT * FROM ${schema}.trail WHERE account_id = $1 AND sequence > $2 AND sequence <= $3
      ORDER BY sequence LIMIT ${PAGE}`,
    [accountId, after, upTo],
  );
  return rows.map((row) => {
    const sequence = Number(row.sequence);
    return {
      sequence,
      previousHash: String(row.previous_hash),
      hash: String(row.hash),
      hashVersion: Number(row.hash_version),
      fields: {
        accountId: String(row.account_id),
        sequence,
        eventId: String(row.event_id),
        eventType: String(row.event_type),
        schemaVersion: Number(row.schema_version),
        streamId: String(row.stream_id),
        streamVersion: Number(row.stream_version),
        actorArn: String(row.actor_arn),
        correlationId: String(row.correlation_id),
        causationId: row.causation_id === null ? null : String(row.causation_id),
        occurredAt: new Date(row.occurred_at as string).toISOString(),
        payload: row.payload,
      },
      columns: {
        kind: row.kind as LookupColumns['kind'],
        eventName: (row.event_name as string | null) ?? null,
        eventSource: (row.event_source as string | null) ?? null,
        principalArn: (row.principal_arn as string | null) ?? null,
        userName: (row.user_name as string | null) ?? null,
        accessKeyId: (row.access_key_id as string | null) ?? null,
        readOnly: (row.read_only as boolean | null) ?? null,
        errorCode: (row.error_code as string | null) ?? null,
      },
    };
  });
}

/** A record's row in trail_resources: a resource its payload names, and the record's event time (the lookup's order). */
interface ResourceRow {
  arn: string;
  type: string | null;
  occurredAt: string;
}

async function readResources(
  db: Queryable,
  schema: string,
  accountId: string,
  after: number,
  upTo: number,
): Promise<Map<number, ResourceRow[]>> {
  const { rows } = await db.query<{
    sequence: string;
    resource_arn: string;
    resource_type: string | null;
    occurred_at: string | Date;
  }>(
    `SELECT sequence, resource_arn, resource_type, occurred_at FROM ${schema}.trail_resources
      WHERE account_id = $1 AND sequence > $2 AND sequence <= $3 ORDER BY sequence, resource_arn`,
    [accountId, after, upTo],
  );
  const bySequence = new Map<number, ResourceRow[]>();
  for (const row of rows) {
    const list = bySequence.get(Number(row.sequence)) ?? [];
    list.push({
      arn: row.resource_arn,
      type: row.resource_type,
      occurredAt: new Date(row.occurred_at).toISOString(),
    });
    bySequence.set(Number(row.sequence), list);
  }
  return bySequence;
}

/** The first lookup column (or resource row) that does not say what the payload says, or undefined. */
function compareColumns(row: TrailRow, resources: ResourceRow[]): string | undefined {
  const { resources: expectedResources, ...expected } = lookupColumns({
    type: row.fields.eventType,
    payload: row.fields.payload,
  });
  for (const [name, value] of Object.entries(expected) as [keyof typeof expected, unknown][]) {
    if (row.columns[name] !== value)
      return `record ${row.sequence}: column ${name} is ${JSON.stringify(row.columns[name])} but its payload says ${JSON.stringify(value)}`;
  }
  const want = expectedResources
    .map((r) => `${r.arn}\n${r.type}`)
    .sort()
    .join('\n\n');
  const have = resources
    .map((r) => `${r.arn}\n${r.type}`)
    .sort()
    .join('\n\n');
  if (want !== have)
    return `record ${row.sequence}: its trail_resources rows do not match its payload's resources`;
  // The lookup by resource orders by the resource rows' copy of the event time: a changed copy moves the record.
  const moved = resources.find((r) => r.occurredAt !== row.fields.occurredAt);
  if (moved)
    return `record ${row.sequence}: its trail_resources row for ${moved.arn} has event time ${moved.occurredAt} but the record ${row.fields.occurredAt}`;
  return undefined;
}

async function readDigests(db: Queryable, schema: string, accountId: string): Promise<TrailDigest[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT * FROM ${schema}.trail_digests WHERE account_id = $1 ORDER BY digest_sequence`,
    [accountId],
  );
  return rows.map((row) => ({
    accountId: String(row.account_id),
    digestSequence: Number(row.digest_sequence),
    chainSequence: Number(row.chain_sequence),
    chainHash: String(row.chain_hash),
    digestTime: new Date(row.digest_time as string).toISOString(),
    previousSignature: row.previous_signature === null ? null : String(row.previous_signature),
    keyId: String(row.key_id),
    signature: String(row.signature),
  }));
}

function checkDigests(
  digests: TrailDigest[],
  checkpoint: TrailDigest | undefined,
  options: VerifyOptions,
  hashes: Map<number, string>,
  range: { first: number; last: number } | undefined,
  problems: Problem[],
): number {
  let previousSignature: string | null = null;
  let checked = 0;
  let expectedSequence = 1;
  for (const digest of digests) {
    if (digest === checkpoint) {
      // The pruned trail's anchor: what came before it is gone on purpose; its signature is still checked.
      expectedSequence = digest.digestSequence;
      previousSignature = digest.previousSignature;
    }
    const inRange = !range || (digest.chainSequence >= range.first && digest.chainSequence <= range.last);
    const key = options.publicKeys.get(digest.keyId);
    const fail = (detail: string) =>
      problems.push({
        kind: 'digest',
        sequence: digest.chainSequence,
        detail: `digest ${digest.digestSequence}: ${detail}`,
      });
    if (digest.digestSequence !== expectedSequence)
      fail(`digests ${expectedSequence}…${digest.digestSequence - 1} are missing`);
    if (!key) fail(`signed by key ${digest.keyId}, which is not a trusted key`);
    else if (!digestSignatureValid(key, digest))
      fail('its signature does not verify (the digest was altered)');
    if (digest.previousSignature !== previousSignature && digest.digestSequence === expectedSequence)
      fail('it does not link to the signature of the digest before it');
    if (inRange && digest !== checkpoint) {
      checked++;
      const hash = hashes.get(digest.chainSequence);
      if (hash === undefined)
        fail(`it signs record ${digest.chainSequence}, which is not in the trail (removed)`);
      else if (hash !== digest.chainHash)
        fail(
          `the trail's record ${digest.chainSequence} is not the one signed: a record at or before it was changed, removed or inserted since`,
        );
    }
    previousSignature = digest.signature;
    expectedSequence = digest.digestSequence + 1;
  }
  return checked;
}

/** How far a record may have moved (records removed or inserted before it) and still be recognised. */
const MAX_SHIFT = 16;

/**
 * Walks the chain in sequence order. A record whose hash fails is held
 * (`suspect`) until the next one tells what happened to it: the next links
 * past it (it was inserted) or to it (it was changed). A record that hashes
 * only under another sequence number was renumbered: records were removed
 * (it moved down) or inserted (it moved up) before it; the walk then goes on
 * with that shift, naming the problem once.
 */
class ChainWalk {
  private expected: number;
  private shift = 0;
  private suspect: TrailRow | undefined;

  constructor(
    private previous: string | undefined,
    first: number,
    private readonly problems: Problem[],
  ) {
    this.expected = first;
  }

  next(row: TrailRow): void {
    if (this.previous === undefined) this.previous = row.previousHash; // a time range's first record anchors it
    if (row.sequence > this.expected) {
      this.settleSuspect('changed');
      this.problem(
        'removed',
        this.expected,
        `records ${this.expected}…${row.sequence - 1} are missing (the next present is ${row.sequence})`,
      );
      this.previous = row.previousHash;
    }
    this.expected = row.sequence + 1;
    const linked = row.previousHash === this.previous;
    const moved = this.hashesAt(row);
    if (this.suspect) {
      const suspect = this.suspect;
      this.suspect = undefined;
      if (linked) {
        this.problem(
          'inserted',
          suspect.sequence,
          `record ${suspect.sequence} is not part of the chain: record ${row.sequence} links to the record before it`,
        );
      } else {
        this.problem(
          'changed',
          suspect.sequence,
          `record ${suspect.sequence} does not hash to what the chain says`,
        );
        this.previous = suspect.hash;
      }
    }
    if (moved === undefined) {
      this.suspect = row;
      return;
    }
    if (moved !== this.shift) {
      const by = Math.abs(moved - this.shift);
      if (moved > this.shift) {
        this.problem(
          'removed',
          row.sequence,
          `${by} record(s) were removed before record ${row.sequence} and the records after renumbered`,
        );
      } else if (this.problems.at(-1)?.kind !== 'inserted') {
        this.problem(
          'inserted',
          row.sequence - by,
          `${by} record(s) were inserted before record ${row.sequence} (it was record ${row.sequence + moved})`,
        );
      }
      this.shift = moved;
    } else if (row.previousHash !== this.previous && linked === false && this.previous !== undefined) {
      this.problem(
        'removed',
        row.sequence,
        `record ${row.sequence} links to a record that is not the one before it: a record was removed or rewritten before it`,
      );
    }
    this.previous = row.hash;
  }

  end(): void {
    this.settleSuspect('changed');
  }

  /** The shift under which the record's hash verifies (0 if not renumbered), or undefined. */
  private hashesAt(row: TrailRow): number | undefined {
    if (row.hashVersion !== TRAIL_HASH_VERSION) return this.shift;
    const at = (shift: number) =>
      row.sequence + shift > 0 &&
      trailHash(row.previousHash, { ...row.fields, sequence: row.sequence + shift }) === row.hash;
    if (at(this.shift)) return this.shift;
    for (let distance = 1; distance <= MAX_SHIFT; distance++) {
      if (at(this.shift + distance)) return this.shift + distance;
      if (at(this.shift - distance)) return this.shift - distance;
    }
    return undefined;
  }

  private settleSuspect(kind: ProblemKind): void {
    if (!this.suspect) return;
    this.problem(
      kind,
      this.suspect.sequence,
      `record ${this.suspect.sequence} does not hash to what the chain says`,
    );
    this.previous = this.suspect.hash;
    this.suspect = undefined;
  }

  private problem(kind: ProblemKind, sequence: number, detail: string): void {
    this.problems.push({ kind, sequence, detail });
  }
}
