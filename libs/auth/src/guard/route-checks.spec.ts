import type { Principal } from '../principal';
import { IamConditionKeys } from './iam-condition-keys';
import { routeChecks, type EntityLookups } from './route-checks';
import type { KnownEntity, RouteAction } from './route-metadata';

const accountId = '123456789012';
const principal = {
  type: 'user',
  accountId,
  arn: `arn:aws:iam::${accountId}:user/sandbox/delegate`,
  userId: 'AIDAAAAAAAAAAAAAAAAAA',
  userName: 'delegate',
} as unknown as Principal;

const aliceArn = `arn:aws:iam::${accountId}:user/sandbox/alice`;
const known: Record<string, KnownEntity> = {
  [aliceArn]: {
    kind: 'user',
    tags: [{ key: 'team', value: 'blue' }],
    boundary: `arn:aws:iam::${accountId}:policy/B`,
  },
  [`arn:aws:iam::${accountId}:policy/Tagged`]: {
    kind: 'policy',
    tags: [{ key: 'team', value: 'red' }],
    boundary: null,
  },
};

function lookups(extra: Record<string, string> = {}): EntityLookups {
  return {
    arnOf: (_account, kind, name) => (kind === 'user' && name === 'alice' ? aliceArn : undefined),
    lookup: async (_account, kind, name) => {
      const arn = extra[`${kind}:${name}`];
      return arn === undefined ? undefined : { arn, tags: [{ key: 'fresh', value: 'yes' }] };
    },
    entity: (arn) => known[arn],
    accessKeyOwner: (id) =>
      id === 'AKIAOURS000000000000'
        ? { arn: aliceArn, accountId }
        : id === 'AKIATHEIRS0000000000'
          ? { arn: 'arn:aws:iam::210987654321:user/bob', accountId: '210987654321' }
          : undefined,
  };
}

const request = (
  body: Record<string, unknown> = {},
  params: Record<string, string> = { userName: 'alice' },
) => ({
  principal,
  params,
  query: {},
  body,
});

const userResource: RouteAction['resource'] = ({ params, arnOf }) =>
  arnOf('user', params.userName) ?? `arn:aws:iam::${accountId}:user/${params.userName}`;

