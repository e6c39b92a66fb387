import { IamError } from './iam-error';
import { pathParameterRules } from './path-parameters';

function message(name: string, value: string): string | undefined {
  try {
    pathParameterRules[name](name, value);
    return undefined;
  } catch (error) {
    return (error as IamError).message;
  }
}

describe('path parameter rules', () => {
  it('refuse a NUL byte in a name with AWS’s wording', () => {
    expect(message('userName', 'a\u0000b')).toBe(
      "1 validation error detected: Value 'a\u0000b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    for (const name of ['groupName', 'roleName', 'policyName', 'accessKeyId', 'serialNumber', 'versionId']) {
      expect(message(name, 'AKIAAAAAAAAAAAAAAAA\u0000')).toMatch(
        /^1 validation error detected: .* at '\w+' failed/,
      );
    }
    expect(message('policyArn', 'arn:aws:iam::123456789012:policy/a\u0000')).toMatch(
      /regular expression pattern/,
    );
  });

  it('accept what AWS accepts', () => {
    expect(message('userName', 'alice.smith+ops@example.com')).toBeUndefined();
    expect(message('roleName', 'a'.repeat(64))).toBeUndefined();
    expect(message('roleName', 'a'.repeat(65))).toMatch(/length less than or equal to 64/);
    expect(message('policyArn', 'arn:aws:iam::aws:policy/service-role/AWSLambdaRole')).toBeUndefined();
    expect(message('serialNumber', 'arn:aws:iam::123456789012:mfa/a:b/phone')).toBeUndefined();
    expect(message('versionId', 'v12')).toBeUndefined();
    expect(message('accessKeyId', 'AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
  });
});
