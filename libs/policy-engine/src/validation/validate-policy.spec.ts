import { validatePolicy, type PolicyType } from '../index';

// Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// Elements: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
// Quotas:   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html

const stmt = (s: object) => JSON.stringify({ Version: '2012-10-17', Statement: s });
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const trust = {
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111122223333:root' },
  Action: 'sts:AssumeRole',
};

type Case = [name: string, text: string, type: PolicyType, code: string, path: string, message?: string];

const invalid: Case[] = [
  ['not JSON', '{"Version": ', 'identity', 'SYNTAX_ERROR', '', 'Syntax errors in policy.'],
  ['a JSON array', '[]', 'identity', 'SYNTAX_ERROR', ''],
  ['empty document', '   ', 'identity', 'EMPTY_POLICY', ''],
  [
    'unknown top-level field',
    JSON.stringify({ Version: '2012-10-17', Statment: [ok] }),
    'identity',
    'UNKNOWN_FIELD',
    'Statment',
  ],
  [
    'unsupported Version',
    JSON.stringify({ Version: '2020-01-01', Statement: ok }),
    'identity',
    'INVALID_VERSION',
    'Version',
  ],
  [
    'missing Statement',
    JSON.stringify({ Version: '2012-10-17' }),
    'identity',
    'MISSING_STATEMENT',
    'Statement',
    'Syntax errors in policy.',
  ],
  [
    'empty Statement array',
    JSON.stringify({ Version: '2012-10-17', Statement: [] }),
    'identity',
    'MISSING_STATEMENT',
    'Statement',
  ],
  ['statement not an object', stmt(['x']), 'identity', 'INVALID_STATEMENT', 'Statement[0]'],
  [
    'missing Effect',
    stmt({ Action: 's3:*', Resource: '*' }),
    'identity',
    'MISSING_EFFECT',
    'Statement[0].Effect',
    'Syntax errors in policy.',
  ],
  [
    'invalid Effect',
    stmt({ ...ok, Effect: 'Permit' }),
    'identity',
    'INVALID_EFFECT',
    'Statement[0].Effect',
    'Syntax errors in policy.',
  ],
  [
    'Effect is case-sensitive',
    stmt({ ...ok, Effect: 'allow' }),
    'identity',
    'LEGACY_PARSING',
    'Statement[0].Effect',
    'The policy failed legacy parsing',
  ],
  [
    'missing Action',
    stmt({ Effect: 'Allow', Resource: '*' }),
    'identity',
    'MISSING_ACTION',
    'Statement[0].Action',
    'Policy statement must contain actions.',
  ],
  [
    'Action and NotAction together',
    stmt({ ...ok, NotAction: 'iam:*' }),
    'identity',
    'MUTUALLY_EXCLUSIVE_ELEMENTS',
    'Statement[0]',
  ],
  [
    'Action without vendor',
    stmt({ ...ok, Action: 'GetObject' }),
    'identity',
    'INVALID_ACTION',
    'Statement[0].Action',
    'Actions/Conditions must be prefaced by a vendor',
  ],
  [
    'Action with wildcard vendor',
    stmt({ ...ok, Action: 's*:GetObject' }),
    'identity',
    'INVALID_ACTION',
    'Statement[0].Action',
  ],
  [
    'empty Action array',
    stmt({ ...ok, Action: [] }),
    'identity',
    'MISSING_ACTION',
    'Statement[0].Action',
    'Policy statement must contain actions.',
  ],
  [
    'Action of the wrong type',
    stmt({ ...ok, Action: 5 }),
    'identity',
    'INVALID_ELEMENT_TYPE',
    'Statement[0].Action',
  ],
  [
    'missing Resource in an identity policy',
    stmt({ Effect: 'Allow', Action: 's3:*' }),
    'identity',
    'MISSING_RESOURCE',
    'Statement[0].Resource',
    'Policy statement must contain resources.',
  ],
  [
    'Resource not an ARN',
    stmt({ ...ok, Resource: 'bucket/*' }),
    'identity',
    'INVALID_RESOURCE',
    'Statement[0].Resource',
    'Resource bucket/* must be in ARN format or "*".',
  ],
  [
    'Resource and NotResource together',
    stmt({ ...ok, NotResource: '*' }),
    'identity',
    'MUTUALLY_EXCLUSIVE_ELEMENTS',
    'Statement[0]',
  ],
  [
    'Principal in an identity policy',
    stmt({ ...ok, Principal: '*' }),
    'identity',
    'PRINCIPAL_NOT_ALLOWED',
    'Statement[0].Principal',
    'Policy document should not specify a principal.',
  ],
  [
    'NotPrincipal in a permissions boundary',
    stmt({ ...ok, NotPrincipal: { AWS: '111122223333' } }),
    'boundary',
    'PRINCIPAL_NOT_ALLOWED',
    'Statement[0].NotPrincipal',
  ],
  [
    'Principal in a session policy',
    stmt({ ...ok, Principal: '*' }),
    'session',
    'PRINCIPAL_NOT_ALLOWED',
    'Statement[0].Principal',
  ],
  [
    'trust policy without Principal',
    stmt({ Effect: 'Allow', Action: 'sts:AssumeRole' }),
    'resource',
    'MISSING_PRINCIPAL',
    'Statement[0].Principal',
    'Missing required field Principal',
  ],
  [
    'partial wildcard principal',
    stmt({ ...trust, Principal: { AWS: 'arn:aws:iam::111122223333:role/*' } }),
    'resource',
    'INVALID_PRINCIPAL',
    'Statement[0].Principal.AWS',
    'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:role/*"',
  ],
  [
    'unknown principal type',
    stmt({ ...trust, Principal: { Aws: '111122223333' } }),
    'resource',
    'INVALID_PRINCIPAL',
    'Statement[0].Principal.Aws',
  ],
  [
    'principal account id too short',
    stmt({ ...trust, Principal: { AWS: '1234' } }),
    'resource',
    'INVALID_PRINCIPAL',
    'Statement[0].Principal.AWS',
  ],
  [
    'duplicate Sid',
    stmt([
      { ...ok, Sid: 'A' },
      { ...ok, Sid: 'A' },
    ]),
    'identity',
    'DUPLICATE_SID',
    'Statement[1].Sid',
    'Statement IDs (SID) in a single policy must be unique.',
  ],
  [
    'non-alphanumeric Sid in an identity policy',
    stmt({ ...ok, Sid: 'my sid' }),
    'identity',
    'INVALID_SID_CHARACTERS',
    'Statement[0].Sid',
    'Statement IDs (SID) must be alpha-numeric.',
  ],
  [
    'unknown statement field',
    stmt({ ...ok, Actions: 's3:*' }),
    'identity',
    'UNKNOWN_FIELD',
    'Statement[0].Actions',
  ],
  [
    'unknown condition operator',
    stmt({ ...ok, Condition: { StringEqualz: { 'aws:username': 'a' } } }),
    'identity',
    'INVALID_CONDITION_OPERATOR',
    'Statement[0].Condition.StringEqualz',
    'Syntax errors in policy.',
  ],
  [
    'unknown operator in an IfExists position',
    stmt({ ...ok, Condition: { StringEqualzIfExists: { 'aws:username': 'a' } } }),
    'identity',
    'INVALID_CONDITION_OPERATOR',
    'Statement[0].Condition.StringEqualzIfExists',
  ],
  [
    'Null takes no IfExists',
    stmt({ ...ok, Condition: { NullIfExists: { 'aws:username': 'true' } } }),
    'identity',
    'INVALID_CONDITION_OPERATOR',
    'Statement[0].Condition.NullIfExists',
  ],
  [
    'Null takes no set qualifier',
    stmt({ ...ok, Condition: { 'ForAnyValue:Null': { 'aws:TagKeys': 'true' } } }),
    'identity',
    'INVALID_CONDITION_OPERATOR',
    'Statement[0].Condition.ForAnyValue:Null',
  ],
  [
    'condition key without vendor',
    stmt({ ...ok, Condition: { StringLike: { username: 'a' } } }),
    'identity',
    'INVALID_CONDITION_KEY',
    'Statement[0].Condition.StringLike.username',
  ],
  [
    'condition operator block not an object',
    stmt({ ...ok, Condition: { StringLike: 'x' } }),
    'identity',
    'INVALID_CONDITION',
    'Statement[0].Condition.StringLike',
  ],
  [
    'condition value null',
    stmt({ ...ok, Condition: { StringLike: { 'aws:username': null } } }),
    'identity',
    'INVALID_CONDITION_VALUE_TYPE',
    'Statement[0].Condition.StringLike.aws:username',
  ],
  [
    'empty condition value list',
    stmt({ ...ok, Condition: { StringLike: { 'aws:username': [] } } }),
    'identity',
    'EMPTY_ELEMENT',
    'Statement[0].Condition.StringLike.aws:username',
  ],
  [
    'Numeric value not a number',
    stmt({ ...ok, Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } }),
    'identity',
    'INVALID_CONDITION_VALUE',
    'Statement[0].Condition.NumericLessThan.s3:max-keys',
  ],
  [
    'Date value not a date',
    stmt({ ...ok, Condition: { DateLessThan: { 'aws:CurrentTime': 'tomorrow' } } }),
    'identity',
    'LEGACY_PARSING',
    'Statement[0].Condition.DateLessThan.aws:CurrentTime',
  ],
  [
    'Bool value not a boolean',
    stmt({ ...ok, Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }),
    'identity',
    'INVALID_CONDITION_VALUE',
    'Statement[0].Condition.Bool.aws:SecureTransport',
  ],
  [
    'IpAddress value not a CIDR',
    stmt({ ...ok, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }),
    'identity',
    'INVALID_CONDITION_VALUE',
    'Statement[0].Condition.IpAddress.aws:SourceIp',
  ],
  [
    'Binary value not base-64',
    stmt({ ...ok, Condition: { BinaryEquals: { 'x:k': 'not base64!' } } }),
    'identity',
    'INVALID_CONDITION_VALUE',
    'Statement[0].Condition.BinaryEquals.x:k',
  ],
  ['characters outside U+0020–U+00FF', stmt({ ...ok, Sid: 'Ω' }), 'identity', 'INVALID_CHARACTERS', ''],
];