describe('routeChecks', () => {
  it('answers a body value that cannot be read as text with a ValidationError, not a crash (found by fuzzing)', async () => {
    const byName: RouteAction = {
      action: 'iam:CreateVirtualMFADevice',
      resource: ({ body }) => `arn:aws:iam::${accountId}:mfa/${String(body.virtualMfaDeviceName)}`,
    };
    const hostile = request({ virtualMfaDeviceName: [{ toString: { not: 'a function' } }] });
    await expect(routeChecks(byName, hostile, {}, lookups())).rejects.toMatchObject({
      code: 'ValidationError',
    });
  });

  it('checks the action on the resource and on every further resource, with the same keys', async () => {
    const route: RouteAction = {
      action: 'iam:UpdateUser',
      resource: userResource,
      alsoOn: () => [`arn:aws:iam::${accountId}:user/admin/alice`],
    };
    const checks = await routeChecks(route, request(), { 'aws:SourceIp': '10.0.0.1' }, lookups());
    expect(checks.map((c) => [c.action, c.resource])).toEqual([
      ['iam:UpdateUser', aliceArn],
      ['iam:UpdateUser', `arn:aws:iam::${accountId}:user/admin/alice`],
    ]);
    expect(checks[1].context).toBe(checks[0].context);
  });

  it("fills aws:ResourceTag and iam:ResourceTag from a known user's or role's tags", async () => {
    const [check] = await routeChecks(
      { action: 'iam:GetUser', resource: userResource },
      request(),
      {},
      lookups(),
    );
    expect(check.context).toEqual({ 'aws:ResourceTag/team': 'blue', 'iam:ResourceTag/team': 'blue' });
  });

  it('fills only aws:ResourceTag for a managed policy, as AWS lists it', async () => {
    const [check] = await routeChecks(
      { action: 'iam:GetPolicy', resource: () => `arn:aws:iam::${accountId}:policy/Tagged` },
      request(),
      {},
      lookups(),
    );
    expect(check.context).toEqual({ 'aws:ResourceTag/team': 'red' });
  });

  it("takes the tags of a policy memory does not know yet from its owner's tables (own account only)", async () => {
    const fresh: EntityLookups = {
      ...lookups(),
      policyTags: async (_account, arn) =>
        arn.endsWith('/New') ? [{ key: 'guarded', value: 'yes' }] : undefined,
    };
    const route = (arn: string): RouteAction => ({ action: 'iam:GetPolicy', resource: () => arn });
    const [own] = await routeChecks(route(`arn:aws:iam::${accountId}:policy/New`), request(), {}, fresh);
    expect(own.context).toEqual({ 'aws:ResourceTag/guarded': 'yes' });
    const [other] = await routeChecks(route('arn:aws:iam::210987654321:policy/New'), request(), {}, fresh);
    expect(other.context).toEqual({});
  });

  it("fills the action's own condition keys, which may read the resolved resource", async () => {
    const route: RouteAction = {
      action: 'iam:PutUserPolicy',
      resource: userResource,
      conditions: IamConditionKeys.currentBoundary,
    };
    const [check] = await routeChecks(route, request(), { 'aws:SourceIp': '10.0.0.1' }, lookups());
    expect(check.context).toMatchObject({
      'aws:SourceIp': '10.0.0.1',
      'iam:PermissionsBoundary': `arn:aws:iam::${accountId}:policy/B`,
    });
  });

  it('names an entity memory does not know yet (and its tags) from the owning service, then decides on that', async () => {
    const route: RouteAction = {
      action: 'iam:GetUser',
      resource: ({ params, arnOf }) =>
        arnOf('user', params.userName) ?? `arn:aws:iam::${accountId}:user/${params.userName}`,
    };
    const [check] = await routeChecks(
      route,
      request({}, { userName: 'bob' }),
      {},
      lookups({ 'user:bob': `arn:aws:iam::${accountId}:user/new/bob` }),
    );
    expect(check.resource).toBe(`arn:aws:iam::${accountId}:user/new/bob`);
    // Its tags too: a deny on a tag holds from its first moment.
    expect(check.context).toEqual({ 'aws:ResourceTag/fresh': 'yes', 'iam:ResourceTag/fresh': 'yes' });
  });

  it("names an access key's owner in the caller's account, and no other account's", async () => {
    const route: RouteAction = {
      action: 'iam:GetAccessKeyLastUsed',
      resource: ({ params, accessKeyOwner }) => accessKeyOwner(params.accessKeyId) ?? '*',
    };
    const of = async (accessKeyId: string) =>
      (await routeChecks(route, request({}, { accessKeyId }), {}, lookups()))[0].resource;
    expect(await of('AKIAOURS000000000000')).toBe(aliceArn);
    expect(await of('AKIATHEIRS0000000000')).toBe('*');
    expect(await of('AKIAUNKNOWN000000000')).toBe('*');
  });

  it("takes a not-yet-known entity's boundary where its source keeps them (the policy service)", async () => {
    const withBoundary: EntityLookups = {
      ...lookups(),
      lookup: async () => ({
        arn: `arn:aws:iam::${accountId}:user/admin/carol`,
        tags: [],
        boundary: `arn:aws:iam::${accountId}:policy/B`,
      }),
    };
    const [check] = await routeChecks(
      {
        action: 'iam:AttachUserPolicy',
        resource: userResource,
        conditions: IamConditionKeys.currentBoundary,
      },
      request({}, { userName: 'carol' }),
      {},
      withBoundary,
    );
    expect(check.resource).toBe(`arn:aws:iam::${accountId}:user/admin/carol`);
    expect(check.context).toEqual({ 'iam:PermissionsBoundary': `arn:aws:iam::${accountId}:policy/B` });
  });

  it('adds iam:PassRole on every role a request passes, with iam:PassedToService', async () => {
    const roleArn = `arn:aws:iam::${accountId}:role/deployer`;
    const route: RouteAction = {
      action: 'deploy:CreatePipeline',
      resource: () => `arn:aws:deploy:us-east-1:${accountId}:pipeline/p`,
      passesRoles: () => [
        { roleArn, service: 'deploy.example.com', associatedResourceArn: 'arn:aws:deploy:::pipeline/p' },
      ],
    };
    const checks = await routeChecks(route, request(), { 'aws:SourceIp': '10.0.0.1' }, lookups());
    expect(checks[1]).toEqual({
      action: 'iam:PassRole',
      resource: roleArn,
      context: {
        'aws:SourceIp': '10.0.0.1',
        'iam:PassedToService': 'deploy.example.com',
        'iam:AssociatedResourceArn': 'arn:aws:deploy:::pipeline/p',
      },
    });
  });
});

describe('IamConditionKeys', () => {
  const context = (query: Record<string, unknown>, body: Record<string, unknown> = {}) =>
    ({ principal, params: { policyArn: 'arn:aws:iam::aws:policy/X' }, query, body }) as never;

  it('reads aws:TagKeys of an untag request from its query, comma-separated or repeated', () => {
    const keys = IamConditionKeys.untaggedKeys();
    expect(keys(context({ tagKeys: 'a,b' }))).toEqual({ 'aws:TagKeys': ['a', 'b'] });
    expect(keys(context({ tagKeys: ['a', 'b'] }))).toEqual({ 'aws:TagKeys': ['a', 'b'] });
    expect(keys(context({}))).toEqual({});
  });

  it('takes iam:PolicyARN from the path and iam:PermissionsBoundary from the body, strings only', () => {
    expect(IamConditionKeys.policyArn()(context({}))).toEqual({
      'iam:PolicyARN': 'arn:aws:iam::aws:policy/X',
    });
    const requested = IamConditionKeys.requestedBoundary('permissionsBoundary');
    expect(requested(context({}, { permissionsBoundary: 'arn:aws:iam::aws:policy/B' }))).toEqual({
      'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/B',
    });
    expect(requested(context({}, { permissionsBoundary: ['arn:aws:iam::aws:policy/B'] }))).toEqual({});
  });
});
