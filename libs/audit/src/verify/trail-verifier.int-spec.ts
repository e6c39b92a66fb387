import { generateKeyPairSync, randomUUID } from 'node:crypto';
import pino from 'pino';
import { AccessRecordTypes, type EventEnvelope } from '@iam/contracts';
import { eventStoreMigrations, PgDatabase, runMigrations } from '@iam/event-store';
import { dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { auditMigrations } from '../audit.migrations';
import { keyIdOf } from '../digests/trail-digest';
import { TrailDigestWriter } from '../digests/trail-digest-writer';
import { AuditTrailProjection } from '../trail/audit-trail.projection';
import { chainedFields, trailHash } from '../trail/trail-hash';
import { verifyAccountTrail } from './trail-verifier';

/**
 * audit:verify's checks on a real trail in Postgres: a trail as the
 * projection wrote it (domain events and access records, digests signed)
 * verifies; then each kind of tampering done straight in the tables is named
 * at the record it touched.
 */
describe('trail verification against tampering in Postgres', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let schema: string;
  let projection: AuditTrailProjection;
  let digests: TrailDigestWriter;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKey);
  const publicKeys = new Map([[keyId, publicKey]]);
  const trail = () => `"${schema}".trail`;

  beforeAll(async () => {
    infra = await testInfrastructure();
    db = new PgDatabase(infra.databaseUrl);
    schema = `${infra.schemaPrefix}audit`;
    await runMigrations(db, schema, [...eventStoreMigrations, ...auditMigrations]);
    projection = new AuditTrailProjection(schema);
    digests = new TrailDigestWriter(db, schema, { privateKey, publicKey, keyId }, pino({ level: 'silent' }));
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  const domainEvent = (accountId: string, n: number): EventEnvelope => ({
    eventId: randomUUID(),
    type: 'iam.identity.UserCreated',
    schemaVersion: 1,
    streamId: `user-${n}`,
    streamVersion: 1,
    accountId,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
    actorArn: `arn:aws:iam::${accountId}:root`,
    correlationId: `req-${n}`,
    causationId: null,
    payload: { userName: `u${n}` },
  });

  const accessRecord = (accountId: string, n: number): EventEnvelope => ({
    ...domainEvent(accountId, n),
    type: AccessRecordTypes.apiCall,
    streamId: `access/req-${n}`,
    payload: {
      eventVersion: '1.08',
      eventTime: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      eventType: 'AwsApiCall',
      readOnly: false,
      userIdentity: {
        type: 'Root',
        arn: `arn:aws:iam::${accountId}:root`,
        accountId,
        accessKeyId: 'AKIAROOT000000000001',
      },
      sourceIPAddress: '127.0.0.1',
      userAgent: 'test',
      requestParameters: { userName: `u${n}` },
      responseElements: null,
      requestID: `req-${n}`,
      resources: [{ ARN: `arn:aws:iam::${accountId}:user/u${n}`, accountId, type: 'AWS::IAM::User' }],
      recipientAccountId: accountId,
    },
  });

  /** An account's trail of 6 records (domain events and access records alternating), signed after 4 and after 6. */
  async function signedTrail(): Promise<string> {
    const accountId = String(Math.floor(1e11 + Math.random() * 8e11));
    const events = [1, 2, 3, 4, 5, 6].map((n) =>
      n % 2 ? accessRecord(accountId, n) : domainEvent(accountId, n),
    );
    await db.transaction((tx) => projection.applyBatch(tx, events.slice(0, 4)));
    await digests.writeDigests();
    await db.transaction((tx) => projection.applyBatch(tx, events.slice(4)));
    await digests.writeDigests();
    return accountId;
  }

  const verify = (accountId: string) => verifyAccountTrail(db, { schema, accountId, publicKeys });

  it('verifies an untouched trail: records, links, lookup columns, resources and both digests', async () => {
    const accountId = await signedTrail();
    const report = await verify(accountId);
    expect(report).toMatchObject({ recordsChecked: 6, digestsChecked: 2, problems: [] });
    const { rows } = await db.query<{ kind: string; event_name: string | null }>(
      `SELECT kind, event_name FROM ${trail()} WHERE account_id = $1 ORDER BY sequence`,
      [accountId],
    );
    expect(rows.map((r) => r.kind)).toEqual(['access', 'event', 'access', 'event', 'access', 'event']);
    expect(rows[0].event_name).toBe('CreateUser');
  });

  it('names a record whose payload was changed', async () => {
    const accountId = await signedTrail();
    await db.query(
      `UPDATE ${trail()} SET payload = jsonb_set(payload, '{userName}', '"mallory"') WHERE account_id = $1 AND sequence = 4`,
      [accountId],
    );
    const report = await verify(accountId);
    expect(report.problems[0]).toMatchObject({ kind: 'changed', sequence: 4 });
    // Its stored hash was left as signed, so the digests still match it: the chain is what names it.
    expect(report.problems.some((p) => p.kind === 'digest')).toBe(false);
  });

  it('names a record that was removed', async () => {
    const accountId = await signedTrail();
    await db.query(`DELETE FROM ${trail()} WHERE account_id = $1 AND sequence = 3`, [accountId]);
    const report = await verify(accountId);
    expect(report.problems[0]).toMatchObject({ kind: 'removed', sequence: 3 });
  });

  it('names a record that was inserted (the records after it renumbered)', async () => {
    const accountId = await signedTrail();
    await db.transaction(async (tx) => {
      await tx.query(
        `UPDATE ${trail()} SET sequence = -sequence - 1 WHERE account_id = $1 AND sequence >= 3`,
        [accountId],
      );
      await tx.query(`UPDATE ${trail()} SET sequence = -sequence WHERE account_id = $1 AND sequence < 0`, [
        accountId,
      ]);
      await tx.query(
        `INSERT INTO ${trail()} (account_id, sequence, event_id, event_type, schema_version, stream_id, stream_version,
           actor_arn, correlation_id, occurred_at, payload, previous_hash, hash)
         SELECT account_id, 3, $2, event_type, schema_version, 'user-forged', 1, actor_arn, 'req-forged', occurred_at,
                '{"userName":"backdoor"}', previous_hash, repeat('f', 64)
           FROM ${trail()} WHERE account_id = $1 AND sequence = 4`,
        [accountId, randomUUID()],
      );
    });
    const report = await verify(accountId);
    expect(report.problems[0]).toMatchObject({ kind: 'inserted', sequence: 3 });
  });

  it('names a record whose lookup column or resource row says something its payload does not', async () => {
    const accountId = await signedTrail();
    await db.query(
      `UPDATE ${trail()} SET error_code = 'AccessDenied' WHERE account_id = $1 AND sequence = 5`,
      [accountId],
    );
    expect((await verify(accountId)).problems).toEqual([
      expect.objectContaining({ kind: 'lookup-columns', sequence: 5 }),
    ]);
    await db.query(`UPDATE ${trail()} SET error_code = NULL WHERE account_id = $1 AND sequence = 5`, [
      accountId,
    ]);
    // A resource row's copy of the event time moved: the record would sit elsewhere in a lookup by resource.
    await db.query(
      `UPDATE "${schema}".trail_resources SET occurred_at = occurred_at - interval '1 day'
        WHERE account_id = $1 AND sequence = 1`,
      [accountId],
    );
    expect((await verify(accountId)).problems).toEqual([
      expect.objectContaining({
        kind: 'lookup-columns',
        sequence: 1,
        detail: expect.stringContaining('event time'),
      }),
    ]);
    await db.query(`DELETE FROM "${schema}".trail_resources WHERE account_id = $1 AND sequence = 1`, [
      accountId,
    ]);
    expect((await verify(accountId)).problems).toEqual([
      expect.objectContaining({ kind: 'lookup-columns', sequence: 1 }),
    ]);
  });

  it('catches a chain rewritten with recomputed hashes by its signed digests', async () => {
    const accountId = await signedTrail();
    // Someone who knows the (unkeyed) hash rewrites record 2 and recomputes every hash after it.
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT * FROM ${trail()} WHERE account_id = $1 ORDER BY sequence`,
      [accountId],
    );
    let previous = String(rows[0].hash);
    for (const row of rows.slice(1)) {
      const payload = Number(row.sequence) === 2 ? { userName: 'rewritten' } : row.payload;
      const fields = chainedFields(
        {
          eventId: String(row.event_id),
          type: String(row.event_type),
          schemaVersion: Number(row.schema_version),
          streamId: String(row.stream_id),
          streamVersion: Number(row.stream_version),
          accountId,
          occurredAt: new Date(row.occurred_at as string).toISOString(),
          actorArn: String(row.actor_arn),
          correlationId: String(row.correlation_id),
          causationId: null,
          payload,
        },
        Number(row.sequence),
      );
      const hash = trailHash(previous, fields);
      await db.query(
        `UPDATE ${trail()} SET payload = $3, previous_hash = $4, hash = $5 WHERE account_id = $1 AND sequence = $2`,
        [accountId, row.sequence, JSON.stringify(payload), previous, hash],
      );
      previous = hash;
    }
    const report = await verify(accountId);
    expect(report.problems.filter((p) => p.kind !== 'digest')).toEqual([]);
    expect(report.problems[0]).toMatchObject({ kind: 'digest', sequence: 4 });
  });

  it('names a digest altered, signed by another key, or removed', async () => {
    const accountId = await signedTrail();
    await db.query(
      `UPDATE "${schema}".trail_digests SET chain_sequence = 3 WHERE account_id = $1 AND digest_sequence = 1`,
      [accountId],
    );
    expect((await verify(accountId)).problems[0]).toMatchObject({ kind: 'digest', sequence: 3 });
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(
      (await verifyAccountTrail(db, { schema, accountId, publicKeys: new Map([[keyIdOf(other), other]]) }))
        .problems.length,
    ).toBeGreaterThan(0);
    const fresh = await signedTrail();
    await db.query(`DELETE FROM "${schema}".trail_digests WHERE account_id = $1 AND digest_sequence = 1`, [
      fresh,
    ]);
    expect((await verify(fresh)).problems[0]).toMatchObject({ kind: 'digest', sequence: 6 });
  });

  it('verifies a trail pruned by retention from its signed checkpoint, and still names what is removed after it', async () => {
    const accountId = await signedTrail();
    // Records occurred at minutes 1…6; digests signed the heads at 4 and 6: the cutoff at minute 5 prunes 1…4.
    await digests.prune(new Date(Date.UTC(2026, 0, 1, 0, 5)));
    const { rows } = await db.query<{ sequence: string }>(
      `SELECT sequence FROM ${trail()} WHERE account_id = $1 ORDER BY sequence`,
      [accountId],
    );
    expect(rows.map((r) => Number(r.sequence))).toEqual([5, 6]);
    const report = await verify(accountId);
    expect(report).toMatchObject({
      recordsChecked: 2,
      digestsChecked: 1,
      prunedThrough: { sequence: 4 },
      problems: [],
    });
    await db.query(`DELETE FROM ${trail()} WHERE account_id = $1 AND sequence = 5`, [accountId]);
    expect((await verify(accountId)).problems[0]).toMatchObject({ kind: 'removed', sequence: 5 });
  });

  it('names records removed from the start of a trail no checkpoint covers', async () => {
    const accountId = await signedTrail();
    await db.query(`DELETE FROM ${trail()} WHERE account_id = $1 AND sequence <= 2`, [accountId]);
    expect((await verify(accountId)).problems[0]).toMatchObject({ kind: 'removed', sequence: 1 });
  });

  it('checks only the records of a time range, anchored at its first record', async () => {
    const accountId = await signedTrail();
    await db.query(`DELETE FROM ${trail()} WHERE account_id = $1 AND sequence = 1`, [accountId]);
    const report = await verifyAccountTrail(db, {
      schema,
      accountId,
      publicKeys,
      from: new Date(Date.UTC(2026, 0, 1, 0, 3)).toISOString(),
    });
    expect(report).toMatchObject({ recordsChecked: 4, firstSequence: 3, lastSequence: 6, problems: [] });
  });
});
