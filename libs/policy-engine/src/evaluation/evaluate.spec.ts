import { evaluate, explain } from '../index';
import { ACCOUNT, OTHER_ACCOUNT, alice, doc, request, roleSession, setOf } from '../testing/policy-test-kit';
import type { RequestPrincipal } from './authorization-request';

const allow = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const deny = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});
const BUCKET = 'arn:aws:s3:::amzn-s3-demo-bucket';
const OBJECT = `${BUCKET}/report.csv`;

describe('decision logic (Policy evaluation logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)', () => {
  test('an empty policy set denies implicitly ("By default, all requests are implicitly denied")', () => {
    const verdict = evaluate(request('s3:GetObject', OBJECT), setOf({}));
    expect(verdict).toEqual({ decision: 'ImplicitDeny', allowed: false, decidedBy: 'identity' });
  });

  test('an identity-based allow allows', () => {
    expect(
      evaluate(request('s3:GetObject', OBJECT), setOf({ identity: [doc(allow('s3:GetObject', OBJECT))] }))
        .decision,
    ).toBe('Allow');
  });

  test('an explicit deny overrides any allow', () => {
    const set = setOf({ identity: [doc(allow('s3:*')), doc(deny('s3:GetObject', OBJECT))] });
    expect(evaluate(request('s3:GetObject', OBJECT), set)).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'identity',
    });
  });

  test('an explicit deny in a permissions boundary overrides an identity allow', () => {
    const set = setOf({
      identity: [doc(allow('s3:*'))],
      boundary: doc([allow('*'), deny('s3:DeleteObject')]),
    });
    expect(evaluate(request('s3:DeleteObject', OBJECT), set)).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'boundary',
    });
  });

  test('an explicit deny in a resource-based policy overrides an identity allow', () => {
    const set = setOf({
      identity: [doc(allow('s3:*'))],
      resource: [doc({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET}/*` })],
    });
    expect(evaluate(request('s3:GetObject', OBJECT), set)).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'resource',
    });
  });
});

describe('actions and resources (IAM JSON policy elements: Action, Resource)', () => {
  const set = setOf({
    identity: [
      doc(allow(['iam:*AccessKey*', 'ec2:Describe?nstances'], ['arn:aws:iam::111122223333:user/*', '*'])),
    ],
  });
  test.each([
    ['iam:CreateAccessKey', true],
    ['IAM:createaccesskey', true],
    ['iam:ListAccessKeys', true],
    ['iam:CreateUser', false],
    ['ec2:DescribeInstances', true],
    ['ec2:DescribeXInstances', false],
  ])('action %s allowed: %s (actions are case-insensitive, * and ? wildcards)', (action, expected) => {
    expect(evaluate(request(action, 'arn:aws:iam::111122223333:user/bob'), set).allowed).toBe(expected);
  });

  test('resources are case-sensitive', () => {
    const s = setOf({ identity: [doc(allow('s3:GetObject', `${BUCKET}/Reports/*`))] });
    expect(evaluate(request('s3:GetObject', `${BUCKET}/Reports/a`), s).allowed).toBe(true);
    expect(evaluate(request('s3:GetObject', `${BUCKET}/reports/a`), s).allowed).toBe(false);
  });

  test('* in the resource part spans slashes and colons', () => {
    const s = setOf({
      identity: [doc(allow('logs:*', 'arn:aws:logs:us-east-1:111122223333:log-group:app*'))],
    });
    expect(
      evaluate(
        request('logs:PutLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:app/x:log-stream:y'),
        s,
      ).allowed,
    ).toBe(true);
  });

  test('* in the region part does not span into the account', () => {
    const s = setOf({ identity: [doc(allow('sqs:*', 'arn:aws:sqs:*:111122223333:q'))] });
    expect(evaluate(request('sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:q'), s).allowed).toBe(
      true,
    );
    expect(evaluate(request('sqs:SendMessage', 'arn:aws:sqs:us-east-1:444455556666:q'), s).allowed).toBe(
      false,
    );
  });

  test('? matches exactly one character in a resource', () => {
    const s = setOf({ identity: [doc(allow('s3:GetObject', `${BUCKET}/file?.txt`))] });
    expect(evaluate(request('s3:GetObject', `${BUCKET}/file1.txt`), s).allowed).toBe(true);
    expect(evaluate(request('s3:GetObject', `${BUCKET}/file12.txt`), s).allowed).toBe(false);
  });

  test('NotAction with Allow allows everything except the listed actions (NotAction page: all but IAM)', () => {
    const s = setOf({ identity: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] });
    expect(evaluate(request('s3:GetObject', OBJECT), s).allowed).toBe(true);
    expect(evaluate(request('iam:CreateUser', 'arn:aws:iam::111122223333:user/x'), s).allowed).toBe(false);
  });

  test('NotAction with Deny denies everything except the listed actions (MFA example)', () => {
    const s = setOf({
      identity: [
        doc([
          allow('*'),
          {
            Effect: 'Deny',
            NotAction: ['iam:ChangePassword', 'iam:GetUser'],
            Resource: '*',
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          },
        ]),
      ],
    });
    expect(evaluate(request('s3:GetObject', OBJECT, {}), s).decision).toBe('ExplicitDeny');
    expect(
      evaluate(request('iam:ChangePassword', 'arn:aws:iam::111122223333:user/alice', {}), s).decision,
    ).toBe('Allow');
    expect(
      evaluate(request('s3:GetObject', OBJECT, { 'aws:MultiFactorAuthPresent': true }), s).decision,
    ).toBe('Allow');
  });

  test('NotResource with Deny denies every resource but the listed ones (NotResource page)', () => {
    const s = setOf({
      identity: [
        doc([allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: [BUCKET, `${BUCKET}/*`] }]),
      ],
    });
    expect(evaluate(request('s3:GetObject', OBJECT), s).decision).toBe('Allow');
    expect(evaluate(request('s3:GetObject', 'arn:aws:s3:::other/x'), s).decision).toBe('ExplicitDeny');
  });
});

describe('policy variables (IAM policy elements: Variables and tags)', () => {
  test('${aws:username} in a resource (home folder example)', () => {
    const s = setOf({ identity: [doc(allow('s3:*', `${BUCKET}/home/\${aws:username}/*`))] });
    expect(evaluate(request('s3:PutObject', `${BUCKET}/home/alice/x`), s).allowed).toBe(true);
    expect(evaluate(request('s3:PutObject', `${BUCKET}/home/bob/x`), s).allowed).toBe(false);
  });

  test('Version 2008-10-17 treats ${…} as literal text', () => {
    const s = setOf({ identity: [doc(allow('s3:*', `${BUCKET}/home/\${aws:username}/*`), '2008-10-17')] });
    expect(evaluate(request('s3:PutObject', `${BUCKET}/home/alice/x`), s).allowed).toBe(false);
    expect(evaluate(request('s3:PutObject', `${BUCKET}/home/\${aws:username}/x`), s).allowed).toBe(true);
  });

  test('${*}, ${?} and ${$} stand for the literal characters', () => {
    const s = setOf({ identity: [doc(allow('s3:*', `${BUCKET}/\${*}\${?}\${$}`))] });
    expect(evaluate(request('s3:GetObject', `${BUCKET}/*?$`), s).allowed).toBe(true);
    expect(evaluate(request('s3:GetObject', `${BUCKET}/ab$`), s).allowed).toBe(false);
  });

  test('a variable with a default value uses it when the key is missing', () => {
    const s = setOf({
      identity: [doc(allow('s3:*', `${BUCKET}/\${aws:PrincipalTag/team, 'company-wide'}/*`))],
    });
    expect(evaluate(request('s3:GetObject', `${BUCKET}/company-wide/x`), s).allowed).toBe(true);
    const tagged: RequestPrincipal = { ...alice, tags: { Team: 'red' } };
    expect(evaluate(request('s3:GetObject', `${BUCKET}/red/x`, {}, tagged), s).allowed).toBe(true);
    expect(evaluate(request('s3:GetObject', `${BUCKET}/company-wide/x`, {}, tagged), s).allowed).toBe(false);
  });

  test('an unresolvable variable makes the element match nothing', () => {
    const s = setOf({ identity: [doc(allow('s3:*', `${BUCKET}/\${aws:PrincipalTag/team}/*`))] });
    expect(evaluate(request('s3:GetObject', `${BUCKET}//x`), s).allowed).toBe(false);
    const deny = setOf({
      identity: [
        doc([
          allow('s3:*'),
          { Effect: 'Deny', Action: 's3:*', NotResource: `${BUCKET}/\${aws:PrincipalTag/team}/*` },
        ]),
      ],
    });
    expect(evaluate(request('s3:GetObject', OBJECT), deny).decision).toBe('Allow');
  });

  test('a substituted value is literal, never a wildcard', () => {
    const s = setOf({ identity: [doc(allow('s3:*', `${BUCKET}/home/\${aws:username}/*`))] });
    const star: RequestPrincipal = { ...alice, username: '*' };
    expect(evaluate(request('s3:GetObject', `${BUCKET}/home/alice/x`, {}, star), s).allowed).toBe(false);
  });

  test('variables in condition values (StringEquals with ${aws:PrincipalTag/…})', () => {
    const s = setOf({
      identity: [
        doc(
          allow('ec2:*', '*', {
            Condition: { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } },
          }),
        ),
      ],
    });
    expect(evaluate(request('ec2:StopInstances', '*', { 'aws:ResourceTag/owner': 'alice' }), s).allowed).toBe(
      true,
    );
    expect(evaluate(request('ec2:StopInstances', '*', { 'aws:ResourceTag/owner': 'bob' }), s).allowed).toBe(
      false,
    );
  });

  test('aws:PrincipalArn of a role session is the role ARN', () => {
    const s = setOf({
      identity: [
        doc(
          allow('s3:*', '*', {
            Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Deploy' } },
          }),
        ),
      ],
    });
    expect(evaluate(request('s3:GetObject', OBJECT, {}, roleSession), s).allowed).toBe(true);
  });
});

describe('permissions boundaries (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html)', () => {
  // ShirleyRodriguez example: boundary allows s3, cloudwatch, ec2; identity allows iam:CreateUser.
  const boundary = doc(allow(['s3:*', 'cloudwatch:*', 'ec2:*']));
  test('an action allowed by identity but outside the boundary is implicitly denied by the boundary', () => {
    const set = setOf({ identity: [doc(allow('iam:CreateUser', '*'))], boundary });
    expect(evaluate(request('iam:CreateUser', 'arn:aws:iam::111122223333:user/x'), set)).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'boundary',
    });
    expect(explain(request('iam:CreateUser', 'arn:aws:iam::111122223333:user/x'), set).summary).toContain(
      'permissions boundary',
    );
  });

  test('an action in the boundary but not granted by identity is denied by identity', () => {
    const set = setOf({ identity: [doc(allow('iam:CreateUser'))], boundary });
    expect(evaluate(request('s3:GetObject', OBJECT), set)).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'identity',
    });
  });

  test('the intersection is allowed', () => {
    const set = setOf({ identity: [doc(allow('s3:GetObject'))], boundary });
    expect(evaluate(request('s3:GetObject', OBJECT), set).decision).toBe('Allow');
  });

  test('a same-account resource-based policy naming the user ARN is not limited by the boundary', () => {
    const set = setOf({
      boundary,
      resource: [doc({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sqs:SendMessage' })],
    });
    expect(evaluate(request('sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`), set)).toMatchObject({
      decision: 'Allow',
      decidedBy: 'resource',
    });
  });

  test('a same-account resource-based policy naming the role ARN is limited by the role boundary', () => {
    const set = setOf({
      boundary,
      resource: [
        doc({ Effect: 'Allow', Principal: { AWS: roleSession.roleArn }, Action: 'sqs:SendMessage' }),
      ],
    });
    const req = request('sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, {}, roleSession);
    expect(evaluate(req, set)).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'boundary' });
    const inBoundary = setOf({
      boundary: doc(allow('sqs:*')),
      resource: [
        doc({ Effect: 'Allow', Principal: { AWS: roleSession.roleArn }, Action: 'sqs:SendMessage' }),
      ],
    });
    expect(evaluate(req, inBoundary)).toMatchObject({ decision: 'Allow', decidedBy: 'resource' });
  });

  test('a same-account resource-based policy naming the session ARN is not limited by the boundary', () => {
    const set = setOf({
      boundary,
      resource: [doc({ Effect: 'Allow', Principal: { AWS: roleSession.arn }, Action: 'sqs:SendMessage' })],
    });
    expect(
      evaluate(request('sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, {}, roleSession), set)
        .decision,
    ).toBe('Allow');
  });

  test('Deny with NotPrincipal always denies a principal that has a boundary (documented warning)', () => {
    const resource = doc({
      Effect: 'Deny',
      NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${ACCOUNT}:root`] },
      Action: 's3:*',
      Resource: '*',
    });
    const withBoundary = setOf({
      identity: [doc(allow('s3:*'))],
      boundary: doc(allow('s3:*')),
      resource: [resource],
    });
    const without = setOf({ identity: [doc(allow('s3:*'))], resource: [resource] });
    expect(evaluate(request('s3:GetObject', OBJECT), withBoundary).decision).toBe('ExplicitDeny');
    expect(evaluate(request('s3:GetObject', OBJECT), without).decision).toBe('Allow');
  });
});

describe('session policies (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session)', () => {
  test('the session gets the intersection of identity and session policies', () => {
    const set = setOf({ identity: [doc(allow(['s3:*', 'sqs:*']))], session: [doc(allow('s3:GetObject'))] });
    const as = (action: string) => evaluate(request(action, OBJECT, {}, roleSession), set);
    expect(as('s3:GetObject').decision).toBe('Allow');
    expect(as('s3:PutObject')).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'session' });
  });

  test('several session policies act together (their union caps the session)', () => {
    const set = setOf({
      identity: [doc(allow('*'))],
      session: [doc(allow('s3:GetObject')), doc(allow('sqs:SendMessage'))],
    });
    expect(evaluate(request('sqs:SendMessage', OBJECT, {}, roleSession), set).allowed).toBe(true);
  });

  test('a resource-based policy naming the session ARN is not limited by the session policy', () => {
    const set = setOf({
      session: [doc(allow('s3:GetObject'))],
      resource: [doc({ Effect: 'Allow', Principal: { AWS: roleSession.arn }, Action: 'sqs:*' })],
    });
    expect(
      evaluate(request('sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, {}, roleSession), set)
        .allowed,
    ).toBe(true);
  });

  test('a resource-based policy naming the role ARN is limited by the session policy', () => {
    const set = setOf({
      session: [doc(allow('s3:GetObject'))],
      resource: [doc({ Effect: 'Allow', Principal: { AWS: roleSession.roleArn }, Action: 'sqs:*' })],
    });
    expect(
      evaluate(request('sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, {}, roleSession), set),
    ).toMatchObject({ decision: 'ImplicitDeny', decidedBy: 'session' });
  });

  test('an explicit deny in a session policy wins', () => {
    const set = setOf({ identity: [doc(allow('*'))], session: [doc([allow('*'), deny('s3:DeleteObject')])] });
    expect(evaluate(request('s3:DeleteObject', OBJECT, {}, roleSession), set)).toMatchObject({
      decision: 'ExplicitDeny',
      decidedBy: 'session',
    });
  });
});

describe('resource-based policies and accounts (Cross-account policy evaluation logic)', () => {
  const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:q`;
  const foreignQueue = `arn:aws:sqs:us-east-1:${OTHER_ACCOUNT}:q`;

  test('same account: a resource-based allow naming the user is enough without identity policy', () => {
    const set = setOf({
      resource: [doc({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sqs:SendMessage' })],
    });
    expect(evaluate(request('sqs:SendMessage', queue), set).decision).toBe('Allow');
  });

  test('same account: a resource-based allow naming only the account delegates to identity policies', () => {
    const set = setOf({
      resource: [doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sqs:SendMessage' })],
    });
    expect(evaluate(request('sqs:SendMessage', queue), set)).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'identity',
    });
    const withIdentity = setOf({
      identity: [doc(allow('sqs:*'))],
      resource: [doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sqs:SendMessage' })],
    });
    expect(evaluate(request('sqs:SendMessage', queue), withIdentity).decision).toBe('Allow');
  });

  test('cross account: identity allow alone is not enough', () => {
    const set = setOf({ identity: [doc(allow('sqs:*'))] });
    expect(evaluate(request('sqs:SendMessage', foreignQueue), set)).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'resource',
    });
  });

  test('cross account: resource allow alone is not enough', () => {
    const resource = setOf({
      resource: [doc({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sqs:SendMessage' })],
    });
    expect(evaluate(request('sqs:SendMessage', foreignQueue), setOf({}), resource)).toMatchObject({
      decision: 'ImplicitDeny',
      decidedBy: 'identity',
    });
  });

  test('cross account: both sides allow', () => {
    const principalSet = setOf({ identity: [doc(allow('sqs:*'))] });
    const resource = setOf({
      resource: [
        doc({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'sqs:SendMessage',
        }),
      ],
    });
    expect(evaluate(request('sqs:SendMessage', foreignQueue), principalSet, resource).decision).toBe('Allow');
  });

  test('resourceAccountId overrides the ARN (S3 ARNs carry no account)', () => {
    const principalSet = setOf({ identity: [doc(allow('s3:*'))] });
    expect(
      evaluate(request('s3:GetObject', OBJECT, {}, alice, { resourceAccountId: OTHER_ACCOUNT }), principalSet)
        .decision,
    ).toBe('ImplicitDeny');
    expect(evaluate(request('s3:GetObject', OBJECT), principalSet).decision).toBe('Allow');
  });

  test('the root user may do anything in its own account but not across accounts', () => {
    const root: RequestPrincipal = {
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      accountId: ACCOUNT,
      type: 'Account',
    };
    expect(
      evaluate(request('iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/x`, {}, root), setOf({})).decision,
    ).toBe('Allow');
    expect(evaluate(request('sqs:SendMessage', foreignQueue, {}, root), setOf({})).decision).toBe(
      'ImplicitDeny',
    );
  });

  test('a trust policy (resource-based) lets a principal of another account assume the role when both allow', () => {
    const trust = setOf({
      resource: [
        doc({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'x-1' } },
        }),
      ],
    });
    const caller: RequestPrincipal = {
      arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/ops`,
      accountId: OTHER_ACCOUNT,
      type: 'User',
    };
    const callerSet = setOf({ identity: [doc(allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/*`))] });
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/Audit`;
    expect(
      evaluate(request('sts:AssumeRole', roleArn, { 'sts:ExternalId': 'x-1' }, caller), callerSet, trust)
        .decision,
    ).toBe('Allow');
    expect(
      evaluate(request('sts:AssumeRole', roleArn, { 'sts:ExternalId': 'nope' }, caller), callerSet, trust)
        .decision,
    ).toBe('ImplicitDeny');
  });

  test('NotPrincipal with Deny exempts only a caller whose every identity is listed', () => {
    const resource = (listed: string[]) =>
      doc([
        { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: 's3:*', Resource: '*' },
      ]);
    const userOnly = setOf({ resource: [resource([alice.arn])] });
    const userAndAccount = setOf({ resource: [resource([alice.arn, ACCOUNT])] });
    expect(evaluate(request('s3:GetObject', OBJECT), userOnly).decision).toBe('ExplicitDeny');
    expect(evaluate(request('s3:GetObject', OBJECT), userAndAccount).decision).toBe('Allow');
  });

  test('service principals are matched by name', () => {
    const set = setOf({
      resource: [
        doc({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage' }),
      ],
    });
    const service: RequestPrincipal = { arn: 'events.amazonaws.com', accountId: ACCOUNT, type: 'Service' };
    expect(evaluate(request('sqs:SendMessage', queue, {}, service), set).allowed).toBe(true);
  });
});

describe('explain', () => {
  test('lists matched statements by policy id and Sid or index, and missing context keys', () => {
    const set = setOf({
      identity: [
        doc([
          { Sid: 'ReadAll', ...allow('s3:Get*') },
          allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' } } }),
        ]),
        doc({
          Sid: 'NoSecrets',
          ...deny('s3:GetObject', `${BUCKET}/*`, {
            Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
          }),
        }),
      ],
    });
    const e = explain(request('s3:GetObject', OBJECT), set);
    expect(e.decision).toBe('ExplicitDeny');
    expect(e.decidedBy).toBe('identity');
    expect(e.matchedStatements.map((m) => m.label)).toEqual(['identity-1#ReadAll', 'identity-2#NoSecrets']);
    expect(e.missingContextKeys).toEqual(['aws:PrincipalTag/team', 'aws:MultiFactorAuthPresent']);
    expect(e.summary).toContain('explicitly denied by the identity-based policy (identity-2#NoSecrets)');
  });

  test('labels statements without Sid by index', () => {
    const set = setOf({ identity: [doc([deny('sqs:*'), allow('s3:*')])] });
    expect(explain(request('s3:GetObject', OBJECT), set).matchedStatements[0].label).toBe(
      'identity-1#Statement[1]',
    );
  });
});
