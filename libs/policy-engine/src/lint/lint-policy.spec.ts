import { lintPolicy, type PolicyType } from '../index';
import { globCovers } from './pattern-coverage';

// Modelled on IAM Access Analyzer policy checks:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html

const policy = (statements: object | object[], version: string | null = '2012-10-17') =>
  JSON.stringify(version ? { Version: version, Statement: statements } : { Statement: statements });
const codes = (text: string, type: PolicyType = 'identity') =>
  lintPolicy(text, { type }).map((f) => `${f.severity}:${f.code}`);

describe('lintPolicy', () => {
  const cases: [string, string, string, PolicyType?][] = [
    [
      'PassRole with star in resource',
      policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }),
      'SECURITY_WARNING:PASS_ROLE_WITH_STAR_IN_RESOURCE',
    ],
    [
      'PassRole through iam:* with star in resource',
      policy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }),
      'SECURITY_WARNING:PASS_ROLE_WITH_STAR_IN_RESOURCE',
    ],
    [
      'sensitive action with star in resource',
      policy({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' }),
      'SECURITY_WARNING:SENSITIVE_ACTION_WITH_STAR_IN_RESOURCE',
    ],
    [
      'Allow with NotAction on every resource',
      policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
      'SECURITY_WARNING:ALLOW_WITH_NOT_ACTION',
    ],
    [
      'Allow with NotAction on one resource',
      policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b/*' }),
      'WARNING:ALLOW_WITH_NOT_ACTION',
    ],
    [
      'Allow with NotResource',
      policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }),
      'WARNING:ALLOW_WITH_NOT_RESOURCE',
    ],
    ['Allow * on *', policy({ Effect: 'Allow', Action: '*', Resource: '*' }), 'SECURITY_WARNING:FULL_ACCESS'],
    [
      // "Using it with "Effect":"Allow" is not supported." (NotPrincipal page): a validation error now.
      'Allow with NotPrincipal',
      policy({ Effect: 'Allow', NotPrincipal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }),
      'ERROR:NOT_PRINCIPAL_WITH_ALLOW',
      'resource',
    ],
    [
      'Deny with NotPrincipal',
      policy({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }),
      'WARNING:DENY_WITH_NOT_PRINCIPAL',
      'resource',
    ],
    [
      'public principal without condition',
      policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }),
      'SECURITY_WARNING:PUBLIC_ACCESS',
      'resource',
    ],
    [
      'missing Version',
      policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, null),
      'WARNING:MISSING_VERSION',
    ],
    [
      'variables with the 2008 version',
      policy({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:username}' }, '2008-10-17'),
      'WARNING:VARIABLES_NEED_VERSION_2012',
    ],
    [
      'malformed variable',
      policy({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:username' }),
      'WARNING:MALFORMED_POLICY_VARIABLE',
    ],
    [
      'set operator on a single-valued key',
      policy({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { 'ForAnyValue:IpAddress': { 'aws:SourceIp': '10.0.0.0/8' } },
      }),
      'WARNING:SET_OPERATOR_ON_SINGLE_VALUED_KEY',
    ],
    [
      'multi-valued key without set operator',
      policy({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:TagKeys': 'a' } },
      }),
      'WARNING:MISSING_SET_OPERATOR',
    ],
    [
      'ForAllValues in an Allow without Null check',
      policy({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'a' } },
      }),
      'WARNING:FOR_ALL_VALUES_WITH_ALLOW',
    ],
    [
      'string operator on a boolean key',
      policy({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SecureTransport': 'true' } },
      }),
      'SUGGESTION:BOOLEAN_KEY_WITH_STRING_OPERATOR',
    ],
    [
      'CIDR with host bits',
      policy({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.1.2.3/8' } },
      }),
      'SUGGESTION:CIDR_HOST_BITS_SET',
    ],
    [
      'BoolIfExists on MFA in an Allow',
      policy({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
      }),
      'WARNING:IF_EXISTS_WIDENS_ALLOW',
    ],
    [
      'redundant action in a statement',
      policy({ Effect: 'Allow', Action: ['s3:*', 's3:GetObject'], Resource: '*' }),
      'SUGGESTION:REDUNDANT_ACTION',
    ],
    [
      'variable in Action',
      policy({ Effect: 'Allow', Action: 's3:${aws:username}', Resource: '*' }),
      'ERROR:INVALID_ACTION',
    ],
    [
      'redundant statement',
      policy([
        { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/k' },
      ]),
      'WARNING:REDUNDANT_STATEMENT',
    ],
    [
      'unknown operator in an IfExists position is an ERROR',
      policy({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringEqualzIfExists: { 'aws:username': 'a' } },
      }),
      'ERROR:INVALID_CONDITION_OPERATOR',
    ],
  ];
  test.each(cases.map((c) => [c[0], c] as const))('%s', (_name, [, text, expected, type]) => {
    expect(codes(text, type ?? 'identity')).toContain(expected);
  });

  test('a tight policy has no findings', () => {
    const text = policy([
      {
        Sid: 'Read',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
      {
        Sid: 'PassDeployRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: 'arn:aws:iam::111122223333:role/Deploy',
      },
    ]);
    expect(lintPolicy(text, { type: 'identity' })).toEqual([]);
  });

  test('statements with different conditions are not redundant', () => {
    const text = policy([
      {
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/k' },
    ]);
    expect(codes(text)).not.toContain('WARNING:REDUNDANT_STATEMENT');
  });

  test('of two identical statements only the later is reported', () => {
    const s = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/k' };
    const findings = lintPolicy(policy([s, s]), { type: 'identity' }).filter(
      (f) => f.code === 'REDUNDANT_STATEMENT',
    );
    expect(findings.map((f) => f.path)).toEqual(['Statement[1]']);
  });
});

describe('globCovers', () => {
  test.each<[string, string, boolean]>([
    ['s3:*', 's3:Get*', true],
    ['s3:Get*', 's3:*', false],
    ['s3:Get?', 's3:Get*', false],
    ['s3:Get?', 's3:GetX', true],
    ['*', 'anything', true],
    ['s3:*Object', 's3:Get*Object', true],
  ])('%s covers %s: %s', (wide, narrow, expected) => {
    expect(globCovers(wide, narrow, false)).toBe(expected);
  });
});
