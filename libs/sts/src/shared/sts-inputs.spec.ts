import { randomBytes } from 'node:crypto';
import { roleSessionDuration } from '../assume-role/assume-role';
import { packedPolicySize, validateSessionPolicy } from './session-policies';
import { parseRoleArn } from './sts-arns';
import { requireSessionName, requireTransitiveKeys, sessionDuration, sessionTags } from './sts-inputs';

const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? 'thrown';
  }
};

describe('STS input rules', () => {
  it.each([
    ['ab', 'ok'],
    ['a', 'ValidationError'],
    ['x'.repeat(64), 'ok'],
    ['x'.repeat(65), 'ValidationError'],
    ['name with space', 'ValidationError'],
    ['a+b=c,d.e@f-g_h', 'ok'],
  ])('session name %j: %s', (name, expected) => {
    expect(code(() => requireSessionName(name))).toBe(expected);
  });

  it('parses role ARNs with paths and refuses anything else', () => {
    expect(parseRoleArn('arn:aws:iam::111122223333:role/ops/Deployer')).toEqual({
      accountId: '111122223333',
      path: '/ops/',
      roleName: 'Deployer',
    });
    for (const bad of ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::1111:role/X', 'role/Deployer'])
      expect(code(() => parseRoleArn(bad))).toBe('ValidationError');
  });

  it('caps durations by the role, and chained sessions at one hour, with AWS’s messages', () => {
    expect(roleSessionDuration(undefined, 7200, false)).toBe(3600);
    expect(roleSessionDuration(7200, 7200, false)).toBe(7200);
    expect(() => roleSessionDuration(7201, 7200, false)).toThrow(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    expect(() => roleSessionDuration(3601, 43_200, true)).toThrow(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    expect(code(() => roleSessionDuration(899, 3600, false))).toBe('ValidationError');
    expect(code(() => roleSessionDuration(43_201, 43_200, false))).toBe('ValidationError');
    expect(code(() => roleSessionDuration(1000.5, 3600, false))).toBe('ValidationError');
    expect(sessionDuration(undefined, { min: 900, max: 3600, default: 43_200 })).toBe(3600);
  });

  it('keeps session tag keys unique case-insensitively and transitive keys among them', () => {
    expect(sessionTags([{ key: 'team', value: 'blue' }])).toEqual({ team: 'blue' });
    expect(
      code(() =>
        sessionTags([
          { key: 'Team', value: 'a' },
          { key: 'team', value: 'b' },
        ]),
      ),
    ).toBe('ValidationError');
    expect(code(() => sessionTags([{ key: 'aws:x', value: 'a' }]))).toBe('ValidationError');
    expect(requireTransitiveKeys(['TEAM'], { team: 'blue' })).toEqual(['team']);
    expect(code(() => requireTransitiveKeys(['project'], { team: 'blue' }))).toBe('ValidationError');
  });

  it('validates session policies and their packed size', () => {
    const small =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}';
    expect(code(() => validateSessionPolicy(small))).toBe('ok');
    expect(code(() => validateSessionPolicy('{"Statement":[]}'))).toBe('MalformedPolicyDocument');
    expect(code(() => validateSessionPolicy(' '.repeat(2049)))).toBe('ValidationError');
    const percent = packedPolicySize({ policy: small, policyArns: [], tags: {} });
    expect(percent).toBeGreaterThan(0);
    expect(percent).toBeLessThan(10);
    const noisy: Record<string, string> = {};
    for (let i = 0; i < 50; i++) noisy[`k${i}`] = randomBytes(60).toString('base64');
    expect(code(() => packedPolicySize({ policy: small, policyArns: [], tags: noisy }))).toBe(
      'PackedPolicyTooLarge',
    );
  });
});
