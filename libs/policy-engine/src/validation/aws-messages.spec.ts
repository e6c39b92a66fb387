import { validatePolicy, type ValidatePolicyOptions } from './validate-policy';
import { compilePolicy } from '../compile/compile-policy';

/**
 * IAM's answers to invalid documents, verbatim. The cases and messages are those recorded against
 * IAM's CreatePolicy in the public corpus of moto
 * (https://github.com/getmoto/moto, tests/test_iam/test_iam_policies.py,
 * `invalid_policy_document_test_cases`), whose messages were taken from AWS's responses. The
 * first error the engine reports must be IAM's, word for word; the precise reason stays in
 * `detail` and the element in `path`.
 */
const managed: ValidatePolicyOptions = { type: 'identity', kind: 'managed' };
const bucket = 'arn:aws:s3:::example_bucket';
const v12 = (statement: unknown, extra: object = {}) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statement, ...extra });
const list = { Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket };

const cases: [string, string, string][] = [
  ['not JSON', 'This is not a json document', 'Syntax errors in policy.'],
  [
    'no Version',
    JSON.stringify({ Statement: list }),
    'Policy document must be version 2012-10-17 or greater.',
  ],
  [
    'Version 2008-10-17',
    JSON.stringify({ Version: '2008-10-17', Statement: list }),
    'Policy document must be version 2012-10-17 or greater.',
  ],
  ['unknown Version', JSON.stringify({ Version: '2013-10-17', Statement: list }), 'Syntax errors in policy.'],
  ['no Statement', JSON.stringify({ Version: '2012-10-17' }), 'Syntax errors in policy.'],
  ['statement not an object', v12(['afd']), 'Syntax errors in policy.'],
  ['extra top-level field', v12(list, { 'Extra field': 'value' }), 'Syntax errors in policy.'],
  ['extra statement field', v12({ ...list, 'Extra field': 'value' }), 'Syntax errors in policy.'],
  ['Id not a string', v12(list, { Id: ['cd3a324d2343d942772346'] }), 'Syntax errors in policy.'],
  ['invalid Effect', v12({ ...list, Effect: 'invalid' }), 'Syntax errors in policy.'],
  [
    'Action without vendor',
    v12({ ...list, Action: 'invalid' }),
    'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  ],
  [
    'empty NotAction',
    v12({ Effect: 'Allow', NotAction: '', Resource: bucket }),
    'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  ],
  ['vendor with a space', v12({ ...list, Action: 'a a:ListBucket' }), 'Vendor a a is not valid'],
  ['two colons', v12({ ...list, Action: 's3:List:Bucket' }), 'Actions/Condition can contain only one colon.'],
  [
    'Resource not an ARN',
    v12({ ...list, Resource: 'invalid resource' }),
    'Resource invalid resource must be in ARN format or "*".',
  ],
  ['empty Resource', v12({ ...list, Resource: '' }), 'Resource  must be in ARN format or "*".'],
  [
    'bad partition',
    v12({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:bsdfdsafsad' }),
    'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".',
  ],
  [
    'bad partition, three parts',
    v12({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:b:cadfsdf' }),
    'Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".',
  ],
  [
    'bad partition, eight parts',
    v12({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:b:c:d:e:f:g:h' }),
    'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".',
  ],
  [
    'no arn prefix',
    v12({ ...list, Resource: 'aws:s3:::example_bucket' }),
    'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".',
  ],
  [
    'partition error',
    v12({ ...list, Resource: ['arn:error:s3:::example_bucket', 'arn:error:s3::example_bucket'] }),
    'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".',
  ],
  ['empty Statement array', v12([]), 'Syntax errors in policy.'],
  [
    'no Resource',
    v12({ Effect: 'Allow', Action: 's3:ListBucket' }),
    'Policy statement must contain resources.',
  ],
  [
    'empty Resource array',
    v12({ Effect: 'Allow', Action: 's3:ListBucket', Resource: [] }),
    'Policy statement must contain resources.',
  ],
  ['no Action', v12({ Effect: 'Allow', Resource: bucket }), 'Policy statement must contain actions.'],
  ['no Effect', v12({ Action: 's3:ListBucket', Resource: bucket }), 'Syntax errors in policy.'],
  ['empty Action array', v12({ ...list, Action: [] }), 'Policy statement must contain actions.'],
  ['actions before resources', v12([{ Effect: 'Deny' }, list]), 'Policy statement must contain actions.'],
  [
    'IAM resource type',
    v12({ ...list, Resource: 'arn:aws:iam:::example_bucket' }),
    'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
  ],
  [
    'five-part ARN',
    v12({ ...list, Resource: 'arn:aws:s3::example_bucket' }),
    'The policy failed legacy parsing',
  ],
  [
    'five-part ARN, no Action',
    v12({ Effect: 'Allow', Resource: 'arn:aws:s3::example_bucket' }),
    'The policy failed legacy parsing',
  ],
  [
    'two-part ARN',
    v12({ ...list, Resource: 'arn:aws' }),
    'Resource vendor must be fully qualified and cannot contain regexes.',
  ],
  ['Resource an object', v12({ ...list, Resource: { a: bucket } }), 'Syntax errors in policy.'],
  [
    'Resource list with an object',
    v12({ Effect: 'Deny', Action: 's3:ListBucket', Resource: ['adfdf', {}] }),
    'Syntax errors in policy.',
  ],
  [
    'Resource and NotResource',
    v12({ Effect: 'Allow', NotAction: 's3:ListBucket', Resource: bucket, NotResource: [] }),
    'Syntax errors in policy.',
  ],
  ['Action of arrays', v12({ Effect: 'Deny', Action: [[]], Resource: bucket }), 'Syntax errors in policy.'],
  [
    'Action and NotAction',
    v12({ Effect: 'Allow', NotAction: 's3s:ListBucket', Action: [], Resource: bucket }),
    'Syntax errors in policy.',
  ],
  ['Condition a list', v12({ ...list, Condition: [] }), 'Syntax errors in policy.'],
  ['Condition a string', v12({ ...list, Condition: 'a' }), 'Syntax errors in policy.'],
  ['unknown operator', v12({ ...list, Condition: { x: { a: '1' } } }), 'Syntax errors in policy.'],
  [
    'double colon operator',
    v12({ ...list, Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'asf' } } }),
    'Syntax errors in policy.',
  ],
  [
    'IAM ARN with a region',
    v12({ ...list, Resource: 'arn:aws:iam:us-east-1::example_bucket' }),
    'IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.',
  ],
  [
    'S3 ARN with a region',
    v12({ ...list, Resource: 'arn:aws:s3:us-east-1::example_bucket' }),
    'Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.',
  ],
  ['Sid an object', v12({ ...list, Sid: {} }), 'Syntax errors in policy.'],
  [
    'duplicate Sid',
    v12([
      { ...list, Sid: 'sdf' },
      { Sid: 'sdf', Effect: 'Allow' },
    ]),
    'Statement IDs (SID) in a single policy must be unique.',
  ],
  [
    'duplicate Sid without Version',
    JSON.stringify({
      Statement: [
        { ...list, Sid: 'sdf' },
        { Sid: 'sdf', Effect: 'Allow' },
      ],
    }),
    'Policy document must be version 2012-10-17 or greater.',
  ],
  ['Effect in lower case', v12({ ...list, Effect: 'denY' }), 'The policy failed legacy parsing'],
  [
    'date that is no date',
    v12({ ...list, Condition: { DateGreaterThan: { a: 'sdfdsf' } } }),
    'The policy failed legacy parsing',
  ],
  [
    'bad date without Version',
    JSON.stringify({ Statement: { ...list, Condition: { DateGreaterThan: { a: 'sdfdsf' } } } }),
    'Policy document must be version 2012-10-17 or greater.',
  ],
  [
    'bad Effect case without Version',
    JSON.stringify({ Statement: { ...list, Effect: 'denY' } }),
    'Policy document must be version 2012-10-17 or greater.',
  ],
  [
    'bad date, no Action',
    v12({ Effect: 'Allow', Condition: { DateGreaterThan: { a: 'sdfdsf' } } }),
    'The policy failed legacy parsing',
  ],
  [
    'empty service',
    v12({ Effect: 'Allow', NotAction: 's3:ListBucket', Resource: 'arn:aws::::example_bucket' }),
    'The policy failed legacy parsing',
  ],
  [
    'Effect case and region',
    v12({ Effect: 'allow', Resource: 'arn:aws:s3:us-east-1::example_bucket' }),
    'The policy failed legacy parsing',
  ],
  [
    'Effect case before duplicate Sid',
    v12([
      { ...list, Sid: 'sdf', Effect: 'aLLow' },
      { Sid: 'sdf', Effect: 'Allow' },
    ]),
    'The policy failed legacy parsing',
  ],
  [
    'five-part NotResource',
    v12({ Effect: 'Allow', Action: 's3:ListBucket', NotResource: 'arn:aws:s3::example_bucket' }),
    'The policy failed legacy parsing',
  ],
  [
    'month 13',
    v12({ ...list, Condition: { DateLessThanEquals: { a: '234-13' } } }),
    'The policy failed legacy parsing',
  ],
  [
    'bad date with bad partition',
    v12({
      ...list,
      Resource: 'arn:error:s3:::example_bucket',
      Condition: { DateGreaterThan: { a: 'sdfdsf' } },
    }),
    'The policy failed legacy parsing',
  ],
  [
    'empty service, three parts',
    v12({ ...list, Resource: 'arn:aws::fdsasf' }),
    'The policy failed legacy parsing',
  ],
  [
    'wildcard service',
    v12({ ...list, Resource: 'arn:aws:*:*:*:*fss-prod*' }),
    'Resource vendor must be fully qualified and cannot contain regexes.',
  ],
];

describe("validation answers with IAM's words (CreatePolicy)", () => {
  test.each(cases)('%s', (_name, text, message) => {
    const result = validatePolicy(text, managed);
    expect(result.ok).toBe(false);
    expect(result.errors[0].message).toBe(message);
    expect(result.errors[0].errorCode).toBe('MalformedPolicyDocument');
  });

  test('the precise reason stays available in detail and path', () => {
    const [first] = validatePolicy(v12({ ...list, Extra: 1 }), managed).errors;
    expect(first).toMatchObject({
      message: 'Syntax errors in policy.',
      detail: 'Unknown field Extra.',
      path: 'Statement[0].Extra',
    });
  });

  test.each([
    ['three parts', 'arn:aws:fdsasf'],
    ['a queue pattern', 'arn:aws:sqs:*'],
    ['a region prefix', 'arn:aws:sqs:us-*'],
    ['an unknown service', 'arn:aws:s33:::example_bucket'],
    ['a cloudwatch ARN with a region', 'arn:aws:cloudwatch:us-east-1::example_bucket'],
    ['an IAM user', 'arn:aws:iam:::user/example_bucket'],
    ['an S3 access point', 'arn:aws:s3:us-east-1:111122223333:accesspoint/ap'],
    ['a variable in the account', 'arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}'],
  ])('IAM accepts the Resource of %s', (_name, resource) => {
    expect(validatePolicy(v12({ ...list, Resource: resource }), managed).errors).toEqual([]);
  });
});

/**
 * Version, per policy type. "IAM JSON policy elements: Version"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html):
 * "If you do not include a Version element, the value defaults to 2008-10-17" — documents
 * without Version are read under the old rules, and IAM's CreatePolicy (and CreatePolicyVersion)
 * refuse them for managed policies: "Policy document must be version 2012-10-17 or greater."
 * (moto corpus above). Inline, trust, session and boundary documents keep the documented default.
 */
describe('Version rules per policy type', () => {
  const noVersion = JSON.stringify({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } });
  const old = JSON.stringify({
    Version: '2008-10-17',
    Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
  });
  const trustNoVersion = JSON.stringify({
    Statement: { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' },
  });

  test.each<[string, string, ValidatePolicyOptions, boolean]>([
    ['managed policy without Version', noVersion, managed, false],
    ['managed policy with 2008-10-17', old, managed, false],
    ['inline user policy without Version', noVersion, { type: 'identity', kind: 'inline-user' }, true],
    ['inline role policy with 2008-10-17', old, { type: 'identity', kind: 'inline-role' }, true],
    ['trust policy without Version', trustNoVersion, { type: 'resource' }, true],
    ['session policy without Version', noVersion, { type: 'session' }, true],
    ['boundary document without Version', noVersion, { type: 'boundary' }, true],
    ['explicitly required', noVersion, { type: 'session', requireCurrentVersion: true }, false],
  ])('%s: accepted = %s', (_name, text, options, accepted) => {
    const result = validatePolicy(text, options);
    expect(result.ok).toBe(accepted);
    if (!accepted)
      expect(result.errors[0].message).toBe('Policy document must be version 2012-10-17 or greater.');
  });

  test('a managed policy stored before the rule still compiles', () => {
    expect(() => compilePolicy(noVersion, managed)).not.toThrow();
  });
});

describe('NotPrincipal with Allow is refused in every policy type', () => {
  const allowAllBut = {
    Effect: 'Allow',
    NotPrincipal: { AWS: '111122223333' },
    Action: 'sqs:SendMessage',
    Resource: '*',
  };
  test("resource-based policies: the NotPrincipal page's words", () => {
    const [first, ...rest] = validatePolicy(v12(allowAllBut), { type: 'resource' }).errors;
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      code: 'NOT_PRINCIPAL_WITH_ALLOW',
      path: 'Statement[0].NotPrincipal',
      errorCode: 'MalformedPolicyDocument',
      message:
        'NotPrincipal must be used with "Effect":"Deny". Using it with "Effect":"Allow" is not supported.',
    });
  });
  test('identity policies: no principal at all', () => {
    expect(validatePolicy(v12(allowAllBut), managed).errors[0].message).toBe(
      'Policy document should not specify a principal.',
    );
  });
  test('Deny with NotPrincipal stays valid', () => {
    expect(validatePolicy(v12({ ...allowAllBut, Effect: 'Deny' }), { type: 'resource' }).ok).toBe(true);
  });
});
