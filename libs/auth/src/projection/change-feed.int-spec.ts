import { PgDatabase } from '@iam/event-store';
import { dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { ChangeFeed, type FeedRow } from './change-feed';

interface Row extends FeedRow {
  id: string;
  value: string;
}

describe('ChangeFeed on real Postgres', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let table: string;

  beforeAll(async () => {
    infra = await testInfrastructure();
    const schema = `"${infra.schemaPrefix}feed"`;
    table = `${schema}.rows`;
    db = new PgDatabase(infra.databaseUrl);
    await db.exec(`CREATE SCHEMA ${schema};
      CREATE SEQUENCE ${schema}.seq;
      CREATE TABLE ${table} (id text PRIMARY KEY, value text NOT NULL,
        tx xid8 NOT NULL DEFAULT pg_current_xact_id(), seq bigint NOT NULL DEFAULT nextval('${schema}.seq'))`);
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  const upsert = (tx: { query: PgDatabase['query'] }, id: string, value: string) =>
    tx.query(
      `INSERT INTO ${table} (id, value) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value, tx = EXCLUDED.tx, seq = EXCLUDED.seq`,
      [id, value],
    );
  const ids = (rows: Row[]) => rows.map((r) => `${r.id}=${r.value}`);

  it('hands out a row committed late, below one already read, and each version once', async () => {
    const feed = new ChangeFeed<Row>(db, table);
    await upsert(db, 'a', '1');
    expect(ids(await feed.next())).toEqual(['a=1']);

    // A transaction takes its sequence number, then another commits a higher one first.
    let commitLate!: () => void;
    const late = db.transaction(async (tx) => {
      await upsert(tx, 'late', '1');
      await new Promise<void>((resolve) => (commitLate = resolve));
    });
    await new Promise((r) => setTimeout(r, 50));
    await upsert(db, 'b', '1');
    expect(ids(await feed.next())).toEqual(['b=1']);
    // Read again while the late one is still open: nothing new is handed out twice.
    expect(ids(await feed.next())).toEqual([]);

    commitLate();
    await late;
    expect(ids(await feed.next())).toEqual(['late=1']);
    expect(ids(await feed.next())).toEqual([]);

    await upsert(db, 'b', '2');
    expect(ids(await feed.next())).toEqual(['b=2']);
    expect(ids(await feed.next())).toEqual([]);
  });
});
