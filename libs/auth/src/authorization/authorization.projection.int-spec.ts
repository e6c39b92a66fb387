import { randomUUID } from 'node:crypto';
import { IdentityEventTypes, PolicyEventTypes, type EventEnvelope } from '@iam/contracts';
import { PgDatabase, runMigrations, type Projection } from '@iam/event-store';
import { dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { authorizationMigrations } from './authorization.migrations';
import { AuthorizationProjection } from './authorization.projection';

const account = '111122223333';
const userId = 'AIDARACE0000000000001';
const arn = `arn:aws:iam::${account}:user/racer`;

function event(type: string, streamId: string, payload: Record<string, unknown>): EventEnvelope {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    streamId,
    streamVersion: 1,
    accountId: account,
    occurredAt: new Date().toISOString(),
    actorArn: `arn:aws:iam::${account}:root`,
    correlationId: randomUUID(),
    causationId: null,
    payload,
  };
}

describe('AuthorizationProjection on real Postgres', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let schema: string;

  beforeAll(async () => {
    infra = await testInfrastructure();
    schema = `${infra.schemaPrefix}authz`;
    db = new PgDatabase(infra.databaseUrl);
    await runMigrations(db, schema, authorizationMigrations);
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  it('loses no change when two transactions (two topics) meet on a principal it has not seen yet', async () => {
    const projection: Projection = new AuthorizationProjection(schema);
    const policyArn = `arn:aws:iam::${account}:policy/Deny`;
    // The policy topic's batch creates the row and holds its transaction open...
    let commitFirst!: () => void;
    const first = db.transaction(async (tx) => {
      await projection.apply(
        tx,
        event(PolicyEventTypes.UserPolicyAttached, `policy-x`, { userId, policyArn }),
      );
      await new Promise<void>((resolve) => (commitFirst = resolve));
    });
    await new Promise((r) => setTimeout(r, 50));
    // ...while the identity topic's batch applies the user's creation.
    const second = db.transaction((tx) =>
      projection.apply(
        tx,
        event(IdentityEventTypes.UserCreated, `user-${userId}`, {
          userId,
          userName: 'racer',
          arn,
          tags: [{ key: 'team', value: 'red' }],
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 50));
    commitFirst();
    await Promise.all([first, second]);

    const { rows } = await db.query<{ arn: string; attached: string[]; tags: unknown }>(
      `SELECT arn, attached, tags FROM "${schema}".authz_principals WHERE principal_key = $1`,
      [`user:${userId}`],
    );
    expect(rows).toEqual([{ arn, attached: [policyArn], tags: [{ key: 'team', value: 'red' }] }]);
  });

  it('takes the boundary a user was created with, unless a boundary event (from the other topic) came first', async () => {
    const projection: Projection = new AuthorizationProjection(schema);
    const boundary = `arn:aws:iam::${account}:policy/Boundary`;
    const created = (id: string) =>
      event(IdentityEventTypes.UserCreated, `user-${id}`, {
        userId: id,
        userName: id,
        arn: `arn:aws:iam::${account}:user/${id}`,
        tags: [],
        permissionsBoundary: boundary,
      });
    const boundaryOf = async (id: string) => {
      const { rows } = await db.query<{ boundary: string | null }>(
        `SELECT boundary FROM "${schema}".authz_principals WHERE principal_key = $1`,
        [`user:${id}`],
      );
      return rows[0].boundary;
    };
    // In order: created bounded, then the boundary is deleted.
    await db.transaction((tx) => projection.apply(tx, created('AIDABOUND00000000001')));
    expect(await boundaryOf('AIDABOUND00000000001')).toBe(boundary);
    await db.transaction((tx) =>
      projection.apply(
        tx,
        event(PolicyEventTypes.UserPermissionsBoundaryDeleted, 'p', {
          userId: 'AIDABOUND00000000001',
          policyArn: boundary,
        }),
      ),
    );
    expect(await boundaryOf('AIDABOUND00000000001')).toBeNull();
    // Out of order: the deletion is consumed before the creation; the creation must not bring the boundary back.
    await db.transaction((tx) =>
      projection.apply(
        tx,
        event(PolicyEventTypes.UserPermissionsBoundaryDeleted, 'p', {
          userId: 'AIDABOUND00000000002',
          policyArn: boundary,
        }),
      ),
    );
    await db.transaction((tx) => projection.apply(tx, created('AIDABOUND00000000002')));
    expect(await boundaryOf('AIDABOUND00000000002')).toBeNull();
  });
});
