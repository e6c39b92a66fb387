import { IamError } from '@iam/contracts';
import { compilePolicySet, type PolicySetInput } from '@iam/policy-engine';
import type { Principal } from '../principal';
import { issuedSession, roleSessionFacts } from '../sessions/session-fixtures';
import { sessionContext, sessionPrincipal } from '../sessions/session-principal';
import type { AuthorizationCache, EffectivePolicies } from './authorization-cache';
import type { PrincipalRecord } from './authorization.projection';
import { PolicyAuthorizer } from './policy-authorizer';

const ACCOUNT = '111122223333';
const ROLE_ID = 'AROAEXAMPLEEXAMPLEEXA';
const USER_ID = 'AIDAEXAMPLEEXAMPLEEXA';
const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource = '*', condition?: object) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...(condition ? { Condition: condition } : {}),
});

/**
 * The authorization projection as the authorizer reads it (compiled policies
 * by principal, managed documents by ARN): the engine decides for real.
 */
class Projection {
  private readonly entries = new Map<string, EffectivePolicies>();
  readonly documents = new Map<string, string>();

  put(
    kind: 'user' | 'role',
    id: string,
    policies: string[],
    tags: Record<string, string> = {},
    boundary?: string,
  ) {
    const record: PrincipalRecord = {
      key: `${kind}:${id}`,
      kind,
      accountId: ACCOUNT,
      arn: kind === 'role' ? `arn:aws:iam::${ACCOUNT}:role/Deployer` : user('alice'),
      name: kind === 'role' ? 'Deployer' : 'alice',
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
      groups: [],
      attached: [],
      inline: {},
      boundary: boundary ? 'arn:aws:iam::111122223333:policy/Boundary' : null,
      boundaryChanged: false,
      deleted: false,
    };
    const input: PolicySetInput = {
      identity: policies.map((document, i) => ({ id: `p${i}`, document })),
      boundary: boundary ? { id: 'boundary', document: boundary } : undefined,
    };
    this.entries.set(`${kind}:${id}`, {
      record,
      input,
      set: compilePolicySet(input),
      boundaryMissing: false,
    });
  }

  asCache(): AuthorizationCache {
    return {
      effective: (kind: string, id: string) => this.entries.get(`${kind}:${id}`),
      document: (arn: string) => this.documents.get(arn),
    } as unknown as AuthorizationCache;
  }
}

async function denial(run: Promise<void>): Promise<string> {
  try {
    await run;
  } catch (error) {
    if (error instanceof IamError && error.code === 'AccessDenied') return error.message;
    throw error;
  }
  return 'allowed';
}

