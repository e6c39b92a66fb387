import { compileArnPattern, MATCH, NO_MATCH, UNRESOLVED, arnAccount } from './arn-match';
import { compileGlob } from './wildcard';
import { parseCidr, ipInAny, parseIpv6 } from '../conditions/ip-address';
import { parseTemplate } from '../conditions/policy-variables';
import { toInstant } from '../conditions/condition-values';
import { request } from '../testing/policy-test-kit';

describe('globs', () => {
  test.each<[string, string, boolean]>([
    ['*', '', true],
    ['a*', 'a', true],
    ['*a', 'ba', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['**', 'x', true],
    ['*ab*ab*', 'xxabyyab', true],
    ['', '', true],
    ['a', 'A', false],
  ])('%s ~ %s = %s', (pattern, text, expected) => {
    expect(compileGlob(pattern)(text)).toBe(expected);
  });
});

describe('ARN patterns (per-segment wildcards, as in the Resource element page)', () => {
  const req = request('s3:GetObject', '*');
  test.each<[string, string, number]>([
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b:c', MATCH],
    ['arn:aws:iam::*:user/*', 'arn:aws:iam::111122223333:user/a', MATCH],
    ['arn:aws:iam::*:user/*', 'arn:aws:iam::111122223333:role/a', NO_MATCH],
    ['arn:*:iam::111122223333:*', 'arn:aws-cn:iam::111122223333:user/x', MATCH],
    ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1', MATCH],
    ['arn:aws:ec2:us-*:*:instance/*', 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1', NO_MATCH],
    ['arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/alice/x', MATCH],
    ['arn:aws:s3:::b/${aws:PrincipalTag/none}/*', 'arn:aws:s3:::b/alice/x', UNRESOLVED],
    ['arn:aws:ec2:${aws:PrincipalTag/none}:*:instance/*', 'arn:aws:ec2:us-east-1:1:instance/i', UNRESOLVED],
    ['arn:aws:s3:::b', 'not-an-arn', NO_MATCH],
  ])('%s vs %s', (pattern, arn, expected) => {
    expect(compileArnPattern(pattern, true)(arn, req)).toBe(expected);
  });

  test('account segment', () => {
    expect(arnAccount('arn:aws:sqs:us-east-1:111122223333:q')).toBe('111122223333');
    expect(arnAccount('arn:aws:s3:::b')).toBeUndefined();
  });
});

describe('IP addresses', () => {
  test.each<[string, string, boolean]>([
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['192.0.2.0/32', '192.0.2.0', true],
    ['::/0', '2001:db8::1', true],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['::ffff:0:0/96', '::ffff:10.0.0.1', true],
    ['10.0.0.0/8', 'not-an-ip', false],
    ['10.0.0.0/8', '10.0.0', false],
    ['10.0.0.0/8', '10.0.0.256', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    const parsed = parseCidr(cidr);
    expect(parsed).toBeDefined();
    expect(ipInAny(ip, parsed ? [parsed] : [])).toBe(expected);
  });
  test.each(['1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', ':::'])('rejects IPv6 %s', (text) => {
    expect(parseIpv6(text)).toBeUndefined();
  });
});

describe('policy variable syntax', () => {
  test('default values, quotes and escapes', () => {
    const t = parseTemplate("a/${aws:PrincipalTag/team, 'it''s'}/${*}", { variables: true, wildcards: true });
    expect(t.variables.map((v) => [v.ref.name, v.defaultValue])).toEqual([['aws:PrincipalTag/team', "it's"]]);
    expect(t.parts).toEqual(['a/', t.variables[0], '/*']);
  });
  test('malformed variables stay literal', () => {
    expect(parseTemplate('${aws:username', { variables: true, wildcards: false }).malformed).toEqual([
      '${aws:username',
    ]);
    expect(parseTemplate('${nokey}', { variables: true, wildcards: false }).parts).toEqual(['${nokey}']);
  });
});

describe('instants', () => {
  test.each<[string | number, number]>([
    ['2020-04-01T00:00:00Z', Date.UTC(2020, 3, 1)],
    ['2020-04-01', Date.UTC(2020, 3, 1)],
    ['2020-04-01T02:00:00+0200', Date.UTC(2020, 3, 1)],
    ['2020-04-01T00:00:00.123Z', Date.UTC(2020, 3, 1) + 123],
    [1585699200, Date.UTC(2020, 3, 1)],
    ['1585699200', Date.UTC(2020, 3, 1)],
  ])('%s', (text, expected) => {
    expect(toInstant(text)).toBe(expected);
  });
  test.each(['2020-02-31T00:00:00Z', 'yesterday', '2020-13-01T00:00:00Z'])('rejects %s', (text) => {
    expect(toInstant(text)).toBeNaN();
  });
});