describe('validatePolicy: MalformedPolicyDocument cases', () => {
  test.each(invalid.map((c) => [c[0], c] as const))('%s', (_name, [, text, type, code, path, message]) => {
    const result = validatePolicy(text, { type });
    expect(result.ok).toBe(false);
    expect(result.policy).toBeUndefined();
    const finding = result.errors.find((e) => e.code === code);
    expect(finding).toBeDefined();
    expect(finding?.path).toBe(path);
    expect(finding?.severity).toBe('ERROR');
    if (message) expect(finding?.message).toContain(message);
  });

  test('reports the path of the third statement (Statement[2].Condition.StringLike)', () => {
    const result = validatePolicy(stmt([ok, ok, { ...ok, Condition: { StringLike: [] } }]), {
      type: 'identity',
    });
    expect(result.errors.map((e) => e.path)).toEqual(['Statement[2].Condition.StringLike']);
  });

  test('collects several errors at once', () => {
    const result = validatePolicy(stmt([{ Effect: 'Maybe' }, { ...ok, Resource: 'x' }]), {
      type: 'identity',
    });
    expect(result.errors.map((e) => e.code).sort()).toEqual([
      'INVALID_EFFECT',
      'INVALID_RESOURCE',
      'MISSING_ACTION',
      'MISSING_RESOURCE',
    ]);
  });
});

