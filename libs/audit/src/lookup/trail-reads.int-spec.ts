import type { EventEnvelope } from '@iam/contracts';
import { eventStoreMigrations, PgDatabase, runMigrations } from '@iam/event-store';
import { accessRecordEnvelope, dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { auditMigrations } from '../audit.migrations';
import { AuditTrailProjection } from '../trail/audit-trail.projection';
import type { TrailFilter } from './trail-filter';
import { TrailReads } from './trail-reads';

/**
 * LookupEvents by resource ARN on real Postgres: read from the resource rows'
 * copy of the event time (migrations 121, 122), newest first across pages,
 * with the other filters, and the same after migration 121's backfill of
 * rows written before it.
 */
describe('LookupEvents by resource ARN (trail_resources by event time)', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let schema: string;
  let reads: TrailReads;
  const account = '123456789012';
  const other = '210987654321';
  const ops = `arn:aws:iam::${account}:role/Ops`;
  const base = Date.UTC(2026, 5, 1);
  /** Every record of the account, as applied (position in the chain = index + 1). */
  const records: EventEnvelope[] = [];

  beforeAll(async () => {
    infra = await testInfrastructure();
    db = new PgDatabase(infra.databaseUrl);
    schema = `${infra.schemaPrefix}audit`;
    await runMigrations(db, schema, [...eventStoreMigrations, ...auditMigrations]);
    reads = new TrailReads(db, schema);
    const projection = new AuditTrailProjection(schema);
    // 40 records, arriving out of event-time order, three at a time sharing one time (ties: by position);
    // two in three name Ops, beside another resource; every fourth is bob's.
    for (let n = 0; n < 40; n++) {
      const minute = (n * 17) % 40;
      records.push(
        accessRecordEnvelope({
          accountId: account,
          eventName: n % 2 === 0 ? 'AssumeRole' : 'GetRole',
          caller: { kind: 'user', userName: n % 4 === 0 ? 'bob' : 'alice' },
          resources: [
            ...(n % 3 !== 2 ? [{ ARN: ops, type: 'AWS::IAM::Role' }] : []),
            { ARN: `arn:aws:iam::${account}:user/u${n}`, type: 'AWS::IAM::User' },
          ],
          eventTime: new Date(base + Math.floor(minute / 3) * 60_000),
        }),
      );
    }
    await db.transaction((tx) => projection.applyBatch(tx, records.slice(0, 25)));
    await db.transaction((tx) => projection.applyBatch(tx, records.slice(25)));
    // The same ARN named in another account's trail: never in this account's lookup.
    await db.transaction((tx) =>
      projection.applyBatch(tx, [
        accessRecordEnvelope({ accountId: other, resources: [{ ARN: ops, type: 'AWS::IAM::Role' }] }),
      ]),
    );
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  /** What the filter should answer, from the records themselves: newest first, then last in the chain first. */
  const expected = (match: (record: EventEnvelope) => boolean) =>
    records
      .map((record, i) => ({ record, sequence: i + 1 }))
      .filter(({ record }) => match(record))
      .sort((a, b) => b.record.occurredAt.localeCompare(a.record.occurredAt) || b.sequence - a.sequence)
      .map(({ record }) => record.eventId);
  const names = (record: EventEnvelope, arn: string) =>
    ((record.payload as { resources: { ARN: string }[] }).resources ?? []).some((r) => r.ARN === arn);

  /** Every page of a lookup, markers followed; the event ids in order. */
  const everyPage = async (filter: TrailFilter, maxItems: number) => {
    const ids: string[] = [];
    const sizes: number[] = [];
    for (let marker: string | undefined; ;) {
      const page = await reads.lookup(account, filter, { maxItems, marker });
      ids.push(...page.items.map((item) => item.EventId));
      sizes.push(page.items.length);
      if (!page.isTruncated) return { ids, sizes };
      marker = page.marker;
    }
  };

  const checkLookups = async () => {
    const byOps = expected((r) => names(r, ops));
    expect(byOps).toHaveLength(27);
    const paged = await everyPage({ resourceArn: ops }, 4);
    expect(paged.ids).toEqual(byOps);
    expect(paged.sizes).toEqual([4, 4, 4, 4, 4, 4, 3]);
    // With the other filters: bob's, within a time range (inclusive start, exclusive end).
    const startTime = new Date(base + 1 * 60_000);
    const endTime = new Date(base + 11 * 60_000);
    const bobs = expected(
      (r) =>
        names(r, ops) &&
        (r.payload as { userIdentity: { userName?: string } }).userIdentity.userName === 'bob' &&
        r.occurredAt >= startTime.toISOString() &&
        r.occurredAt < endTime.toISOString(),
    );
    expect(bobs).toHaveLength(5);
    expect((await everyPage({ resourceArn: ops, userName: 'bob', startTime, endTime }, 2)).ids).toEqual(bobs);
    // With a resource type it does not have in the same record, nothing; with one it has, the same as the ARN alone.
    expect((await everyPage({ resourceArn: ops, resourceType: 'AWS::IAM::Group' }, 10)).ids).toEqual([]);
    expect((await everyPage({ resourceArn: ops, resourceType: 'AWS::IAM::User' }, 10)).ids).toEqual(byOps);
    const u7 = `arn:aws:iam::${account}:user/u7`;
    expect((await everyPage({ resourceArn: u7 }, 10)).ids).toEqual(expected((r) => names(r, u7)));
  };

  it('pages a resource newest first, ties by position, no record lost or repeated, with the other filters', () =>
    checkLookups());

  it('reads from the resource rows in event-time order: one index range', async () => {
    const { rows } = await db.query<{ same: number; n: number }>(
      `SELECT count(*) FILTER (WHERE r.occurred_at = t.occurred_at)::int AS same, count(*)::int AS n
         FROM "${schema}".trail_resources r JOIN "${schema}".trail t USING (account_id, sequence)
        WHERE r.account_id = $1`,
      [account],
    );
    expect(rows[0]).toEqual({ same: 27 + 40, n: 27 + 40 });
    // Seq scans off: on a table this small the planner would rather read it all; the point is the index's order.
    const plan = await db.transaction(async (tx) => {
      await tx.query(`SET LOCAL enable_seqscan = off`);
      const { rows: lines } = await tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT 1 FROM "${schema}".trail_resources r WHERE r.account_id = $1 AND r.resource_arn = $2
          ORDER BY r.occurred_at DESC, r.sequence DESC LIMIT 5`,
        [account, ops],
      );
      return lines.map((line) => line['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('trail_resources_by_arn_time');
    expect(plan).not.toContain('Sort');
  });

  it('fills the event time of resource rows written before migration 121 from their records (the backfill)', async () => {
    // The tables as migration 120 left them: resource rows without the event time, its index on the position.
    await db.exec(`
      DROP INDEX "${schema}".trail_resources_by_arn_time;
      ALTER TABLE "${schema}".trail_resources DROP COLUMN occurred_at;
      CREATE INDEX trail_resources_by_arn ON "${schema}".trail_resources (account_id, resource_arn, sequence DESC);
      DELETE FROM "${schema}".schema_migrations WHERE version IN (121, 122);
    `);
    expect(await runMigrations(db, schema, [...eventStoreMigrations, ...auditMigrations])).toEqual([
      121, 122,
    ]);
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${schema}".trail_resources r
         JOIN "${schema}".trail t USING (account_id, sequence) WHERE r.occurred_at = t.occurred_at`,
    );
    expect(rows[0].n).toBe(27 + 40 + 1);
    await checkLookups();
  });
});
