import type { RequestContext } from '../evaluation/authorization-request';
import { conditionAllows } from '../testing/policy-test-kit';

// Cases from "IAM JSON policy elements: Condition operators"
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// and "Conditions with multiple context keys or values"
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html

type Case = [name: string, condition: object, context: RequestContext, expected: boolean];

const cases: Case[] = [
  // String operators
  [
    'StringEquals is case-sensitive (Condition element page: john vs John)',
    { StringEquals: { 'aws:username': 'john' } },
    { 'aws:username': 'John' },
    false,
  ],
  [
    'StringEquals matches exactly',
    { StringEquals: { 'aws:username': 'john' } },
    { 'aws:username': 'john' },
    true,
  ],
  [
    'StringEqualsIgnoreCase matches john and John',
    { StringEqualsIgnoreCase: { 'aws:username': 'john' } },
    { 'aws:username': 'John' },
    true,
  ],
  [
    'StringNotEquals true for another value',
    { StringNotEquals: { 'aws:username': 'john' } },
    { 'aws:username': 'mary' },
    true,
  ],
  [
    'StringNotEquals false for the value',
    { StringNotEquals: { 'aws:username': 'john' } },
    { 'aws:username': 'john' },
    false,
  ],
  [
    'StringNotEqualsIgnoreCase false for other case',
    { StringNotEqualsIgnoreCase: { 'aws:username': 'john' } },
    { 'aws:username': 'JOHN' },
    false,
  ],
  [
    'StringLike with * (job-category example)',
    { StringLike: { 'aws:PrincipalTag/job-category': 'iamuser-*' } },
    { 'aws:PrincipalTag/job-category': 'iamuser-admin' },
    true,
  ],
  [
    'StringLike with ? matches one character',
    { StringLike: { 's3:prefix': 'home/?' } },
    { 's3:prefix': 'home/a' },
    true,
  ],
  [
    'StringLike with ? does not match two',
    { StringLike: { 's3:prefix': 'home/?' } },
    { 's3:prefix': 'home/ab' },
    false,
  ],
  [
    'StringLike is case-sensitive',
    { StringLike: { 's3:prefix': 'Home/*' } },
    { 's3:prefix': 'home/x' },
    false,
  ],
  [
    'StringNotLike true when nothing matches',
    { StringNotLike: { 's3:prefix': ['home/*', 'tmp/*'] } },
    { 's3:prefix': 'var/x' },
    true,
  ],
  [
    'StringNotLike false when one value matches (NOR)',
    { StringNotLike: { 's3:prefix': ['home/*', 'tmp/*'] } },
    { 's3:prefix': 'tmp/x' },
    false,
  ],
  [
    'multiple values of one key are ORed',
    { StringEquals: { 'aws:username': ['john', 'mary'] } },
    { 'aws:username': 'mary' },
    true,
  ],
  [
    'multiple keys are ANDed',
    { StringEquals: { 'aws:username': 'john', 'aws:PrincipalTag/team': 'a' } },
    { 'aws:username': 'john', 'aws:PrincipalTag/team': 'b' },
    false,
  ],
  [
    'multiple operators are ANDed',
    { StringEquals: { 'aws:username': 'john' }, Bool: { 'aws:SecureTransport': 'true' } },
    { 'aws:username': 'john', 'aws:SecureTransport': false },
    false,
  ],
  [
    'context key names are case-insensitive (aws:SourceIP vs AWS:SourceIp)',
    { IpAddress: { 'aws:SourceIP': '203.0.113.0/24' } },
    { 'AWS:SourceIp': '203.0.113.9' },
    true,
  ],
  [
    'a missing key makes a condition false',
    { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } },
    {},
    false,
  ],
  [
    'a missing key makes a negated condition true (StringNotLike)',
    { StringNotLike: { 'aws:PrincipalTag/dept': 'x*' } },
    {},
    true,
  ],
  [
    'a missing key makes a negated ARN condition true (ArnNotLike)',
    { ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:x' } },
    {},
    true,
  ],
  [
    'numbers in context compare as strings for String operators',
    { StringEquals: { 'ec2:Count': '5' } },
    { 'ec2:Count': 5 },
    true,
  ],

  // Numeric
  [
    'NumericLessThanEquals (s3:max-keys example)',
    { NumericLessThanEquals: { 's3:max-keys': '10' } },
    { 's3:max-keys': '10' },
    true,
  ],
  [
    'NumericLessThanEquals rejects a larger value',
    { NumericLessThanEquals: { 's3:max-keys': '10' } },
    { 's3:max-keys': 11 },
    false,
  ],
  [
    'NumericEquals compares numerically (10 vs 10.0)',
    { NumericEquals: { 'x:n': '10' } },
    { 'x:n': '10.0' },
    true,
  ],
  ['NumericNotEquals', { NumericNotEquals: { 'x:n': ['1', '2'] } }, { 'x:n': 3 }, true],
  ['NumericLessThan', { NumericLessThan: { 'x:n': 5 } }, { 'x:n': 4.5 }, true],
  ['NumericGreaterThan', { NumericGreaterThan: { 'x:n': 5 } }, { 'x:n': 5 }, false],
  ['NumericGreaterThanEquals', { NumericGreaterThanEquals: { 'x:n': 5 } }, { 'x:n': 5 }, true],
  [
    'a non-numeric context value never satisfies a Numeric operator',
    { NumericNotEquals: { 'x:n': 5 } },
    { 'x:n': 'abc' },
    false,
  ],

  // Date
  [
    'DateLessThan on aws:CurrentTime (2020-04-01 example)',
    { DateLessThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' } },
    { 'aws:CurrentTime': '2020-03-31T23:59:59Z' },
    true,
  ],
  [
    'DateLessThan false after the date',
    { DateLessThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' } },
    { 'aws:CurrentTime': '2020-04-01T00:00:00Z' },
    false,
  ],
  [
    'DateGreaterThan with epoch seconds in the policy',
    { DateGreaterThan: { 'aws:EpochTime': '1585699200' } },
    { 'aws:EpochTime': 1585699201 },
    true,
  ],
  [
    'Date operators accept a date without time',
    { DateGreaterThanEquals: { 'aws:CurrentTime': '2020-04-01' } },
    { 'aws:CurrentTime': '2020-04-01T00:00:00Z' },
    true,
  ],
  [
    'Date operators honour offsets',
    { DateEquals: { 'aws:CurrentTime': '2020-04-01T02:00:00+02:00' } },
    { 'aws:CurrentTime': '2020-04-01T00:00:00Z' },
    true,
  ],
  [
    'DateNotEquals',
    { DateNotEquals: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' } },
    { 'aws:CurrentTime': '2020-04-02T00:00:00Z' },
    true,
  ],
  [
    'DateLessThanEquals',
    { DateLessThanEquals: { 'aws:TokenIssueTime': '2020-04-01T00:00:00Z' } },
    { 'aws:TokenIssueTime': '2020-04-01T00:00:00Z' },
    true,
  ],
  [
    'DateGreaterThanEquals with ISO in context and epoch in policy',
    { DateGreaterThanEquals: { 'aws:CurrentTime': 1585699200 } },
    { 'aws:CurrentTime': '2020-04-01T00:00:00Z' },
    true,
  ],

  // Bool
  [
    'Bool aws:SecureTransport true',
    { Bool: { 'aws:SecureTransport': 'true' } },
    { 'aws:SecureTransport': true },
    true,
  ],
  [
    'Bool with string context value',
    { Bool: { 'aws:SecureTransport': 'true' } },
    { 'aws:SecureTransport': 'true' },
    true,
  ],
  [
    'Bool mismatch',
    { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    { 'aws:MultiFactorAuthPresent': false },
    false,
  ],
  [
    'Bool on a missing key is false (MFA example: use BoolIfExists)',
    { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
    {},
    false,
  ],
  [
    'BoolIfExists on a missing key is true',
    { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    {},
    true,
  ],

  // Binary
  [
    'BinaryEquals compares base-64 values',
    { BinaryEquals: { 'x:key': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } },
    { 'x:key': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' },
    true,
  ],
  [
    'BinaryEquals mismatch',
    { BinaryEquals: { 'x:key': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } },
    { 'x:key': 'AAAA' },
    false,
  ],

  // IP address
  [
    'IpAddress 203.0.113.0/24 (IP example)',
    { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    { 'aws:SourceIp': '203.0.113.17' },
    true,
  ],
  [
    'IpAddress outside the block',
    { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    { 'aws:SourceIp': '203.0.114.1' },
    false,
  ],
  [
    'IpAddress single host without prefix',
    { IpAddress: { 'aws:SourceIp': '192.0.2.1' } },
    { 'aws:SourceIp': '192.0.2.1' },
    true,
  ],
  [
    'IpAddress with IPv6 block (2001:DB8:1234:5678::/64 example)',
    { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } },
    { 'aws:SourceIp': '2001:db8:1234:5678::1' },
    true,
  ],
  [
    'IpAddress IPv6 outside the block',
    { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } },
    { 'aws:SourceIp': '2001:db8:1234:5679::1' },
    false,
  ],
  [
    'NotIpAddress true outside the blocks',
    { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } },
    { 'aws:SourceIp': '198.51.100.4' },
    true,
  ],
  [
    'NotIpAddress false inside',
    { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } },
    { 'aws:SourceIp': '192.0.2.200' },
    false,
  ],
  [
    'IpAddress /0 matches every IPv4',
    { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } },
    { 'aws:SourceIp': '8.8.8.8' },
    true,
  ],

  // ARN
  [
    'ArnLike aws:SourceArn (SNS topic example)',
    { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:REGION:123456789012:TOPIC-ID' } },
    { 'aws:SourceArn': 'arn:aws:sns:REGION:123456789012:TOPIC-ID' },
    true,
  ],
  [
    'ArnEquals accepts wildcards per segment like ArnLike',
    { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:*' } },
    { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:t' },
    true,
  ],
  [
    'ArnLike * in a segment does not cross a colon',
    { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:t' } },
    { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:t' },
    false,
  ],
  [
    'ArnNotEquals',
    { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Admin' } },
    { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Dev' },
    true,
  ],
  [
    'ArnNotLike false on a match',
    { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin*' } },
    { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/AdminX' },
    false,
  ],
  [
    'ArnLike case-sensitive',
    { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:Topic' } },
    { 'aws:SourceArn': 'arn:aws:sns:r:1:topic' },
    false,
  ],

  // Null
  [
    'Null true: key must be absent (aws:TokenIssueTime example)',
    { Null: { 'aws:TokenIssueTime': 'true' } },
    {},
    true,
  ],
  [
    'Null true fails when present',
    { Null: { 'aws:TokenIssueTime': 'true' } },
    { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' },
    false,
  ],
  [
    'Null false: key must be present',
    { Null: { 'aws:TokenIssueTime': 'false' } },
    { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' },
    true,
  ],
  ['Null false fails when absent', { Null: { 'aws:TokenIssueTime': 'false' } }, {}, false],
  [
    'Null treats an empty multi-valued key as absent',
    { Null: { 'aws:TagKeys': 'true' } },
    { 'aws:TagKeys': [] },
    true,
  ],

  // …IfExists
  [
    'StringLikeIfExists on a missing key is true (ec2:InstanceType example)',
    { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } },
    {},
    true,
  ],
  [
    'StringLikeIfExists on a present key checks it',
    { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } },
    { 'ec2:InstanceType': 'c5.large' },
    false,
  ],
  ['NumericLessThanIfExists present', { NumericLessThanIfExists: { 'x:n': 3 } }, { 'x:n': 2 }, true],
  ['IpAddressIfExists missing', { IpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' } }, {}, true],
  ['ArnLikeIfExists missing', { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:s3:::x' } }, {}, true],
  ['DateLessThanIfExists missing', { DateLessThanIfExists: { 'aws:CurrentTime': '2020-01-01' } }, {}, true],

  // Set operators (multi-valued keys)
  [
    'ForAllValues:StringEquals all request tag keys allowed (aws:TagKeys example)',
    { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } },
    { 'aws:TagKeys': ['environment'] },
    true,
  ],
  [
    'ForAllValues:StringEquals fails with an unlisted key',
    { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } },
    { 'aws:TagKeys': ['environment', 'owner'] },
    false,
  ],
  [
    'ForAllValues is true when the key is missing',
    { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment'] } },
    {},
    true,
  ],
  [
    'ForAllValues is true for an empty set',
    { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment'] } },
    { 'aws:TagKeys': [] },
    true,
  ],
  [
    'ForAnyValue:StringEquals one match suffices',
    { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } },
    { 'aws:TagKeys': ['owner', 'environment'] },
    true,
  ],
  [
    'ForAnyValue:StringEquals no match',
    { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } },
    { 'aws:TagKeys': ['owner'] },
    false,
  ],
  [
    'ForAnyValue is false when the key is missing',
    { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } },
    {},
    false,
  ],
  [
    'ForAnyValue is false for an empty set',
    { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } },
    { 'aws:TagKeys': [] },
    false,
  ],
  [
    'ForAnyValue:StringEqualsIfExists is true when missing',
    { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['environment'] } },
    {},
    true,
  ],
  [
    'ForAnyValue:StringNotEquals true when some value is unlisted',
    { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a'] } },
    { 'aws:TagKeys': ['a', 'b'] },
    true,
  ],
  [
    'ForAllValues:StringNotEquals true when no value is listed',
    { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['a'] } },
    { 'aws:TagKeys': ['b', 'c'] },
    true,
  ],
  [
    'ForAllValues:StringNotEquals false when one value is listed',
    { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['a'] } },
    { 'aws:TagKeys': ['b', 'a'] },
    false,
  ],
  [
    'ForAllValues:StringLike',
    { 'ForAllValues:StringLike': { 'aws:TagKeys': ['team-*'] } },
    { 'aws:TagKeys': ['team-a', 'team-b'] },
    true,
  ],
  [
    'set operator names are case-insensitive',
    { 'forallvalues:stringequals': { 'aws:TagKeys': ['x'] } },
    { 'aws:TagKeys': ['x'] },
    true,
  ],
];

describe('condition operators', () => {
  test.each(cases)('%s', (_name, condition, context, expected) => {
    expect(conditionAllows(condition, context)).toBe(expected);
  });
});
