import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventMetadata } from '@iam/contracts';
import { dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { PostgresEventStore } from './event-store';
import { eventStoreMigrations } from './event-store.migrations';
import { runMigrations } from './migrations';
import { PgDatabase } from './pg-database';
import { applyOnce } from './processed-events';
import type { InlineProjection, Projection } from './projection';
import {
  assertProjectionVersion,
  ProjectionVersionMismatch,
  storedProjectionVersion,
  syncInlineProjections,
} from './projection-versions';
import type { Queryable } from './sql-database';

const meta: EventMetadata = {
  accountId: '123456789012',
  actorArn: 'arn:aws:iam::123456789012:root',
  correlationId: 'c-1',
};
type Counted = EventEnvelope<'test.Counted', { n: number }>;

describe('Projection versions and handled types (real Postgres)', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let schema: string;

  beforeAll(async () => {
    infra = await testInfrastructure();
    schema = `${infra.schemaPrefix}versions`;
    db = new PgDatabase(infra.databaseUrl);
    await runMigrations(db, schema, eventStoreMigrations);
    await db.query(`CREATE TABLE "${schema}".seen (event_id uuid PRIMARY KEY, value integer NOT NULL)`);
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  /** Version 1 records n, version 2 records n * 10: what a changed projection would write. */
  const counter = (version: number): InlineProjection<Counted> => ({
    name: 'counter',
    version,
    handles: ['test.Counted'],
    reset: async (tx: Queryable) => void (await tx.query(`DELETE FROM "${schema}".seen`)),
    apply: async (tx: Queryable, event: Counted) =>
      void (await tx.query(`INSERT INTO "${schema}".seen VALUES ($1, $2)`, [
        event.eventId,
        version === 1 ? event.payload.n : event.payload.n * 10,
      ])),
  });
  const values = async () =>
    (await db.query<{ value: number }>(`SELECT value FROM "${schema}".seen ORDER BY value`)).rows.map((r) =>
      Number(r.value),
    );

  it('runs an event only through the inline projections that handle its type', async () => {
    const store = new PostgresEventStore(db, {
      schema,
      topic: 'test.versions',
      inlineProjections: [counter(1)],
    });
    await store.append(
      `s-${randomUUID()}`,
      0,
      [{ type: 'test.Counted', schemaVersion: 1, payload: { n: 1 } }],
      meta,
    );
    // A type the projection does not handle never reaches it (its apply would insert a row with a null value).
    await store.append(`s-${randomUUID()}`, 0, [{ type: 'test.Other', schemaVersion: 1, payload: {} }], meta);
    expect(await values()).toEqual([1]);
  });

  it('rebuilds an inline projection at start when its recorded version is missing or differs, once', async () => {
    const v1 = new PostgresEventStore(db, {
      schema,
      topic: 'test.versions',
      inlineProjections: [counter(1)],
    });
    expect(await syncInlineProjections(v1)).toEqual(['counter']);
    expect(await storedProjectionVersion(db, schema, 'counter')).toBe(1);
    expect(await syncInlineProjections(v1)).toEqual([]);

    const v2 = new PostgresEventStore(db, {
      schema,
      topic: 'test.versions',
      inlineProjections: [counter(2)],
    });
    await v1.append(
      `s-${randomUUID()}`,
      0,
      [{ type: 'test.Counted', schemaVersion: 1, payload: { n: 2 } }],
      meta,
    );
    expect(await values()).toEqual([1, 2]);
    // Two replicas of the new version start together: one rebuilds, the other finds it done.
    const started = await Promise.all([syncInlineProjections(v2), syncInlineProjections(v2)]);
    expect(started.flat()).toEqual(['counter']);
    expect(await values()).toEqual([10, 20]);
    expect(await storedProjectionVersion(db, schema, 'counter')).toBe(2);
  });

  it('refuses a consumer projection built by another version, and says how to rebuild it', async () => {
    const consumer = (version: number, rebuildable = true): Projection => ({
      name: 'consumer',
      version,
      handles: ['test.Counted'],
      ...(rebuildable ? { reset: async () => undefined } : {}),
      apply: async () => undefined,
    });
    await assertProjectionVersion(db, schema, consumer(1));
    await assertProjectionVersion(db, schema, consumer(1));
    const refused = assertProjectionVersion(db, schema, consumer(2));
    await expect(refused).rejects.toBeInstanceOf(ProjectionVersionMismatch);
    await expect(refused).rejects.toThrow(
      /version 1, this code is version 2: rebuild it with `npm run rebuild -- /,
    );
    await expect(assertProjectionVersion(db, schema, consumer(2, false))).rejects.toThrow(/never rebuilt/);
    expect(await storedProjectionVersion(db, schema, 'consumer')).toBe(1);
  });

  it('applyOnce skips an event whose type the consumer projection does not handle', async () => {
    const applied: string[] = [];
    const projection: Projection = {
      name: 'picky',
      version: 1,
      handles: ['test.Counted'],
      apply: async (_tx, event) => void applied.push(event.type),
    };
    const envelope = (type: string): EventEnvelope => ({
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      streamId: 's',
      streamVersion: 1,
      ...meta,
      occurredAt: new Date().toISOString(),
      causationId: null,
      payload: { n: 1 },
    });
    expect(await applyOnce(db, schema, projection, envelope('test.Other'))).toBe(false);
    expect(await applyOnce(db, schema, projection, envelope('test.Counted'))).toBe(true);
    expect(applied).toEqual(['test.Counted']);
  });
});
