import { IamError } from '@iam/contracts';
import { TrustPolicySizeLimit, validateTrustPolicy } from './trust-policy';

const trust = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

function failure(document: string, field?: string): { code: string; message: string } {
  try {
    validateTrustPolicy(document, field);
  } catch (error) {
    expect(error).toBeInstanceOf(IamError);
    return { code: (error as IamError).code, message: (error as IamError).message };
  }
  throw new Error('expected the trust policy to be refused');
}

describe('validateTrustPolicy', () => {
  it('accepts a trust policy naming who may assume the role', () => {
    expect(() =>
      validateTrustPolicy(
        trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      ),
    ).not.toThrow();
    expect(() =>
      validateTrustPolicy(
        trust({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        }),
      ),
    ).not.toThrow();
  });

  it.each([
    [trust({ Effect: 'Allow', Action: 'sts:AssumeRole' }), /Principal/],
    [
      trust({ Effect: 'Allowed', Principal: '*', Action: 'sts:AssumeRole' }),
      /^Syntax errors in policy\. \(Statement\[0\]\.Effect: Invalid effect: Allowed\)$/,
    ],
    [
      trust({
        Effect: 'Allow',
        Principal: '*',
        Action: 'sts:AssumeRole',
        Condition: { StringEqualz: { a: 'b' } },
      }),
      /^Syntax errors in policy\. \(Statement\[0\]\.Condition\.StringEqualz: Invalid Condition type : StringEqualz\)$/,
    ],
    ['{not json', /^Syntax errors in policy\. \(/],
  ])('answers MalformedPolicyDocument naming the element: %s', (document, message) => {
    const error = failure(document);
    expect(error.code).toBe('MalformedPolicyDocument');
    expect(error.message).toMatch(message);
  });

  it.each([
    [
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' },
      'Has prohibited field Resource',
    ],
    [
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', NotResource: 'arn:aws:s3:::b' },
      'Has prohibited field NotResource',
    ],
    [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject' },
      'AssumeRole policy may only specify STS AssumeRole actions.',
    ],
    [
      { Effect: 'Allow', Principal: '*', Action: '*' },
      'AssumeRole policy may only specify STS AssumeRole actions.',
    ],
  ])('refuses what only a trust policy forbids: %j', (statement, message) => {
    expect(failure(trust(statement))).toEqual({ code: 'MalformedPolicyDocument', message });
  });

  it('accepts any STS action, in any case', () => {
    expect(() =>
      validateTrustPolicy(
        trust({
          Effect: 'Allow',
          Principal: {
            Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
          },
          Action: ['sts:AssumeRoleWithWebIdentity', 'STS:TagSession'],
        }),
      ),
    ).not.toThrow();
  });

  it('answers LimitExceeded beyond the 2,048-character trust policy quota, white space not counted', () => {
    const principals = (n: number) =>
      Array.from({ length: n }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:root`);
    const sized = (n: number) =>
      trust({ Effect: 'Allow', Principal: { AWS: principals(n) }, Action: 'sts:AssumeRole' });
    let n = 1;
    while (sized(n + 1).length <= TrustPolicySizeLimit) n += 1;
    expect(() => validateTrustPolicy(sized(n))).not.toThrow();
    expect(() => validateTrustPolicy(JSON.stringify(JSON.parse(sized(n)), null, 8))).not.toThrow();
    const error = failure(sized(n + 1));
    expect(error).toEqual({ code: 'LimitExceeded', message: expect.stringMatching(/2048/) });
  });

  it('answers ValidationError naming the field for an empty document or disallowed characters', () => {
    expect(failure('', 'policyDocument')).toEqual({
      code: 'ValidationError',
      message: expect.stringContaining('policyDocument'),
    });
    expect(failure(trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Sid: 'Ā' })).code).toBe(
      'ValidationError',
    );
  });
});
