import {
  IamError,
  IdentityEventTypes as I,
  IdentitySchemaVersion,
  PolicyEventTypes as P,
  PolicySchemaVersion,
  Topics,
  type EventMetadata,
  type IdentityDomainEvent,
  type PolicyDomainEvent,
} from '@iam/contracts';
import {
  AuthorizationCache,
  AuthorizationProjection,
  authorizationMigrations,
  type Authorizer,
  type Principal,
  type RequestAuthenticator,
} from '@iam/auth';
import { InMemoryEventStore, PgliteDatabase, runMigrations } from '@iam/event-store';
import { checkAuthorizeBatch, checkAuthorizeItem } from './decision-input';
import { DecisionService } from './decision.service';

const account = '111122223333';
const aliceArn = `arn:aws:iam::${account}:user/alice`;
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const metadata: EventMetadata = {
  accountId: account,
  actorArn: `arn:aws:iam::${account}:root`,
  correlationId: 'spec',
};

/**
 * The authorization projection as every service keeps it, fed identity's and
 * policy's events through in-memory event stores, its tables in Postgres
 * in-process (PGlite), read by the AuthorizationCache under test.
 */
class Authorization {
  private constructor(
    readonly db: PgliteDatabase,
    private readonly identity: InMemoryEventStore,
    private readonly policy: InMemoryEventStore,
  ) {}

  static async start(db: PgliteDatabase, schema: string): Promise<Authorization> {
    await runMigrations(db, schema, authorizationMigrations);
    const inlineProjections = [new AuthorizationProjection(schema)];
    return new Authorization(
      db,
      new InMemoryEventStore({ topic: Topics.identity, database: db, inlineProjections }),
      new InMemoryEventStore({ topic: Topics.policy, database: db, inlineProjections }),
    );
  }

  async identityEvents(streamId: string, events: IdentityDomainEvent[]): Promise<void> {
    await this.identity.append(streamId, 'any', events, metadata);
  }

  async policyEvents(streamId: string, events: PolicyDomainEvent[]): Promise<void> {
    await this.policy.append(streamId, 'any', events, metadata);
  }
}

// One Postgres in-process for the file (opening one is the slow part); a schema per describe.
let db: PgliteDatabase;
beforeAll(async () => {
  db = await PgliteDatabase.open(undefined);
});
afterAll(() => db?.close());

const userCreated = (userId: string, userName: string): IdentityDomainEvent => ({
  type: I.UserCreated,
  schemaVersion: IdentitySchemaVersion,
  payload: {
    userId,
    accountId: account,
    userName,
    path: '/',
    arn: `arn:aws:iam::${account}:user/${userName}`,
    tags: [],
    createDate: '2026-01-01T00:00:00.000Z',
  },
});

const root: Principal = {
  type: 'root',
  accountId: account,
  arn: `arn:aws:iam::${account}:root`,
  userId: account,
  accessKeyId: 'AKIAROOT',
  mfaAuthenticated: false,
};
const allowAll: Authorizer = { authorize: async () => undefined };

