import { compileArnPattern, MATCH, NO_MATCH } from './arn-match';
import { evaluate } from '../evaluation/evaluate';
import { validatePolicy } from '../validation/validate-policy';
import { doc, request, setOf } from '../testing/policy-test-kit';

// IAM JSON policy elements: Resource, "Using wildcards in resource ARNs"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
// "You can use wildcard characters (* and ?) within the individual segments of an ARN (the parts
// separated by colons) ... You can use multiple * or ? characters in each segment. If the * wildcard
// is the last character of a resource ARN segment, it can expand to match beyond the colon
// boundaries." and "You can't use a wildcard in the service segment that identifies the AWS product."

const req = request('sqs:SendMessage', '*');
const matches = (pattern: string, arn: string) => compileArnPattern(pattern, true)(arn, req) === MATCH;

describe('short resource ARNs: a trailing * reaches beyond the colons', () => {
  test.each<[string, string, boolean]>([
    ['arn:aws:sqs:*', 'arn:aws:sqs:us-east-1:111122223333:q', true],
    ['arn:aws:sqs:*', 'arn:aws:sns:us-east-1:111122223333:q', false],
    ['arn:aws:s3:*', 'arn:aws:s3:::bucket/a/b:c', true],
    ['arn:aws:dynamodb:*', 'arn:aws:dynamodb:eu-west-1:111122223333:table/t/index/i', true],
    ['arn:aws:sqs:us-*', 'arn:aws:sqs:us-east-1:111122223333:q', true],
    ['arn:aws:sqs:us-*', 'arn:aws:sqs:eu-west-1:111122223333:q', false],
    ['arn:aws:sqs:us-east-1:*', 'arn:aws:sqs:us-east-1:111122223333:q', true],
    ['arn:aws:sqs:us-east-1:1111*', 'arn:aws:sqs:us-east-1:111122223333:q', true],
    ['arn:aws:sqs:us-east-1:2222*', 'arn:aws:sqs:us-east-1:111122223333:q', false],
    ['arn:*:sqs:*', 'arn:aws-cn:sqs:cn-north-1:111122223333:q', true],
    // Only a trailing * expands: a short pattern that ends in text lines up with no ARN.
    ['arn:aws:sqs:us-east-1', 'arn:aws:sqs:us-east-1:111122223333:q', false],
    ['arn:aws:sqs:us-east-1:111122223333', 'arn:aws:sqs:us-east-1:111122223333:q', false],
    ['arn:aws:sqs:us-east-?', 'arn:aws:sqs:us-east-1:111122223333:q', false],
    // A six-part pattern keeps its parts: a * inside the region does not reach into the account.
    ['arn:aws:s3:::bucket*', 'arn:aws:s3:::bucket-2/key/with/slashes', true],
    ['arn:aws:iam::*:user/admin/*', 'arn:aws:iam::111122223333:user/p:user/admin/x', false],
  ])('%s ~ %s = %s', (pattern, arn, expected) => {
    expect(matches(pattern, arn)).toBe(expected);
  });

  test('validation accepts them, and an Allow on arn:aws:sqs:* grants a queue', () => {
    const text = doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:*' });
    expect(validatePolicy(text, { type: 'identity', kind: 'managed' }).errors).toEqual([]);
    const set = setOf({ identity: [text] });
    expect(evaluate(request('sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:q'), set).allowed).toBe(
      true,
    );
  });

  test('a Deny on arn:aws:s3:* denies every object', () => {
    const set = setOf({
      identity: [
        doc([
          { Effect: 'Allow', Action: 's3:*', Resource: '*' },
          { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:*' },
        ]),
      ],
    });
    expect(evaluate(request('s3:GetObject', 'arn:aws:s3:::b/k'), set).decision).toBe('ExplicitDeny');
  });

  test('variables in a short pattern resolve before matching', () => {
    const matcher = compileArnPattern('arn:aws:sqs:${aws:RequestedRegion}*', true);
    const r = request('sqs:SendMessage', '*', { 'aws:RequestedRegion': 'us-east-1' });
    expect(matcher('arn:aws:sqs:us-east-1:111122223333:q', r)).toBe(MATCH);
    expect(matcher('arn:aws:sqs:eu-west-1:111122223333:q', r)).toBe(NO_MATCH);
  });
});

/**
 * Reference: the documented rule written as one regular expression over the whole ARN. In the
 * first five parts `*` and `?` stay within their part, except a `*` that ends the last part of a
 * short pattern, which may match anything (colons too); in the sixth part (the resource id, which
 * may contain colons) they match anything. A short pattern without that trailing `*` matches nothing.
 */
function reference(pattern: string, arn: string): boolean {
  const parts = pattern.split(':');
  const head = parts.slice(0, 5);
  const short = parts.length < 6;
  if (short && !pattern.endsWith('*')) return false;
  const escape = (t: string) => t.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  const inPart = (p: string) => escape(p).replace(/\*/g, '[^:]*').replace(/\?/g, '[^:]');
  const anywhere = (p: string) => escape(p).replace(/\*/g, '.*').replace(/\?/g, '.');
  let source: string;
  if (short) {
    const last = head[head.length - 1];
    source = [...head.slice(0, -1).map(inPart), inPart(last.slice(0, -1)) + '.*'].join(':');
  } else {
    source = [...head.map(inPart), anywhere(parts.slice(5).join(':'))].join(':');
  }
  return new RegExp(`^${source}$`, 's').test(arn);
}

describe('property: the matcher agrees with the whole-string reference', () => {
  // A small deterministic generator (no dependency): parts drawn from a few shapes.
  let seed = 20261202;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pick = <T>(xs: readonly T[]) => xs[next(xs.length)];
  const arnParts = [
    ['arn'],
    ['aws', 'aws-cn'],
    ['sqs', 's3'],
    ['', 'us-east-1', 'eu-west-1'],
    ['', '111122223333', '444455556666'],
  ];
  const resourceIds = ['q', 'b/k', 'b/a:b/c', 'log-group:x:log-stream:y', 'user/admin/x'];
  const patternPart = (values: readonly string[]) =>
    pick([...values, '*', '?*', 'u*', '*1', 'us-*-1', '?', ''].filter((v) => v !== undefined));

  test('10,000 random pattern/ARN pairs', () => {
    for (let i = 0; i < 10_000; i++) {
      const arn = [...arnParts.map(pick), pick(resourceIds)].join(':');
      const length = 3 + next(4); // 3 to 6 parts
      const parts = ['arn', pick(['aws', '*', 'aws-cn']), pick(['sqs', 's3'])];
      for (let p = 3; p < length; p++) {
        parts.push(
          p === 5 ? pick([...resourceIds, '*', 'b/*', '*:y', 'user/*/x', 'b/?/c']) : patternPart(arnParts[p]),
        );
      }
      if (length < 6 && next(2) === 0) parts[parts.length - 1] += '*';
      const pattern = parts.join(':');
      expect([pattern, arn, matches(pattern, arn)]).toEqual([pattern, arn, reference(pattern, arn)]);
    }
  });
});
