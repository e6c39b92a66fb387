import { IamError } from '@iam/contracts';
import { AuthorizationCache, type Authorizer, type Principal, type RequestAuthenticator } from '@iam/auth';
import type { SqlDatabase } from '@iam/event-store';
import { checkAuthorizeBatch, checkAuthorizeItem } from './decision-input';
import { DecisionService } from './decision.service';

const account = '111122223333';
const aliceArn = `arn:aws:iam::${account}:user/alice`;
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

function row(key: string, arn: string, seq: number, extra: Record<string, unknown> = {}) {
  return {
    principal_key: key,
    kind: key.split(':')[0],
    account_id: account,
    arn,
    name: arn.split('/').pop(),
    tags: [],
    groups: [],
    attached: [],
    inline: {},
    boundary: null,
    deleted: false,
    seq,
    ...extra,
  };
}

/** An AuthorizationCache fed rows as from its table, one batch per refresh. */
function cacheWith(batches: Record<string, unknown>[][]) {
  let next = 0;
  const db = {
    query: async (sql: string) => {
      if (sql.includes('authz_principals')) return { rows: batches[next++] ?? [] };
      return { rows: [] };
    },
  } as unknown as SqlDatabase;
  return new AuthorizationCache(db, 'spec');
}

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
  let cache: AuthorizationCache;
  let service: DecisionService;

  beforeEach(async () => {
    cache = cacheWith([
      [
        row('user:AIDAALICE', aliceArn, 1, {
          inline: {
            Read: doc(
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
        }),
      ],
    ]);
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
  it('follows renames and deletions, and a new principal taking a deleted one’s ARN', async () => {
    const old = `arn:aws:iam::${account}:user/old`;
    const renamed = `arn:aws:iam::${account}:user/new`;
    const cache = cacheWith([
      [row('user:AIDA1', old, 1)],
      [row('user:AIDA1', renamed, 2)],
      [row('user:AIDA1', renamed, 3, { deleted: true }), row('user:AIDA2', renamed, 4)],
    ]);
    await cache.refresh();
    expect(cache.principalByArn(old)?.key).toBe('user:AIDA1');
    await cache.refresh();
    expect(cache.principalByArn(old)).toBeUndefined();
    expect(cache.principalByArn(renamed)?.key).toBe('user:AIDA1');
    await cache.refresh();
    expect(cache.principalByArn(renamed)?.key).toBe('user:AIDA2');
  });
});