describe('DecisionService', () => {
  let authorization: Authorization;
  let cache: AuthorizationCache;
  let service: DecisionService;

  beforeAll(async () => {
    authorization = await Authorization.start(db, 'decisions');
    await authorization.identityEvents('user-AIDAALICE', [userCreated('AIDAALICE', 'alice')]);
    await authorization.policyEvents('principal-policies-user-AIDAALICE', [
      {
        type: P.UserPolicyPut,
        schemaVersion: PolicySchemaVersion,
        payload: {
          accountId: account,
          userId: 'AIDAALICE',
          userName: 'alice',
          userArn: aliceArn,
          policyName: 'Read',
          policyDocument: doc(
            { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
            { Sid: 'NoSecret', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::secret/*' },
            {
              Effect: 'Allow',
              Action: 's3:ListBucket',
              Resource: '*',
              Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
            },
          ),
        },
      },
    ]);
    cache = new AuthorizationCache(authorization.db, 'decisions');
    await cache.refresh();
    service = new DecisionService(cache, allowAll, {} as RequestAuthenticator);
  });

  const ask = (item: object) =>
    service.authorize(root, checkAuthorizeItem({ principalArn: aliceArn, resource: '*', ...item }, ''));

  it('explains allow, explicit deny and implicit deny', () => {
    expect(ask({ action: 's3:GetObject', resource: 'arn:aws:s3:::a/b' })).toMatchObject({
      decision: 'Allow',
      matchedStatements: [{ policyId: `${aliceArn}#Read`, sid: 'Read', index: 0, effect: 'Allow' }],
    });
    expect(ask({ action: 's3:GetObject', resource: 'arn:aws:s3:::secret/x' }).decision).toBe('ExplicitDeny');
    expect(ask({ action: 's3:PutObject' }).decision).toBe('ImplicitDeny');
  });

  it('reports missing context keys', () => {
    const view = ask({ action: 's3:ListBucket' });
    expect(view.decision).toBe('ImplicitDeny');
    expect(view.missingContextKeys).toEqual(['aws:SourceIp']);
    expect(ask({ action: 's3:ListBucket', context: { 'aws:SourceIp': '10.0.0.9' } }).decision).toBe('Allow');
  });

  it('answers an unknown principal with ImplicitDeny and a reason, and refuses other accounts', () => {
    const unknown = service.authorize(
      root,
      checkAuthorizeItem(
        { principalArn: `arn:aws:iam::${account}:user/bob`, action: 's3:GetObject', resource: '*' },
        '',
      ),
    );
    expect(unknown).toMatchObject({ decision: 'ImplicitDeny' });
    expect(unknown.reason).toContain('user/bob');
    expect(() =>
      service.authorize(
        root,
        checkAuthorizeItem(
          { principalArn: 'arn:aws:iam::999999999999:user/x', action: 's3:GetObject', resource: '*' },
          '',
        ),
      ),
    ).toThrow(expect.objectContaining({ code: 'AccessDenied' }) as IamError);
  });

  it('names the field of a bad batch item', () => {
    expect(() =>
      checkAuthorizeBatch({
        requests: [{ principalArn: aliceArn, action: 's3:GetObject', resource: '*' }, { action: 'x' }],
      }),
    ).toThrow(/requests\[1\]\.principalArn/);
    expect(() =>
      checkAuthorizeBatch({
        requests: [{ principalArn: aliceArn, action: 's3:GetObject', resource: '*', extra: 1 }],
      }),
    ).toThrow(/requests\[0\]\.extra/);
    expect(() => checkAuthorizeBatch({ requests: [] })).toThrow(/'requests'/);
    expect(() => checkAuthorizeBatch({ requests: [], other: 1 })).toThrow(/'other'/);
    expect(() =>
      checkAuthorizeBatch({
        requests: [{ principalArn: aliceArn, action: 'a:b', resource: '*' }],
        explain: 'yes',
      }),
    ).toThrow(/'explain'/);
  });

  it('decides a batch: the decision alone, or explained on request, with the same decisions', async () => {
    const requests = [
      { principalArn: aliceArn, action: 's3:GetObject', resource: 'arn:aws:s3:::a/b' },
      { principalArn: aliceArn, action: 's3:GetObject', resource: 'arn:aws:s3:::secret/x' },
      { principalArn: aliceArn, action: 's3:PutObject', resource: '*' },
      { principalArn: `arn:aws:iam::${account}:user/bob`, action: 's3:GetObject', resource: '*' },
    ];
    const lean = await service.authorizeBatch(root, checkAuthorizeBatch({ requests }), {});
    expect(lean).toEqual([
      { decision: 'Allow', decidedBy: 'identity' },
      { decision: 'ExplicitDeny', decidedBy: 'identity' },
      { decision: 'ImplicitDeny', decidedBy: 'identity' },
      { decision: 'ImplicitDeny', decidedBy: 'identity', reason: expect.stringContaining('user/bob') },
    ]);
    const explained = await service.authorizeBatch(
      root,
      checkAuthorizeBatch({ requests, explain: true }),
      {},
    );
    expect(explained.map((a) => ('decision' in a ? a.decision : a.error.code))).toEqual(
      lean.map((a) => ('decision' in a ? a.decision : a.error.code)),
    );
    expect(explained[0]).toMatchObject({ matchedStatements: [{ sid: 'Read' }], summary: expect.any(String) });
  });

  it('answers AccessDenied for the items whose principal the caller may not ask about, and decides the rest', async () => {
    const bobArn = `arn:aws:iam::${account}:user/bob`;
    const onlyAlice: Authorizer = {
      authorize: async (_caller, action, resource) => {
        if (resource !== aliceArn)
          throw new IamError('AccessDenied', `not allowed: ${action} on ${resource}`);
      },
    };
    const guarded = new DecisionService(cache, onlyAlice, {} as RequestAuthenticator);
    const answers = await guarded.authorizeBatch(
      root,
      checkAuthorizeBatch({
        requests: [
          { principalArn: bobArn, action: 's3:GetObject', resource: '*' },
          { principalArn: aliceArn, action: 's3:GetObject', resource: 'arn:aws:s3:::a/b' },
          { principalArn: 'arn:aws:iam::999999999999:user/x', action: 's3:GetObject', resource: '*' },
        ],
      }),
      {},
    );
    expect(answers).toEqual([
      { error: { code: 'AccessDenied', message: `not allowed: iam:Authorize on ${bobArn}` } },
      { decision: 'Allow', decidedBy: 'identity' },
      { error: { code: 'AccessDenied', message: expect.stringContaining('another account') } },
    ]);
  });
});

describe('AuthorizationCache.principalByArn', () => {
  let authorization: Authorization;

  beforeAll(async () => {
    authorization = await Authorization.start(db, 'by_arn');
  });

  it('follows renames and deletions, and a new principal taking a deleted one’s ARN', async () => {
    const old = `arn:aws:iam::${account}:user/old`;
    const renamed = `arn:aws:iam::${account}:user/new`;
    const cache = new AuthorizationCache(authorization.db, 'by_arn');
    await authorization.identityEvents('user-AIDA1', [userCreated('AIDA1', 'old')]);
    await cache.refresh();
    expect(cache.principalByArn(old)?.key).toBe('user:AIDA1');
    await authorization.identityEvents('user-AIDA1', [
      {
        type: I.UserUpdated,
        schemaVersion: IdentitySchemaVersion,
        payload: {
          userId: 'AIDA1',
          previousUserName: 'old',
          previousPath: '/',
          userName: 'new',
          path: '/',
          arn: renamed,
        },
      },
    ]);
    await cache.refresh();
    expect(cache.principalByArn(old)).toBeUndefined();
    expect(cache.principalByArn(renamed)?.key).toBe('user:AIDA1');
    await authorization.identityEvents('user-AIDA1', [
      {
        type: I.UserDeleted,
        schemaVersion: IdentitySchemaVersion,
        payload: { userId: 'AIDA1', userName: 'new', arn: renamed },
      },
    ]);
    await authorization.identityEvents('user-AIDA2', [userCreated('AIDA2', 'new')]);
    await cache.refresh();
    expect(cache.principalByArn(renamed)?.key).toBe('user:AIDA2');
  });
});