describe('PolicyAuthorizer with temporary credentials', () => {
  let projection: Projection;
  let authorizer: PolicyAuthorizer;

  beforeEach(() => {
    projection = new Projection();
    projection.put('role', ROLE_ID, [doc(allow('iam:*'))], { team: 'red', env: 'prod' });
    authorizer = new PolicyAuthorizer(projection.asCache());
  });

  const roleSession = (overrides: Parameters<typeof roleSessionFacts>[0] = {}): Principal =>
    sessionPrincipal(issuedSession(roleSessionFacts(overrides)).session);

  it("gives a role session the role's permissions when it has no session policy", async () => {
    const principal = roleSession();
    expect(await denial(authorizer.authorize(principal, 'iam:CreateUser', user('bob')))).toBe('allowed');
    expect(await denial(authorizer.authorize(principal, 's3:GetObject', 'arn:aws:s3:::b/k'))).toBe(
      `User: ${principal.arn} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no identity-based policy allows the s3:GetObject action`,
    );
  });

  it('caps a role session by its inline and managed session policies (their union), naming the session ARN', async () => {
    projection.documents.set('arn:aws:iam::aws:policy/ReadUsers', doc(allow('iam:GetUser')));
    const principal = roleSession({
      sessionPolicy: doc(allow('iam:ListUsers')),
      sessionPolicyArns: ['arn:aws:iam::aws:policy/ReadUsers'],
    });
    expect(await denial(authorizer.authorize(principal, 'iam:ListUsers', '*'))).toBe('allowed');
    expect(await denial(authorizer.authorize(principal, 'iam:GetUser', user('bob')))).toBe('allowed');
    expect(await denial(authorizer.authorize(principal, 'iam:CreateUser', user('bob')))).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/build-42 is not authorized to perform: iam:CreateUser on resource: ${user('bob')} because no session policy allows the iam:CreateUser action`,
    );
  });

  it('never lets a session policy widen the role (intersection)', async () => {
    const principal = roleSession({ sessionPolicy: doc(allow(['iam:*', 's3:*'])) });
    expect(await denial(authorizer.authorize(principal, 's3:GetObject', 'arn:aws:s3:::b/k'))).toMatch(
      /because no identity-based policy allows/,
    );
  });

  it('counts a managed session policy unknown here as allowing nothing, not as no session policy', async () => {
    const principal = roleSession({ sessionPolicyArns: ['arn:aws:iam::111122223333:policy/Gone'] });
    expect(await denial(authorizer.authorize(principal, 'iam:ListUsers', '*'))).toMatch(
      /because no session policy allows/,
    );
  });

  it("applies the role's boundary to its sessions", async () => {
    projection.put('role', ROLE_ID, [doc(allow('iam:*'))], {}, doc(allow('iam:Get*')));
    const principal = roleSession();
    expect(await denial(authorizer.authorize(principal, 'iam:GetUser', user('bob')))).toBe('allowed');
    expect(await denial(authorizer.authorize(principal, 'iam:CreateUser', user('bob')))).toMatch(
      /because no permissions boundary allows/,
    );
  });

  it('sees a change of the role at once, though the session set is kept per access key id', async () => {
    const principal = roleSession({ sessionPolicy: doc(allow('iam:*')) });
    expect(await denial(authorizer.authorize(principal, 'iam:CreateUser', user('bob')))).toBe('allowed');
    projection.put('role', ROLE_ID, [doc(allow('iam:Get*'))]);
    expect(await denial(authorizer.authorize(principal, 'iam:CreateUser', user('bob')))).toMatch(
      /no identity-based policy allows/,
    );
  });

  it("uses the role's tags overridden by the session's as principal tags, and the session's condition keys", async () => {
    projection.put(
      'role',
      ROLE_ID,
      [
        doc(
          allow('iam:CreateUser', '*', {
            StringEquals: {
              'aws:PrincipalTag/team': 'blue',
              'aws:PrincipalTag/env': 'prod',
              'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/Deployer`,
              'aws:PrincipalType': 'AssumedRole',
              'aws:userid': `${ROLE_ID}:build-42`,
              'aws:SourceIdentity': 'alice',
            },
            Bool: { 'aws:MultiFactorAuthPresent': 'true' },
            NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
          }),
        ),
      ],
      { team: 'red', env: 'prod' },
    );
    const now = Date.now();
    const facts = { tags: { team: 'blue' }, sourceIdentity: 'alice', mfaAuthenticated: true };
    const withMfa = roleSession({ ...facts, mfaAuthenticatedAt: new Date(now - 60_000).toISOString() });
    expect(
      await denial(
        authorizer.authorize(withMfa, 'iam:CreateUser', user('bob'), sessionContext(withMfa, now)),
      ),
    ).toBe('allowed');
    const red = roleSession({ ...facts, tags: {}, mfaAuthenticatedAt: new Date(now).toISOString() });
    expect(
      await denial(authorizer.authorize(red, 'iam:CreateUser', user('bob'), sessionContext(red, now))),
    ).toMatch(/no identity-based policy allows/);
    const noMfa = roleSession({ ...facts, mfaAuthenticated: false });
    expect(
      await denial(authorizer.authorize(noMfa, 'iam:CreateUser', user('bob'), sessionContext(noMfa, now))),
    ).toMatch(/no identity-based policy allows/);
  });

  it('denies a session of a role this process does not know', async () => {
    const principal = roleSession({
      role: {
        roleId: 'AROAUNKNOWNUNKNOWNUNK',
        arn: 'arn:aws:iam::111122223333:role/X',
        roleName: 'X',
        sessionName: 's',
      },
    });
    expect(await denial(authorizer.authorize(principal, 'iam:GetUser', user('bob')))).toMatch(
      /not authorized/,
    );
  });

  it("gives a federated user its issuing user's permissions capped by the session policies, and none without any", async () => {
    projection.put('user', USER_ID, [doc(allow(['iam:GetUser', 'iam:ListUsers']))]);
    const federated = (policy?: string) =>
      sessionPrincipal(
        issuedSession(
          roleSessionFacts({
            kind: 'federated-user',
            role: undefined,
            principal: {
              type: 'federated-user',
              accountId: ACCOUNT,
              arn: `arn:aws:sts::${ACCOUNT}:federated-user/carol`,
              userId: `${ACCOUNT}:carol`,
            },
            issuedTo: { userId: USER_ID, accessKeyId: 'AKIAEXAMPLEEXAMPLEEX' },
            sessionPolicy: policy,
          }),
        ).session,
      );
    const narrowed = federated(doc(allow(['iam:GetUser', 'iam:CreateUser'])));
    expect(await denial(authorizer.authorize(narrowed, 'iam:GetUser', user('bob')))).toBe('allowed');
    expect(await denial(authorizer.authorize(narrowed, 'iam:ListUsers', '*'))).toMatch(
      /no session policy allows/,
    );
    expect(await denial(authorizer.authorize(narrowed, 'iam:CreateUser', user('bob')))).toMatch(
      /no identity-based policy allows/,
    );
    expect(await denial(authorizer.authorize(federated(), 'iam:GetUser', user('bob')))).toMatch(
      /no session policy allows/,
    );
  });

  it("decides a GetSessionToken session with its user's own policies", async () => {
    projection.put('user', USER_ID, [doc(allow('iam:GetUser'))]);
    const principal = sessionPrincipal(
      issuedSession(
        roleSessionFacts({
          kind: 'session-token',
          role: undefined,
          principal: {
            type: 'user',
            accountId: ACCOUNT,
            arn: user('alice'),
            userId: USER_ID,
            userName: 'alice',
          },
        }),
      ).session,
    );
    expect(await denial(authorizer.authorize(principal, 'iam:GetUser', user('bob')))).toBe('allowed');
    expect(await denial(authorizer.authorize(principal, 'iam:ListUsers', '*'))).toMatch(
      /no identity-based policy/,
    );
  });

  it('lets a sign-in that must change its password change it and read its own user and the policy, without a policy; nothing else', async () => {
    projection.put('user', USER_ID, [doc(allow('iam:ListGroups'))]);
    const resetting = (policies: string[]) => {
      projection.put('user', USER_ID, policies);
      return sessionPrincipal(
        issuedSession(
          roleSessionFacts({
            kind: 'session-token',
            role: undefined,
            passwordResetRequired: true,
            principal: {
              type: 'user',
              accountId: ACCOUNT,
              arn: user('alice'),
              userId: USER_ID,
              userName: 'alice',
            },
          }),
        ).session,
      );
    };
    const alice = resetting([doc(allow('iam:ListGroups'))]);
    for (const [action, resource] of [
      ['iam:ChangePassword', user('alice')],
      ['iam:GetUser', user('alice')],
      ['iam:GetAccountPasswordPolicy', '*'],
    ])
      expect([action, await denial(authorizer.authorize(alice, action, resource))]).toEqual([
        action,
        'allowed',
      ]);
    for (const [action, resource] of [
      ['iam:GetUser', user('bob')],
      ['iam:ChangePassword', user('bob')],
      ['iam:ListGroups', '*'],
    ])
      expect(await denial(authorizer.authorize(alice, action, resource))).toMatch(
        /must change their password first/,
      );
    // An explicit deny still holds.
    const denied = resetting([doc({ Effect: 'Deny', Action: 'iam:ChangePassword', Resource: '*' })]);
    expect(await denial(authorizer.authorize(denied, 'iam:ChangePassword', user('alice')))).toMatch(
      /explicit deny/,
    );
  });
});

