import { randomUUID } from 'node:crypto';
import {
  IdentityEventTypes,
  PolicyEventTypes,
  PolicySchemaVersion,
  Topics,
  type EventEnvelope,
} from '@iam/contracts';
import {
  PostgresEventStore,
  eventStoreMigrations,
  PgDatabase,
  runMigrations,
  type Projection,
} from '@iam/event-store';
import { dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { policyMigrations } from '../policy.migrations';
import { PolicyStreamIds } from '../shared/policy-names';
import { PrincipalsEntitySource } from './principals.entity-source';
import { PrincipalsProjection } from './principals.projection';

const account = '111122223333';
const boundary = `arn:aws:iam::${account}:policy/Boundary`;

function userCreated(userId: string): EventEnvelope {
  return {
    eventId: randomUUID(),
    type: IdentityEventTypes.UserCreated,
    schemaVersion: 1,
    streamId: `user-${userId}`,
    streamVersion: 1,
    accountId: account,
    occurredAt: new Date().toISOString(),
    actorArn: `arn:aws:iam::${account}:root`,
    correlationId: randomUUID(),
    causationId: null,
    payload: {
      userId,
      accountId: account,
      userName: userId.toLowerCase(),
      path: '/',
      arn: `arn:aws:iam::${account}:user/${userId.toLowerCase()}`,
      tags: [],
      createDate: new Date().toISOString(),
      permissionsBoundary: boundary,
    },
  };
}

describe('PrincipalsProjection: a boundary given at creation, on real Postgres', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let schema: string;
  let store: PostgresEventStore;

  beforeAll(async () => {
    infra = await testInfrastructure();
    schema = `${infra.schemaPrefix}policy`;
    db = new PgDatabase(infra.databaseUrl);
    await runMigrations(db, schema, [...eventStoreMigrations, ...policyMigrations]);
    store = new PostgresEventStore(db, { schema, topic: Topics.policy });
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  const boundaryRow = async (userId: string) => {
    const { rows } = await db.query<{ policy_arn: string }>(
      `SELECT policy_arn FROM "${schema}".permissions_boundaries WHERE principal_type = 'user' AND principal_id = $1`,
      [userId],
    );
    return rows[0]?.policy_arn;
  };

  it('records the boundary for the policy service (its view, its usage count)', async () => {
    const projection: Projection = new PrincipalsProjection(schema, store);
    await db.transaction((tx) => projection.apply(tx, userCreated('AIDAFRESH0000000000001')));
    expect(await boundaryRow('AIDAFRESH0000000000001')).toBe(boundary);
    const { rows } = await db.query<{ permissions_boundary: string }>(
      `SELECT permissions_boundary FROM "${schema}".principals WHERE principal_id = $1`,
      ['AIDAFRESH0000000000001'],
    );
    expect(rows[0].permissions_boundary).toBe(boundary);
  });

  it("takes the envelope's account id when a payload lacks one (events arrive as JSON, from producers of any age)", async () => {
    const projection: Projection = new PrincipalsProjection(schema, store);
    const created = userCreated('AIDANOACCOUNT000000001');
    delete (created.payload as { accountId?: string }).accountId;
    await db.transaction((tx) => projection.apply(tx, created));
    const { rows } = await db.query<{ account_id: string }>(
      `SELECT account_id FROM "${schema}".principals WHERE principal_id = $1`,
      ['AIDANOACCOUNT000000001'],
    );
    expect(rows).toEqual([{ account_id: account }]);
  });

  it('does not bring back a boundary its policies stream has since removed (a replay)', async () => {
    const userId = 'AIDAREPLAY000000000001';
    await store.append(
      PolicyStreamIds.principalPolicies('user', userId),
      'any',
      [
        {
          type: PolicyEventTypes.UserPermissionsBoundaryDeleted,
          schemaVersion: PolicySchemaVersion,
          payload: { accountId: account, userId, userName: 'x', userArn: 'x', policyArn: boundary },
        },
      ],
      { accountId: account, actorArn: `arn:aws:iam::${account}:root`, correlationId: randomUUID() },
    );
    const projection: Projection = new PrincipalsProjection(schema, store);
    await db.transaction((tx) => projection.apply(tx, userCreated(userId)));
    expect(await boundaryRow(userId)).toBeUndefined();
  });

  it('answers the guard with the path, tags and boundary of a principal memory does not know yet', async () => {
    const projection: Projection = new PrincipalsProjection(schema, store);
    const userId = 'AIDATAGGED000000000001';
    const created = userCreated(userId);
    Object.assign(created.payload as object, {
      path: '/admin/',
      arn: `arn:aws:iam::${account}:user/admin/tagged`,
      userName: 'Tagged',
      tags: [{ key: 'team', value: 'red' }],
    });
    await db.transaction((tx) => projection.apply(tx, created));
    await db.transaction((tx) =>
      projection.apply(tx, {
        ...created,
        eventId: randomUUID(),
        type: IdentityEventTypes.UserTagged,
        payload: {
          userId,
          userName: 'Tagged',
          tags: [
            { key: 'TEAM', value: 'blue' },
            { key: 'tier', value: '1' },
          ],
        },
      }),
    );
    await db.transaction((tx) =>
      projection.apply(tx, {
        ...created,
        eventId: randomUUID(),
        type: IdentityEventTypes.UserUntagged,
        payload: { userId, userName: 'Tagged', tagKeys: ['Tier'] },
      }),
    );
    const source = new PrincipalsEntitySource(db, schema);
    expect(await source.entityOf(account, 'user', 'tagged')).toEqual({
      arn: `arn:aws:iam::${account}:user/admin/tagged`,
      tags: [{ key: 'TEAM', value: 'blue' }],
      boundary,
    });
    expect(await source.entityOf(account, 'user', 'nobody')).toBeUndefined();
    expect(await source.entityOf('999988887777', 'user', 'tagged')).toBeUndefined();
  });
});