describe('validatePolicy: valid documents', () => {
  test.each<[string, string, PolicyType]>([
    ['Statement as a single object', stmt(ok), 'identity'],
    ['Version omitted (2008-10-17 rules apply)', JSON.stringify({ Statement: ok }), 'identity'],
    ['legacy Version 2008-10-17', JSON.stringify({ Version: '2008-10-17', Statement: ok }), 'identity'],
    [
      'Id element',
      JSON.stringify({ Version: '2012-10-17', Id: 'cd3ad3d9-2776-4ef1-a904-4c229d1642ee', Statement: ok }),
      'identity',
    ],
    [
      'NotAction with NotResource',
      stmt({ Effect: 'Deny', NotAction: ['iam:*'], NotResource: ['arn:aws:iam::111122223333:user/x'] }),
      'identity',
    ],
    [
      'policy variables in Resource',
      stmt({ ...ok, Resource: 'arn:aws:s3:::bucket/${aws:username}/*' }),
      'identity',
    ],
    [
      'trust policy with a role principal and no Resource',
      stmt({ ...trust, Principal: { AWS: 'arn:aws:iam::111122223333:role/Admin' } }),
      'resource',
    ],
    [
      'trust policy for a service',
      stmt({ ...trust, Principal: { Service: 'ec2.amazonaws.com' } }),
      'resource',
    ],
    [
      'trust policy for an OIDC provider',
      stmt({
        ...trust,
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.example.com' },
      }),
      'resource',
    ],
    [
      'trust policy for an internal OIDC issuer, its port and path in the ARN and the condition keys',
      stmt({
        ...trust,
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/keycloak.internal:8443/realms/dev' },
        Condition: {
          StringEquals: { 'keycloak.internal:8443/realms/dev:aud': 'ci' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:org/*' },
        },
      }),
      'resource',
    ],
    ['Principal "*"', stmt({ ...trust, Principal: '*' }), 'resource'],
    [
      'assumed-role session principal',
      stmt({ ...trust, Principal: { AWS: 'arn:aws:sts::111122223333:assumed-role/R/s' } }),
      'resource',
    ],
    [
      'numbers and booleans as condition values',
      stmt({
        ...ok,
        Condition: { NumericLessThan: { 's3:max-keys': 10 }, Bool: { 'aws:SecureTransport': true } },
      }),
      'identity',
    ],
    [
      'epoch seconds as a date',
      stmt({ ...ok, Condition: { DateGreaterThan: { 'aws:EpochTime': 1700000000 } } }),
      'identity',
    ],
    [
      'IPv6 CIDR',
      stmt({ ...ok, Condition: { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } } }),
      'identity',
    ],
    ['resource policies may use Sids with spaces', stmt({ ...trust, Sid: 'Allow audit role' }), 'resource'],
  ])('%s', (_name, text, type) => {
    const result = validatePolicy(text, { type });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.policy?.statements.length).toBeGreaterThan(0);
  });

  test('normalizes single values to arrays and flattens conditions', () => {
    const result = validatePolicy(
      stmt({ ...ok, Sid: 'S1', Condition: { StringLike: { 's3:prefix': ['a/*', 'b/*'] } } }),
      { type: 'identity' },
    );
    expect(result.policy?.statements[0]).toEqual({
      index: 0,
      sid: 'S1',
      effect: 'Allow',
      action: ['s3:GetObject'],
      notAction: undefined,
      resource: ['*'],
      notResource: undefined,
      principal: undefined,
      notPrincipal: undefined,
      condition: [{ operator: 'StringLike', key: 's3:prefix', values: ['a/*', 'b/*'] }],
    });
  });
});

describe('validatePolicy: size quotas, counted without white space', () => {
  const sized = (n: number) => {
    const base = stmt({ ...ok, Sid: '' });
    // Pad the Sid so that the non-white-space length is exactly n.
    return stmt({ ...ok, Sid: 'x'.repeat(n - base.length) });
  };
  test.each<[string, PolicyType, object, number]>([
    ['managed policy 6,144', 'identity', {}, 6144],
    ['inline user policy 2,048', 'identity', { kind: 'inline-user' }, 2048],
    ['inline group policy 5,120', 'identity', { kind: 'inline-group' }, 5120],
    ['inline role policy 10,240', 'identity', { kind: 'inline-role' }, 10240],
    ['permissions boundary (managed) 6,144', 'boundary', {}, 6144],
    ['session policy 2,048', 'session', {}, 2048],
  ])('%s', (_name, type, extra, limit) => {
    expect(validatePolicy(sized(limit), { type, ...extra }).ok).toBe(true);
    const over = validatePolicy(sized(limit + 1), { type, ...extra });
    expect(over.errors[0]).toMatchObject({ code: 'POLICY_SIZE_EXCEEDED', errorCode: 'LimitExceeded' });
  });

  test('trust policy 2,048 (ACLSizePerRole)', () => {
    const text = stmt({ ...trust, Sid: 'x'.repeat(2100) });
    expect(validatePolicy(text, { type: 'resource' }).errors[0].message).toContain('ACLSizePerRole: 2048');
  });

  test('white space does not count', () => {
    const compact = stmt(ok);
    const spaced = JSON.stringify(JSON.parse(compact), null, 8);
    expect(validatePolicy(spaced, { type: 'identity', sizeLimit: compact.length }).ok).toBe(true);
  });

  test('sizeLimit overrides the quota', () => {
    expect(validatePolicy(stmt(ok), { type: 'identity', sizeLimit: 10 }).ok).toBe(false);
  });
});

describe('validatePolicy accepts objects as well as text', () => {
  test('an object document', () => {
    expect(validatePolicy({ Version: '2012-10-17', Statement: [ok] }, { type: 'identity' }).ok).toBe(true);
  });
});