describe('PolicyAuthorizer across accounts', () => {
  const OTHER = '444455556666';
  const trail = `arn:aws:cloudtrail::${OTHER}:trail/iam-audit`;
  const trustsAccount = compilePolicySet({
    resource: [
      {
        id: 'trail-policy',
        document: doc({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'cloudtrail:LookupEvents',
          Resource: '*',
        }),
      },
    ],
  });
  const root: Principal = {
    type: 'root',
    accountId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    userId: ACCOUNT,
    accessKeyId: 'AKIAROOT',
    mfaAuthenticated: false,
  };
  const alice: Principal = {
    type: 'user',
    accountId: ACCOUNT,
    arn: user('alice'),
    userId: USER_ID,
    userName: 'alice',
    accessKeyId: 'AKIAALICE',
    mfaAuthenticated: false,
  };

  it('needs the resource’s own policy on the other side: the root user included', async () => {
    const authorizer = new PolicyAuthorizer(new Projection().asCache());
    expect(await denial(authorizer.authorize(root, 'cloudtrail:LookupEvents', trail))).toContain(
      'because no resource-based policy allows the cloudtrail:LookupEvents action',
    );
    expect(await denial(authorizer.authorize(root, 'cloudtrail:LookupEvents', trail, {}, trustsAccount))).toBe(
      'allowed',
    );
    expect(await denial(authorizer.authorize(root, 'cloudtrail:ExportEvents', trail, {}, trustsAccount))).toContain(
      'not authorized',
    );
  });

  it('and, for a user of the trusted account, an identity policy of its own as well', async () => {
    const projection = new Projection();
    projection.put('user', USER_ID, []);
    const without = new PolicyAuthorizer(projection.asCache());
    expect(await denial(without.authorize(alice, 'cloudtrail:LookupEvents', trail, {}, trustsAccount))).toContain(
      'because no identity-based policy allows',
    );
    projection.put('user', USER_ID, [doc(allow('cloudtrail:LookupEvents', 'arn:aws:cloudtrail:*:*:trail/*'))]);
    const granted = new PolicyAuthorizer(projection.asCache());
    expect(await denial(granted.authorize(alice, 'cloudtrail:LookupEvents', trail, {}, trustsAccount))).toBe(
      'allowed',
    );
  });
});
