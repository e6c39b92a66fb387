import type { ContextScalar, ContextValue } from '../evaluation/authorization-request';
import { conditionAllows } from '../testing/policy-test-kit';

/**
 * Every negated operator treats a context value it cannot compare (text that is no number, date,
 * IP address or ARN; a boolean where text is expected) like the positive operator does: the
 * condition is false. AWS documents only the missing-key case ("If the key that you specify in a
 * policy condition is not present in the request context, the values do not match", Condition
 * operators page) — the negated operators are then true, as tested here too; the README lists the
 * unparsable-value rule among the divergences.
 */
type Row = [
  operator: string,
  key: string,
  policyValue: string,
  outside: string,
  inside: string,
  unparsable: ContextScalar[],
];

const rows: Row[] = [
  ['StringNotEquals', 'x:name', 'alice', 'bob', 'alice', []],
  ['StringNotEqualsIgnoreCase', 'x:name', 'alice', 'bob', 'ALICE', []],
  ['StringNotLike', 'x:name', 'al*', 'bob', 'alice', []],
  ['NumericNotEquals', 's3:max-keys', '10', '11', '10', ['ten', '', true]],
  [
    'DateNotEquals',
    'aws:CurrentTime',
    '2026-01-01T00:00:00Z',
    '2026-01-02T00:00:00Z',
    '2026-01-01T00:00:00Z',
    ['tomorrow', '2026-13-01T00:00:00Z', false],
  ],
  [
    'NotIpAddress',
    'aws:SourceIp',
    '10.0.0.0/8',
    '192.0.2.1',
    '10.1.2.3',
    ['not-an-ip', '10.0.0', '::g', '', true],
  ],
  [
    'ArnNotEquals',
    'aws:SourceArn',
    'arn:aws:sqs:*:111122223333:q',
    'arn:aws:sqs:us-east-1:444455556666:q',
    'arn:aws:sqs:us-east-1:111122223333:q',
    ['not-an-arn', 'arn:aws:sqs:q', true],
  ],
  [
    'ArnNotLike',
    'aws:SourceArn',
    'arn:aws:sqs:*:111122223333:*',
    'arn:aws:sqs:us-east-1:444455556666:q',
    'arn:aws:sqs:us-east-1:111122223333:q',
    ['not-an-arn', 'arn:aws:sqs:q', 5],
  ],
];

describe('negated condition operators', () => {
  describe.each(rows)('%s', (operator, key, policyValue, outside, inside, unparsable) => {
    const holds = (value: ContextValue | undefined, op = operator) =>
      conditionAllows({ [op]: { [key]: policyValue } }, value === undefined ? {} : { [key]: value });

    test('true for a comparable value outside the policy values', () => {
      expect(holds(outside)).toBe(true);
    });
    test('false for a value the positive operator matches', () => {
      expect(holds(inside)).toBe(false);
    });
    test('true when the key is missing (the values do not match)', () => {
      expect(holds(undefined)).toBe(true);
    });
    // Every string is a comparable value for the String operators: they have no such row.
    if (unparsable.length === 0) return;
    test.each(unparsable.map((v) => [JSON.stringify(v), v] as const))(
      'false, like the positive operator, for a value it cannot compare: %s',
      (_shown, value) => {
        expect(holds(value)).toBe(false);
        const positive = operator.replace('NotIpAddress', 'IpAddress').replace('Not', '');
        expect(holds(value, positive)).toBe(false);
        expect(holds([outside, value])).toBe(false);
      },
    );
  });
});
